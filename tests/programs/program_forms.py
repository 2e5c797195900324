"""Submitted data of the programme form (``forms.ProgramEditor``) for the tests: every
field with its prefix, as the browser sends it."""

from jaring.wilayah.queries import kabupaten_kota


def form_data(*, regions=None, kuota=None, pendana=None, pekerjaan=(), **overrides) -> dict:
    """A valid Samarinda programme unless overridden. ``regions`` are the codes the
    fixed-quota table lists (default: Kaltim's ten), ``kuota`` their fixed quotas."""
    program = {
        "kode": "SMD-2027",
        "nama": "Perlindungan Pekerja Rentan Kota Samarinda 2027",
        "dasar_hukum_jenis": "perwali",
        "dasar_hukum_nomor": "7 Tahun 2026",
        "dasar_hukum_tanggal": "2026-10-01",
        "wilayah": "64.72",
        "bulan_mulai": "2027-01",
        "jumlah_bulan": "12",
        "paket_manfaat": "jkk_jkm",
        "penghasilan_dilaporkan": "",
        "kuota_total": "100",
        "alokasi": "proporsional_eligible",
        "pagu_anggaran": "",
        "usia_min": "18",
        "usia_maks": "60",
        "kecualikan_peserta_aktif": "on",
        "kecualikan_program_lain": "on",
        "bobot_dtks": "40",
        "batas_penghasilan": "2000000",
        "bobot_penghasilan": "15",
        "usia_prioritas": "",
        "bobot_usia": "0",
        "bobot_per_tahun_menunggu": "5",
        "risiko_nelayan": "30",
        "risiko_ojek": "20",
    }
    program.update(overrides)  # None leaves the field out, as an unchecked box
    data = {f"program-{k}": str(v) for k, v in program.items() if v is not None}
    data["program-pekerjaan_sasaran"] = list(pekerjaan)
    for kode, share in (pendana or {"apbd_kabkota": "100"}).items():
        data[f"pendana-{kode}"] = str(share)
    codes = regions if regions is not None else [r.kode for r in kabupaten_kota("64")]
    data.update({"kuota-TOTAL_FORMS": str(len(codes)), "kuota-INITIAL_FORMS": "0"})
    for i, kode in enumerate(codes):
        data[f"kuota-{i}-kode"] = kode
        data[f"kuota-{i}-kuota_tetap"] = str((kuota or {}).get(kode, ""))
    return data


def querydict(data: dict):
    """``data`` as ``request.POST`` would hold it (lists become repeated keys)."""
    from django.http import QueryDict

    result = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            result.setlist(key, value)
        else:
            result[key] = value
    return result
