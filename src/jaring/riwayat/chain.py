"""The tamper-evident chain over the change history.

Each entry's hash is ``sha256(previous hash + canonical JSON of the entry as stored)``:
the entry is read back from the database before hashing, so what is hashed is exactly
what ``verify`` will read later (IPv6 spelling, JSON key order and time zone as the
database returns them). Writers are serialised: on PostgreSQL by a transaction-level
advisory lock taken before the chain's head is read (held to commit, so history-writing
transactions queue behind each other from their first entry on); on SQLite the entry's
own INSERT has already taken the database's single write lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction

GENESIS = "0" * 64
# A fixed key for pg_advisory_xact_lock: "jaring riwayat" as a 63-bit number.
LOCK_KEY = 0x4A52_4957_4159_4154
FIELDS = (
    "id", "content_type__app_label", "content_type__model", "object_pk", "object_repr",
    "action", "changes", "changes_text", "actor_id", "remote_addr", "timestamp",
    "additional_data",
)  # fmt: skip


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def digest(previous: str, row: dict) -> str:
    """The hash of one entry (a row of ``FIELDS``) after ``previous``."""
    body = json.dumps(
        {key: _plain(row[key]) for key in FIELDS},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )  # fmt: skip
    return hashlib.sha256((previous + body).encode()).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def link(entries: Iterable) -> None:
    """Append saved entries to the chain, in the given order, in the caller's
    transaction (it must be inside one)."""
    from jaring.riwayat.models import Entri, Rantai

    ids = [e.pk for e in entries]
    if not ids:
        return
    assert transaction.get_connection().in_atomic_block
    _lock()
    head = Rantai.objects.order_by("-nomor").values_list("nomor", "hash").first()
    nomor, previous = head or (0, GENESIS)
    rows = {r["id"]: r for r in Entri.objects.filter(pk__in=ids).values(*FIELDS)}
    links = []
    for pk in ids:
        nomor += 1
        current = digest(previous, rows[pk])
        links.append(Rantai(entri_id=pk, nomor=nomor, hash_sebelumnya=previous, hash=current))
        previous = current
    Rantai.objects.bulk_create(links)


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding: the entry number (``nomor``, 0 when an entry has
    no chain row at all), the entry's id and what is wrong (a key of ``PROBLEMS``)."""

    nomor: int
    entri_id: int | None
    masalah: str


@dataclass(frozen=True)
class Checked:
    count: int
    head: str
    broken: Break | None


def _walk() -> Iterator[tuple[int, int, str, str, dict | None]]:
    from jaring.riwayat.models import Entri, Rantai

    links = Rantai.objects.order_by("nomor").values_list(
        "nomor", "entri_id", "hash_sebelumnya", "hash"
    )
    batch: list[tuple[int, int, str, str]] = []

    def flush():
        rows = {
            r["id"]: r for r in Entri.objects.filter(pk__in=[b[1] for b in batch]).values(*FIELDS)
        }
        for nomor, entri_id, before, own in batch:
            yield nomor, entri_id, before, own, rows.get(entri_id)

    for item in links.iterator(chunk_size=2000):
        batch.append(item)
        if len(batch) == 2000:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def verify() -> Checked:
    """Recompute the whole chain; the first break, if any."""
    from jaring.riwayat.models import Entri

    previous, count = GENESIS, 0
    for nomor, entri_id, before, own, row in _walk():
        if nomor != count + 1:
            return Checked(count, previous, Break(count + 1, None, "hilang"))
        if row is None:
            return Checked(count, previous, Break(nomor, entri_id, "hilang"))
        if before != previous:
            return Checked(count, previous, Break(nomor, entri_id, "sambungan"))
        if digest(previous, row) != own:
            return Checked(count, previous, Break(nomor, entri_id, "diubah"))
        previous, count = own, count + 1
    loose = Entri.objects.filter(rantai__isnull=True).order_by("pk").values_list("pk", flat=True)
    first_loose = loose.first()
    if first_loose is not None:
        return Checked(count, previous, Break(0, first_loose, "di_luar_rantai"))
    return Checked(count, previous, None)
