"""A programme's rules and its next workflow step in plain sentences, so a manager, a
verifier or a member of the DPRD can read what the selection does without reading the
form it was set in."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jaring.programs.models import Program, StatusProgram
from jaring.registry.models import Pekerjaan


def eligibility(program: Program) -> list[str]:
    start = date_format(program.bulan_mulai, "j F Y")
    region = program.wilayah.nama
    sentences = [_("Berdomisili di %(wilayah)s menurut registri pekerja.") % {"wilayah": region}]
    low, high = program.usia_min, program.usia_maks
    if low is not None and high is not None:
        sentences.append(
            _("Berusia %(min)s sampai %(max)s tahun pada %(start)s.")
            % {"min": low, "max": high, "start": start}
        )
    elif low is not None:
        sentences.append(
            _("Berusia sedikitnya %(min)s tahun pada %(start)s.") % {"min": low, "start": start}
        )
    elif high is not None:
        sentences.append(
            _("Berusia paling tinggi %(max)s tahun pada %(start)s.") % {"max": high, "start": start}
        )
    labels = [p.label for p in program.pekerjaan_sasaran.order_by("urutan", "kode")]
    if labels:
        sentences.append(_("Bekerja sebagai: %(list)s.") % {"list": ", ".join(labels)})
    else:
        sentences.append(_("Semua pekerjaan dapat dipilih."))
    if program.kecualikan_peserta_aktif:
        sentences.append(_("Belum menjadi peserta aktif BPJS Ketenagakerjaan."))
    if program.kecualikan_program_lain:
        sentences.append(_("Tidak menerima program lain pada bulan yang sama."))
    sentences.append(_("Tidak dicoret oleh verifikator kabupaten/kota."))
    return sentences


def priority(program: Program) -> list[str]:
    sentences = []
    if program.bobot_dtks:
        sentences.append(
            _("+%(w)s bila terdaftar dalam DTKS/P3KE (rumah tangga miskin).")
            % {"w": program.bobot_dtks}
        )
    weights = {k: int(v) for k, v in (program.bobot_pekerjaan or {}).items() if int(v)}
    if weights:
        labels = dict(Pekerjaan.objects.filter(kode__in=weights).values_list("kode", "label"))
        parts = [
            f"+{w} {labels.get(k, k)}"
            for k, w in sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        ]
        sentences.append(_("Risiko pekerjaan: %(list)s.") % {"list": ", ".join(parts)})
    if program.bobot_penghasilan and program.batas_penghasilan is not None:
        sentences.append(
            _("+%(w)s bila penghasilan paling tinggi Rp %(batas)s per bulan.")
            % {"w": program.bobot_penghasilan, "batas": intcomma(program.batas_penghasilan)}
        )
    if program.bobot_usia and program.usia_prioritas is not None:
        sentences.append(
            _("+%(w)s bila berusia %(usia)s tahun atau lebih.")
            % {"w": program.bobot_usia, "usia": program.usia_prioritas}
        )
    if program.bobot_per_tahun_menunggu:
        sentences.append(
            _("+%(w)s untuk setiap tahun penuh menunggu di registri.")
            % {"w": program.bobot_per_tahun_menunggu}
        )
    if not sentences:
        sentences.append(_("Tidak ada bobot prioritas: semua yang memenuhi syarat setara."))
    sentences.append(
        _(
            "Skor sama: yang lebih dahulu terdaftar di registri didahulukan, lalu nomor "
            "registri yang lebih kecil. Hasilnya selalu sama untuk data yang sama."
        )
    )
    return sentences


def next_step(program: Program, unverified: list[str], names: dict[str, str]) -> str:
    """What happens next, and who does it."""
    if program.status == StatusProgram.DRAF:
        if program.seleksi_pada is None or program.perlu_seleksi_ulang:
            return _("Pengelola program menjalankan seleksi dengan aturan terbaru.")
        if unverified:
            regions = ", ".join(names.get(k, k) for k in unverified)
            return _("Verifikator kabupaten/kota memverifikasi daftarnya: %(list)s.") % {
                "list": regions
            }
        return _("Pengelola program menyetujui daftar penerima.")
    if program.status == StatusProgram.DISETUJUI:
        return _("Pengelola program mencatat penetapan SK (nomor dan tanggal).")
    if program.status == StatusProgram.DITETAPKAN:
        return _(
            "SK sudah ditetapkan. Perubahan daftar hanya melalui amandemen oleh pengelola program."
        )
    return _("Program sudah selesai.")
