"""The access log page's reads: its filters, and the objects its rows name.

The log keeps each object as a short key (``pekerja:2714``, ``pengajuan:PJ-2026-000017``,
``program:KALTIM-2026``, a batch number ``REG-…``, ``pencarian``). The page reads them
for a person: the worker's name with the NIK as the reader's role may see it, the
programme's name, the submission's agency. The rows of one page are named with one
query per kind of object.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jaring.accounts.models import AccessLog, User
from jaring.accounts.policy import sees_full_identity
from jaring.core.masking import mask_nik

# kind → (label, how its keys start)
KINDS = {
    "pekerja": (gettext_lazy("Pekerja"), "pekerja:"),
    "pengajuan": (gettext_lazy("Pengajuan"), "pengajuan:"),
    "program": (gettext_lazy("Program"), "program:"),
    "batch": (gettext_lazy("Batch pendaftaran BPJS"), "REG-"),
    "pencarian": (gettext_lazy("Pencarian"), ""),
}
SEARCH_TARGETS = ("pencarian", "api:pencarian")


@dataclass
class LogFilter:
    user: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str = ""

    @classmethod
    def from_query(cls, query) -> "LogFilter":
        user = query.get("pengguna", "")
        kind = query.get("jenis", "")
        return cls(
            user=int(user) if user.isdigit() else None,
            since=_date(query.get("dari", "")),
            until=_date(query.get("sampai", "")),
            kind=kind if kind in KINDS else "",
        )

    def querystring(self) -> str:
        parts = {
            "pengguna": self.user or "",
            "dari": self.since.isoformat() if self.since else "",
            "sampai": self.until.isoformat() if self.until else "",
            "jenis": self.kind,
        }
        return "&".join(f"{key}={value}" for key, value in parts.items() if value)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def filtered(entries: QuerySet[AccessLog], criteria: LogFilter) -> QuerySet[AccessLog]:
    if criteria.user:
        entries = entries.filter(user_id=criteria.user)
    if criteria.since:
        entries = entries.filter(at__date__gte=criteria.since)
    if criteria.until:
        entries = entries.filter(at__date__lte=criteria.until)
    if criteria.kind == "pencarian":
        entries = entries.filter(target__in=SEARCH_TARGETS)
    elif criteria.kind:
        entries = entries.filter(target__startswith=KINDS[criteria.kind][1])
    return entries


def users_in_log() -> QuerySet[User]:
    return User.objects.filter(
        pk__in=AccessLog.objects.filter(user__isnull=False).values("user_id")
    ).order_by("username")


def kind_of(target: str) -> str:
    if target in SEARCH_TARGETS:
        return "pencarian"
    for kind, (_label, prefix) in KINDS.items():
        if prefix and target.startswith(prefix):
            return kind
    return ""


def name_objects(entries: list[AccessLog], reader) -> None:
    """Sets ``object_name`` (and ``kind_label``) on each entry: what its target names,
    in words; the raw key when the object no longer exists."""
    from jaring.enrollment.models import BatchPendaftaran
    from jaring.intake.models import Submission
    from jaring.programs.models import Program
    from jaring.registry.models import Person

    keys: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for entry in entries:
        kind = kind_of(entry.target)
        if kind:
            keys[kind].add(entry.target.removeprefix(KINDS[kind][1]))
    full = sees_full_identity(reader)
    names: dict[tuple[str, str], str] = {}
    person_ids = [int(k) for k in keys["pekerja"] if k.isdigit()]
    for pk, nik, nama in Person.objects.filter(pk__in=person_ids).values_list("pk", "nik", "nama"):
        names["pekerja", str(pk)] = f"{nama} ({nik if full else mask_nik(nik)})"
    submissions = Submission.objects.filter(nomor__in=keys["pengajuan"])
    for nomor, agency in submissions.values_list("nomor", "agency__nama"):
        names["pengajuan", nomor] = _("%(nomor)s dari %(instansi)s") % {
            "nomor": nomor,
            "instansi": agency,
        }
    # Programmes are logged by code, and (by older pages) by id.
    program_keys = keys["program"]
    ids = [int(k) for k in program_keys if k.isdigit()]
    programs = Program.objects.filter(Q(kode__in=program_keys) | Q(pk__in=ids))
    for pk, kode, nama in programs.values_list("pk", "kode", "nama"):
        names["program", kode] = names["program", str(pk)] = f"{nama} ({kode})"
    batches = BatchPendaftaran.objects.filter(nomor__in=[f"REG-{k}" for k in keys["batch"]])
    for nomor, program in batches.values_list("nomor", "program__nama"):
        names["batch", nomor.removeprefix("REG-")] = _("%(nomor)s, program %(program)s") % {
            "nomor": nomor,
            "program": program,
        }
    for entry in entries:
        kind = kind_of(entry.target)
        key = entry.target.removeprefix(KINDS[kind][1]) if kind else entry.target
        entry.kind_label = KINDS[kind][0] if kind else ""  # type: ignore[attr-defined]
        if kind == "pencarian":
            label = _("Pencarian lewat API") if entry.target.startswith("api:") else _("Pencarian")
            entry.object_name = label  # type: ignore[attr-defined]
        else:
            entry.object_name = names.get((kind, key), entry.target)  # type: ignore[attr-defined]
