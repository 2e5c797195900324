"""Reads of claims; scope applied here, once: the claims of participants of the
programmes the user sees, in the regencies/cities they work for."""

from django.db.models import Count, QuerySet, Sum

from jaring.claims.models import JenisKlaim, Klaim, LaporanKlaim
from jaring.contributions.models import Tagihan
from jaring.programs.queries import programs_for, regency_scope


def claims_for(user) -> QuerySet[Klaim]:
    scope = regency_scope(user)
    scoped = Klaim.objects.filter(peserta__program__in=programs_for(user))
    if scope:
        scoped = scoped.filter(peserta__in=_participants(user))
    return scoped.select_related("peserta", "peserta__person", "peserta__program")


def _participants(user):
    from jaring.enrollment.models import Peserta

    return Peserta.objects.filter(regency_scope(user)).values("id")


def summary_by_type(user) -> list[dict]:
    """Claims count and amount paid per type (every type listed, zero when none)."""
    rows = {
        r["jenis"]: r
        for r in claims_for(user).values("jenis").annotate(n=Count("id"), jumlah=Sum("jumlah"))
    }
    return [
        {"jenis": value, "label": label, "n": rows.get(value, {}).get("n", 0),
         "jumlah": rows.get(value, {}).get("jumlah") or 0}
        for value, label in JenisKlaim.choices
    ]  # fmt: skip


def contributions_paid(user) -> int:
    """Contributions paid by the programmes the user sees (for claims per rupiah)."""
    return (
        Tagihan.objects.filter(program__in=programs_for(user)).aggregate(s=Sum("dibayar"))["s"] or 0
    )


def reports() -> QuerySet[LaporanKlaim]:
    """Claim report imports (counts and file names; no identities)."""
    return LaporanKlaim.objects.select_related("imported_by")
