"""The worker's door to complaints (no login): every request is written to the access
log — the NIK as a keyed hash (``accounts.audit.nik_log_detail``), never in clear —
and limited per client address to ``JARING_PENGADUAN["LIMIT"]`` requests in
``["WINDOW_SECONDS"]``, counted in the access log itself, so the limit holds across
processes and servers sharing the database. A refused attempt is logged too, so trying
in a loop stays refused."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from jaring.accounts.audit import client_ip, log_access, nik_log_detail, too_often
from jaring.accounts.models import AccessAction
from jaring.refusals import Refused


def admit(request, nik: str, target: str) -> None:
    """Log this request and refuse it (429) when its address asked too often."""
    limits = settings.JARING_PENGADUAN
    over = too_often(AccessAction.WORKER_COMPLAINT, limits, ip=client_ip(request))
    digits = "".join(ch for ch in (nik or "") if ch.isdigit())[:32]
    log_access(
        None,
        AccessAction.WORKER_COMPLAINT,
        target,
        detail=nik_log_detail(digits) + (" (ditolak: terlalu sering)" if over else ""),
        request=request,
    )
    if over:
        minutes = max(1, limits["WINDOW_SECONDS"] // 60)
        raise Refused(
            429,
            _("Terlalu sering mencoba. Tunggu %(minutes)s menit, lalu coba lagi.")
            % {"minutes": minutes},
            _("Terlalu sering"),
        )


def mismatch_message() -> str:
    """One answer for every kind of mismatch: unknown NIK, wrong birth date, malformed."""
    return _(
        "NIK dan tanggal lahir tidak cocok dengan data kami. Periksa lagi kartu tanda "
        "penduduk (KTP) Anda."
    )


def not_found_message() -> str:
    """One answer for an unknown complaint number and a wrong NIK alike."""
    return _("Pengaduan tidak ditemukan. Periksa nomor pengaduan dan NIK Anda.")
