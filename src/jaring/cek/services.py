"""The worker's status check ("Cek perlindungan"), shared by the page and the API.

It is open to anyone on the internet, so it must reveal nothing to someone who does
not already hold both the NIK and the birth date, and must not serve to walk the
registry:

* every kind of mismatch (malformed input, unknown NIK, wrong birth date) gives the
  one answer ``NOT_FOUND`` (``registry.queries.person_by_identity`` draws no line
  between them either);
* a found person is told by initials, a masked KPJ and months, never by a full name,
  NIK or KPJ;
* each client address may check ``JARING_CEK["LIMIT"]`` times in
  ``["WINDOW_SECONDS"]``, counted from the access log (so the limit holds however many
  server processes answer); beyond it the check is refused (429) before it looks
  anything up, until the oldest of those checks leaves the window;
* every check is written to the access log with the NIK as a keyed hash
  (``accounts.audit.nik_log_detail``), the client address, and no user.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from jaring.accounts.audit import client_ip, log_access, nik_log_detail, too_often
from jaring.accounts.models import AccessAction
from jaring.cek.offices import CALL_CENTRE, branch_office
from jaring.cek.queries import Perlindungan, protection_of
from jaring.contributions.queries import MISSING_LABELS, STATUS_LABELS
from jaring.core.masking import initials, mask_kpj
from jaring.refusals import Refused
from jaring.registry.queries import person_by_identity


def complaint_path() -> str:
    """Where a worker files a complaint (the ``pengaduan`` app's worker form)."""
    return reverse("pengaduan_pekerja:file")


def not_found() -> dict:
    """The one answer for every mismatch."""
    return {
        "ditemukan": False,
        "pesan": _(
            "Data tidak ditemukan. Periksa lagi NIK (16 angka di KTP) dan tanggal lahir. "
            "Jika sudah benar, nama Anda belum ada di daftar pekerja. Tanyakan ke kantor "
            "desa atau kelurahan, atau ke Dinas Tenaga Kerja kabupaten/kota Anda."
        ),
    }


def check(request, nik: object, tanggal_lahir: object) -> dict:
    """Throttle, look up, log, answer. ``nik`` and ``tanggal_lahir`` are whatever the
    client sent (text ``YYYY-MM-DD`` or a ``date`` for the birth date); raises
    ``Refused(429)`` past the limit."""
    ip = client_ip(request)
    nik_text = nik.strip()[:32] if isinstance(nik, str) else ""
    _throttle(request, ip, nik_text)
    born = tanggal_lahir if isinstance(tanggal_lahir, dt.date | str) else None
    person = person_by_identity(nik_text, born) if born is not None else None
    if person is None:
        log_access(None, AccessAction.CEK, "cek", detail=nik_log_detail(nik_text), request=request)
        return not_found()
    protection = protection_of(person)
    log_access(
        None,
        AccessAction.CEK,
        f"pekerja:{person.pk}",
        detail=f"{nik_log_detail(nik_text)} status {protection.status}",
        request=request,
    )
    return answer(person.nama, protection)


def _throttle(request, ip: str | None, nik_text: str) -> None:
    limits = settings.JARING_CEK
    if not too_often(AccessAction.CEK, limits, ip=ip):
        return
    log_access(
        None, AccessAction.CEK_REFUSED, "cek", detail=nik_log_detail(nik_text), request=request
    )
    minutes = max(1, limits["WINDOW_SECONDS"] // 60)
    raise Refused(
        429,
        _(
            "Anda sudah mencoba terlalu sering. Demi keamanan data, tunggu %(minutes)s menit, "
            "lalu coba lagi."
        )
        % {"minutes": minutes},
        _("Terlalu sering mencoba"),
    )


def answer(nama: str, protection: Perlindungan) -> dict:
    """What a found worker is told (module docstring: nothing whole)."""
    program = protection.program
    return {
        "ditemukan": True,
        "status": protection.status,
        "status_label": status_label(protection.status),
        "program": program.nama if program else None,
        "berlaku_sampai": protection.berlaku_sampai.strftime("%Y-%m")
        if protection.berlaku_sampai
        else None,
        "kpj": mask_kpj(protection.kpj) or None,
        "nama": initials(nama),
        "kantor_bpjs": branch_office(protection.kode_kabupaten),
        "kurang": protection.kurang,
        "kurang_label": str(MISSING_LABELS[protection.kurang]) if protection.kurang else None,
        "langkah": steps(protection),
    }


def missing_step(status: str, kurang: str) -> str:
    """What an unpaid month lacks, when the worker pays a share themselves: the
    government's part, the worker's own, or both (``cek.queries.Perlindungan.kurang``)."""
    grace = status == "menunggak"
    if kurang == "pekerja":
        if grace:
            return _(
                "Porsi iuran yang Anda bayar sendiri untuk bulan lalu belum tercatat lunas di "
                "BPJS Ketenagakerjaan. Porsi pemerintah daerah sudah dibayar. Bayar porsi Anda "
                "sebelum masa tenggang habis agar tetap terlindungi."
            )
        return _(
            "Perlindungan Anda berhenti karena porsi iuran yang Anda bayar sendiri belum "
            "tercatat lunas di BPJS Ketenagakerjaan. Porsi pemerintah daerah sudah dibayar. "
            "Bayar porsi Anda di kantor BPJS Ketenagakerjaan atau tempat pembayaran resmi."
        )
    if kurang == "keduanya":
        return _(
            "Iuran belum lunas: porsi pemerintah daerah belum dibayar dan porsi yang Anda "
            "bayar sendiri juga belum tercatat lunas di BPJS Ketenagakerjaan."
        )
    if grace:
        return _(
            "Porsi iuran pemerintah daerah untuk bulan lalu belum dibayar. Anda masih "
            "terlindungi selama masa tenggang. Porsi Anda sendiri sudah tercatat lunas."
        )
    return _(
        "Perlindungan Anda berhenti karena porsi iuran pemerintah daerah belum dibayar. "
        "Porsi Anda sendiri sudah tercatat lunas. Tanyakan ke Dinas Tenaga Kerja "
        "kabupaten/kota Anda, atau buat pengaduan."
    )


def status_label(status: str) -> str:
    if status in STATUS_LABELS:
        return str(STATUS_LABELS[status])
    return _("Terdaftar, belum ikut program")


def steps(protection: Perlindungan) -> list[str]:
    """What to do now, in short plain sentences (Indonesian first; the catalogue holds
    the English)."""
    office = branch_office(protection.kode_kabupaten)
    status = protection.status
    said: list[str] = []
    if status == "aktif" and protection.porsi_pekerja:
        said.append(
            _(
                "Anda terlindungi. Iuran Anda dibayar bersama: sebagian oleh pemerintah "
                "daerah, sebagian oleh Anda sendiri."
            )
        )
    elif status == "aktif":
        said.append(_("Anda terlindungi. Iuran Anda dibayar oleh pemerintah daerah."))
    elif status in ("menunggak", "terputus") and protection.kurang:
        said.append(missing_step(status, protection.kurang))
    elif status == "menunggak":
        said.append(
            _(
                "Iuran bulan lalu belum dibayar oleh pemerintah daerah. Anda masih "
                "terlindungi selama masa tenggang. Anda tidak perlu membayar sendiri."
            )
        )
    elif status == "terputus":
        said.append(
            _(
                "Perlindungan Anda berhenti karena iurannya belum dibayar. Tanyakan ke "
                "Dinas Tenaga Kerja kabupaten/kota Anda, atau buat pengaduan."
            )
        )
    elif status == "berakhir":
        said.append(
            _(
                "Program perlindungan Anda sudah selesai. Kecelakaan atau kematian yang "
                "terjadi saat Anda masih terlindungi tetap dapat diklaim."
            )
        )
    elif status == "menunggu":
        said.append(
            _(
                "Nama Anda ada di daftar penerima. Pemerintah daerah sedang mendaftarkan Anda "
                "ke BPJS Ketenagakerjaan. Perlindungan mulai setelah Anda terdaftar. Periksa "
                "lagi bulan depan."
            )
        )
    elif status == "ditolak":
        said.append(
            _(
                "BPJS Ketenagakerjaan menolak pendaftaran Anda. Biasanya karena data KTP "
                "tidak sama dengan data kependudukan. Buat pengaduan agar petugas memeriksa "
                "data Anda."
            )
        )
    else:
        said.append(
            _(
                "Nama Anda ada di daftar pekerja, tetapi belum ikut program perlindungan. "
                "Anda dapat ikut seleksi program berikutnya."
            )
        )
    if status in ("aktif", "menunggak", "terputus", "berakhir"):
        said += [
            _(
                "Jika Anda celaka saat bekerja, atau di jalan ke tempat kerja atau pulang: "
                "berobatlah ke rumah sakit atau puskesmas terdekat. Katakan bahwa Anda "
                "peserta BPJS Ketenagakerjaan (jaminan sosial untuk pekerja). Lalu laporkan "
                "secepatnya ke %(kantor)s."
            )
            % {"kantor": office},
            _(
                "Jika peserta meninggal dunia, keluarganya (ahli waris) mengurus klaim santunan "
                "ke %(kantor)s. Bawa kartu peserta atau nomor KPJ (nomor peserta BPJS), KTP "
                "dan Kartu Keluarga ahli waris, dan surat keterangan kematian."
            )
            % {"kantor": office},
        ]
    said += [
        _(
            "Ingin mengadu atau tidak setuju dengan hasil ini? Isi formulir pengaduan di "
            "%(alamat)s, atau datang ke Dinas Tenaga Kerja kabupaten/kota Anda."
        )
        % {"alamat": complaint_path()},
        _("Pertanyaan tentang BPJS Ketenagakerjaan: telepon %(nomor)s.") % {"nomor": CALL_CENTRE},
    ]
    return [str(s) for s in said]
