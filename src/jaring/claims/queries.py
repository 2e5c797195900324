"""Reads of claims; scope applied here, once: the claims of participants of the
programmes the user sees, in the regencies/cities they work for."""

from typing import Any

from django.db.models import Count, QuerySet, Sum

from jaring.claims.models import JenisKlaim, Klaim, LaporanKlaim
from jaring.contributions.models import TagihanWilayah
from jaring.imports import in_region_of, openable_by
from jaring.programs.queries import programs_for, regency_scope


def claims_for(user) -> QuerySet[Klaim]:
    return (
        Klaim.objects.filter(peserta__program__in=programs_for(user))
        .filter(regency_scope(user, "peserta__kode_kabupaten"))
        .select_related("peserta", "peserta__person", "peserta__program")
    )


def summary_by_type(user) -> list[dict]:
    """Claims count and amount paid per type (every type listed, zero when none)."""
    rows: dict[str, Any] = {
        r["jenis"]: r
        for r in claims_for(user).values("jenis").annotate(n=Count("id"), jumlah=Sum("jumlah"))
    }
    return [
        {"jenis": value, "label": label, "n": rows.get(value, {}).get("n", 0),
         "jumlah": rows.get(value, {}).get("jumlah") or 0}
        for value, label in JenisKlaim.choices
    ]  # fmt: skip


def contributions_paid(user) -> int:
    """Contributions paid by the programmes the user sees, for the same regencies/cities
    as ``claims_for`` (claims per rupiah compares like with like)."""
    paid = TagihanWilayah.objects.filter(tagihan__program__in=programs_for(user)).filter(
        regency_scope(user)
    )
    return paid.aggregate(s=Sum("dibayar"))["s"] or 0


def reports(user) -> QuerySet[LaporanKlaim]:
    """Claim report imports made in the user's region (counts and file names; no
    identities), as ``imports.in_region_of``."""
    return LaporanKlaim.objects.filter(in_region_of(user)).select_related("imported_by")


def report_for(user, nomor: str) -> LaporanKlaim | None:
    """One report's result with the rows it refused (which quote the KPJ/NIK a row
    named): for whom may open it (``imports.openable_by``)."""
    return reports(user).filter(openable_by(user), nomor=nomor).first()
