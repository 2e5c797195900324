"""Which business records keep a change history, in one table.

django-auditlog writes an entry from the model's save and delete signals. Models are
named by label (no import of the apps: this low module must not reach up). Fields left
out are bookkeeping that changes with every write (``updated_at``), search keys derived
from other fields, and secrets (a user's password hash).

Signals do not fire for set-based writes (``QuerySet.update``, ``bulk_create``, raw
SQL). Those steps write their entries themselves through ``jaring.riwayat.services``:
see "Change history" in docs/architecture.md for which step writes what. Contribution
lines (``contributions.Iuran``) are never logged row by row: their invoice's entry
carries the totals.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps

TRACKED: dict[str, dict] = {
    # registry: persons and where they were named, agencies
    "registry.Person": {"exclude_fields": ["nama_kunci", "created_at", "updated_at"]},
    "registry.SourceRecord": {"exclude_fields": ["values_hash", "created_at"]},
    "registry.Agency": {"exclude_fields": ["created_at"]},
    # programmes and their rules, selections, lists and amendments, tariffs
    "programs.Program": {
        "exclude_fields": ["updated_at", "created_at"],
        "m2m_fields": {"pekerjaan_sasaran"},
    },
    "programs.ProgramPendana": {},
    "programs.KuotaWilayah": {"include_fields": ["kuota_tetap", "wilayah", "program"]},
    "programs.Pengecualian": {"exclude_fields": ["created_at"]},
    "programs.VerifikasiWilayah": {"exclude_fields": ["created_at"]},
    "programs.Amandemen": {"exclude_fields": ["created_at"]},
    "programs.Penerima": {},
    "programs.Tarif": {},
    "programs.PenyesuaianTarif": {},
    # participants, invoices, payments, claims
    "enrollment.Peserta": {"exclude_fields": ["updated_at"]},
    "enrollment.BatchPendaftaran": {"exclude_fields": ["created_at"]},
    "contributions.Tagihan": {"exclude_fields": ["updated_at", "created_at"]},
    "contributions.Pembayaran": {"exclude_fields": ["created_at"]},
    "claims.Klaim": {},
    # users and roles
    "accounts.User": {
        "exclude_fields": ["password", "last_login", "date_joined"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    "auth.Group": {"m2m_fields": {"permissions"}},
}


def register_all() -> None:
    for label, options in TRACKED.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, **options)
