"""The rules of a merge, written once for the single merge a verifier decides and for the
many merges a linkage run makes at once.

**Which person survives.** The golden record that more source records vouch for (its
own and those of persons already merged into it), then the one registered earlier, then
the smaller id. The record more offices have named keeps its identity, so a second
listing with a mistyped NIK folds into the first, never the other way round; the rule
depends only on the data, so the same pair always gives the same answer.

**What a merge writes.** The merged person points at the survivor (``merged_into``);
persons merged into the merged person earlier are moved to the survivor too, so
``merged_into`` always names a golden record and reads need no recursion. The
survivor's own values are left as they are and no source record moves: undoing restores
everything by pointers alone. The regency tally loses the merged person; undo gives it
back. All of it in the caller's transaction, under ``lock()``.

**Undo.** The merge records (``Merge``) form a forest; undoing one makes its merged
person golden again together with every person whose active merges lead to it.
"""

from collections.abc import Iterable

import polars as pl
from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr

from jaring.bulk import is_postgres
from jaring.matching.models import Merge, SurvivorReason
from jaring.registry.models import Person, SourceRecord
from jaring.registry.services import shift_regency_tally

# pg_advisory_xact_lock key: "JARING" + matching. Linkage runs, decisions and undos
# take it so that two of them never merge the same person at once. SQLite needs none:
# its write transactions are serialised (IMMEDIATE, settings.py).
LOCK_KEY = 0x4A4152494E47


def lock() -> None:
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def survivor_facts(persons: QuerySet[Person]) -> pl.DataFrame:
    """``id, sources, created_at, kabupaten`` of ``persons``, in survivor order."""
    own = (
        SourceRecord.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("id"))
        .values("n")
    )
    via = (
        SourceRecord.objects.filter(person__merged_into=OuterRef("pk"))
        .order_by()
        .values("person__merged_into")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = persons.annotate(
        own=Coalesce(Subquery(own), 0), via=Coalesce(Subquery(via), 0),
        kabupaten=Substr("wilayah_id", 1, 5),
    ).values_list("id", "own", "via", "created_at", "kabupaten")  # fmt: skip
    frame = pl.DataFrame(
        [(pk, own_n + via_n, created, kab) for pk, own_n, via_n, created, kab in rows],
        schema={"id": pl.Int64, "sources": pl.Int64, "created_at": pl.Datetime("us", "UTC"),
                "kabupaten": pl.Utf8},
        orient="row",
    )  # fmt: skip
    return frame.sort(["sources", "created_at", "id"], descending=[True, False, False])


def reason(survivor: dict, other: dict) -> str:
    """Which step of the rule decided (a ``SurvivorReason``)."""
    if survivor["sources"] != other["sources"]:
        return SurvivorReason.SOURCES
    if survivor["created_at"] != other["created_at"]:
        return SurvivorReason.EARLIER
    return SurvivorReason.LOWER_ID


def merge_one(*, survivor_id: int, merged_id: int, kabupaten: str) -> None:
    """Point ``merged_id`` (golden) and everything merged into it at ``survivor_id``."""
    Person.objects.filter(merged_into_id=merged_id).update(merged_into_id=survivor_id)
    Person.objects.filter(pk=merged_id, merged_into__isnull=True).update(merged_into_id=survivor_id)
    shift_regency_tally({kabupaten: -1})


def merge_many(run_id: int) -> dict[str, int]:
    """Apply every merge of linkage run ``run_id`` (already in the ``Merge`` table), set
    based; returns the persons taken off the tally per regency. The merged persons are
    golden (the run checked that under the lock)."""
    run_id = int(run_id)
    person = Person._meta.db_table
    merge = Merge._meta.db_table
    of_run = f"SELECT merged_id FROM {merge} WHERE run_id = {run_id}"
    with connection.cursor() as cursor:
        # Persons merged into a merged person before: on to its survivor.
        cursor.execute(
            f"""
            UPDATE {person} SET merged_into_id = (
                SELECT m.survivor_id FROM {merge} m
                WHERE m.run_id = {run_id} AND m.merged_id = {person}.merged_into_id)
            WHERE merged_into_id IN ({of_run})
            """
        )
        cursor.execute(
            f"""
            UPDATE {person} SET merged_into_id = (
                SELECT m.survivor_id FROM {merge} m
                WHERE m.run_id = {run_id} AND m.merged_id = {person}.id)
            WHERE id IN ({of_run})
            """
        )
        cursor.execute(
            f"""
            SELECT substr(p.kode_wilayah, 1, 5), count(*) FROM {person} p
            WHERE p.id IN ({of_run}) GROUP BY substr(p.kode_wilayah, 1, 5)
            """
        )
        removed = dict(cursor.fetchall())
    shift_regency_tally({kode: -n for kode, n in removed.items()})
    return removed


def subtree(merged_id: int) -> list[int]:
    """Persons whose active merges lead to ``merged_id`` (not itself), level by level:
    a chain of merges is a few levels deep at most."""
    found: list[int] = []
    frontier: Iterable[int] = [merged_id]
    while frontier:
        frontier = list(
            Merge.objects.filter(survivor_id__in=frontier, undone_at__isnull=True).values_list(
                "merged_id", flat=True
            )
        )
        found.extend(frontier)
    return found


def unmerge(merge: Merge) -> None:
    """Make ``merge.merged`` golden again with its own subtree (the merge record is
    marked undone by the caller before this runs, so it no longer counts as active)."""
    Person.objects.filter(pk__in=subtree(merge.merged_id)).update(merged_into_id=merge.merged_id)
    Person.objects.filter(pk=merge.merged_id).update(merged_into_id=None)
    kabupaten = Person.objects.filter(pk=merge.merged_id).values_list("wilayah_id", flat=True)[0]
    shift_regency_tally({kabupaten[:5]: 1})
