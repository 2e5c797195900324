"""Selection: who of the registry gets a programme's places, fairly and explainably.

One set-based pass, the same for ten persons or a million:

1. **Candidates** — persons domiciled in the programme's region, read in one bulk query
   (``bulk.read_frame``), then the facts the rules need, each read as the set of golden
   ids it holds and joined in Polars: actively covered by BPJS (``matching.queries``),
   already a beneficiary of another programme in overlapping months, in the poverty
   registry (DTKS), struck by a verifier.
2. **Eligibility** (Polars) — the first rule a person fails is their reason: struck,
   age at the first month of cover, occupation, active BPJS participant, other
   programme. Everyone else is eligible.
3. **Priority** — a score, the sum of the weights the programme gives (poverty registry,
   occupation risk, low income, age, each full year in the registry), and a rank within
   the regency/city: higher score first, then whoever entered the registry earlier, then
   the lower id. So the same inputs always give the same list. In a renewed programme
   (``pendahulu``) the predecessor's active beneficiaries rank first and are not
   excluded as "already active" (``enrollment.renewal`` re-checks them).
4. **Allocation** — places = the total quota, lowered to what the budget ceiling pays
   for (``capacity``); split over regencies/cities by fixed quotas, or in proportion to
   eligible workers or to the labour force, by largest remainder, never more places to a
   regency than it has eligible workers (except fixed quotas, which stay as set).
5. **Outcome** — every candidate gets a ``Seleksi`` row with the reason; the eligible
   within their regency's quota are ``terpilih``, the others ``daftar_tunggu``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jaring.bulk import analyze, bulk_insert, read_frame
from jaring.core import dates
from jaring.core.apportion import largest_remainder
from jaring.core.months import months_between
from jaring.events import Topic, announce
from jaring.matching.queries import actively_covered
from jaring.programs import history, tariffs
from jaring.programs.models import (
    Aksi,
    Alasan,
    Alokasi,
    Dtks,
    KuotaWilayah,
    Penerima,
    Pengecualian,
    Program,
    RiwayatProgram,
    Seleksi,
    StatusProgram,
    VerifikasiWilayah,
)
from jaring.registry.models import Person
from jaring.wilayah import queries as wilayah_queries
from jaring.wilayah.models import Tingkat, Wilayah
from jaring.wilayah.queries import prefix_range

CANDIDATE_SCHEMA = {
    "id": pl.Int64,
    "tanggal_lahir": pl.Date,
    "kode_wilayah": pl.Utf8,
    "pekerjaan": pl.Utf8,
    "penghasilan": pl.Int64,
    "terdaftar": pl.Date,
}


class SelectionError(ValueError):
    """The programme cannot be selected as it stands; the message says what to fix."""


@dataclass
class SelectionSummary:
    candidates: int
    eligible: int
    selected: int
    capacity: int
    quotas: dict[str, int]
    reasons: dict[str, int]
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "kandidat": self.candidates,
            "memenuhi_syarat": self.eligible,
            "terpilih": self.selected,
            "kapasitas": self.capacity,
            "kuota": self.quotas,
            "alasan": self.reasons,
            "detik": round(self.seconds, 2),
        }


def cost_per_worker(program: Program, first: dt.date | None = None) -> int:
    """What one participant costs over the programme, in whole rupiah: the sum of each
    month's iuran at the tariff in force that month, from ``first`` (a month of the
    programme, for a participant registered late; its first month by default) to its
    last month. The base rate, before any tariff adjustment: relief depends on each
    worker's sector, so for a ceiling it is the safe upper bound."""
    start = first or program.bulan_mulai
    months = tariffs.for_months(
        start,
        months_between(start, program.bulan_akhir),
        program.penghasilan_dilaporkan,
        with_jht=program.dengan_jht,
    )
    return sum(iuran.total for _month, iuran in months)


def capacity(program: Program) -> int:
    """Places the programme can fund: its quota, lowered to what the ceiling pays for."""
    if program.pagu_anggaran is None:
        return program.kuota_total
    return min(program.kuota_total, program.pagu_anggaran // cost_per_worker(program))


def regencies(program: Program) -> list[str]:
    """The regencies/cities a programme covers (its own code for a city programme)."""
    if len(program.wilayah_id) == 5:
        return [program.wilayah_id]
    return list(
        Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA, induk_id=program.wilayah_id)
        .order_by("kode")
        .values_list("kode", flat=True)
    )


def overlapping_programs(program: Program) -> list[int]:
    """Other approved programmes whose months overlap this one's (few rows: in Python)."""
    start, end = program.bulan_mulai, program.bulan_akhir
    others = Program.objects.exclude(pk=program.pk).exclude(status=StatusProgram.DRAF)
    return [
        other.pk
        for other in others.only("pk", "bulan_mulai", "jumlah_bulan")
        if other.bulan_mulai <= end and other.bulan_akhir >= start
    ]


def candidates(program: Program, *, as_of: dt.date, only: int | None = None) -> pl.DataFrame:
    """Every golden person domiciled in the programme's region (or just golden person
    ``only``, when one worker's case is looked at again), with the facts the rules
    use. A fact about a person merged into a golden record (their NIK in DTKS or in the
    membership file, their place on another list) counts for the golden record.

    Each fact is its own set-based read of golden ids (a join the database hashes),
    joined to the candidates here: one query with a correlated ``EXISTS`` per fact and
    an ``OR`` for merged records would be planned as a nested loop over a million rows.
    """
    persons = (
        Person.objects.golden()
        .filter(prefix_range(program.wilayah_id, "wilayah"))
        .filter(**({"pk": only} if only is not None else {}))
        .order_by()
        .values_list(
            "id", "tanggal_lahir", "wilayah_id", "pekerjaan_id", "penghasilan", "created_at"
        )
    )
    frame = read_frame(persons, CANDIDATE_SCHEMA)
    others = overlapping_programs(program) if program.kecualikan_program_lain else []
    active_list = Penerima.objects.filter(amandemen_keluar__isnull=True)
    facts = {
        "aktif_bpjs": _golden(Person.objects.filter(actively_covered(as_of)))
        if program.kecualikan_peserta_aktif
        else None,
        "program_lain": _golden(active_list.filter(program_id__in=others), via="person__")
        if others
        else None,
        "dtks": _golden(Person.objects.filter(nik__in=Dtks.objects.values("nik"))),
        "dicoret": _golden(Pengecualian.objects.filter(program=program), via="person__"),
        # On the predecessor's active list: renewal keeps their place (their active
        # BPJS membership is that programme's own; enrollment.renewal re-checks them
        # and strikes who died, moved or took a wage job).
        "lanjutan": _golden(active_list.filter(program_id=program.pendahulu_id), via="person__")
        if program.pendahulu_id
        else None,
    }
    return frame.with_columns(
        (pl.col("id").is_in(ids.implode()) if ids is not None else pl.lit(False)).alias(name)
        for name, ids in facts.items()
    )


def _golden(rows, *, via: str = "") -> pl.Series:
    """The golden ids of the persons ``rows`` name (``via`` reaches the person from a
    row that is not one): a merged person counts for the record it was merged into."""
    golden = rows.order_by().values_list(Coalesce(f"{via}merged_into_id", f"{via}id"))
    return read_frame(golden, {"id": pl.Int64}).get_column("id").unique()


def evaluate(program: Program, persons: pl.DataFrame) -> pl.DataFrame:
    """Reason (null = eligible), score and rank within the regency of every candidate."""
    start = program.bulan_mulai
    age = dates.age_on(pl.col("tanggal_lahir"), start)
    too_young = age < program.usia_min if program.usia_min is not None else pl.lit(False)
    too_old = age > program.usia_maks if program.usia_maks is not None else pl.lit(False)
    allowed = list(program.pekerjaan_sasaran.values_list("kode", flat=True))
    wrong_work = ~pl.col("pekerjaan").is_in(allowed) if allowed else pl.lit(False)
    reason = (
        pl.when(pl.col("dicoret"))
        .then(pl.lit(Alasan.DICORET.value))
        .when(too_young | too_old)
        .then(pl.lit(Alasan.USIA.value))
        .when(wrong_work)
        .then(pl.lit(Alasan.PEKERJAAN.value))
        .when(pl.col("aktif_bpjs") & ~pl.col("lanjutan"))
        .then(pl.lit(Alasan.PESERTA_AKTIF.value))
        .when(pl.col("program_lain"))
        .then(pl.lit(Alasan.PROGRAM_LAIN.value))
        .otherwise(None)
    )
    full_years_waiting = (
        ((pl.lit(start) - pl.col("terdaftar")).dt.total_days() // 365).clip(0).cast(pl.Int64)
    )
    weights = {k: int(v) for k, v in (program.bobot_pekerjaan or {}).items()}
    low_income = (
        pl.col("penghasilan").is_not_null() & (pl.col("penghasilan") <= program.batas_penghasilan)
        if program.batas_penghasilan is not None
        else pl.lit(False)
    )
    older = age >= program.usia_prioritas if program.usia_prioritas is not None else pl.lit(False)
    score = (
        pl.when(pl.col("dtks")).then(program.bobot_dtks).otherwise(0)
        + pl.col("pekerjaan").replace_strict(weights, default=0, return_dtype=pl.Int64)
        + pl.when(low_income).then(program.bobot_penghasilan).otherwise(0)
        + pl.when(older).then(program.bobot_usia).otherwise(0)
        + full_years_waiting * program.bobot_per_tahun_menunggu
    )
    frame = persons.with_columns(
        kode_kabupaten=pl.col("kode_wilayah").str.slice(0, 5),
        alasan=reason,
        skor=score.cast(pl.Int64),
    ).sort(["lanjutan", "skor", "terdaftar", "id"], descending=[True, True, False, False])
    eligible = pl.col("alasan").is_null()
    return frame.with_columns(
        peringkat=pl.when(eligible).then(eligible.cast(pl.Int64).cum_sum().over("kode_kabupaten"))
    )


def allocate(program: Program, eligible: dict[str, int]) -> dict[str, int]:
    """Places per regency/city (every regency of the programme is a key)."""
    places = capacity(program)
    keys = regencies(program)
    eligible = {k: eligible.get(k, 0) for k in keys}
    if program.alokasi == Alokasi.TETAP:
        set_quotas = dict(
            program.kuota_wilayah.filter(kuota_tetap__isnull=False).values_list(
                "wilayah_id", "kuota_tetap"
            )
        )
        fixed = {k: set_quotas.get(k) or 0 for k in keys}
        if sum(fixed.values()) <= places:
            return fixed
        return largest_remainder(places, fixed, caps=fixed)
    if program.alokasi == Alokasi.PROPORSIONAL_AK:
        weights = labour_force(program, keys)
    else:
        weights = eligible
    return largest_remainder(places, weights, caps=eligible)


def labour_force(program: Program, keys: list[str]) -> dict[str, int]:
    """Each regency's labour force in the programme's first year, or the latest year
    BPS published before it."""
    latest = wilayah_queries.labour_force(program.bulan_mulai.year, keys)
    missing = [k for k in keys if k not in latest]
    if missing:
        raise SelectionError(
            _(
                "Alokasi sebanding angkatan kerja membutuhkan data angkatan kerja BPS untuk "
                "%(wilayah)s (tahun %(tahun)s atau sebelumnya). Impor data angkatan kerja "
                "terlebih dahulu atau pilih cara alokasi lain."
            )
            % {"wilayah": ", ".join(missing), "tahun": program.bulan_mulai.year}
        )
    return {k: latest[k][0] for k in keys}


def outcome(frame: pl.DataFrame, quota: dict[str, int]) -> pl.DataFrame:
    """``terpilih`` and the final reason for every evaluated candidate."""
    within = pl.col("peringkat") <= pl.col("kode_kabupaten").replace_strict(
        quota, default=0, return_dtype=pl.Int64
    )
    selected = pl.col("alasan").is_null() & within.fill_null(False)
    decided = frame.with_columns(terpilih=selected).with_columns(
        alasan=pl.when(pl.col("terpilih"))
        .then(pl.lit(Alasan.TERPILIH.value))
        .otherwise(pl.col("alasan").fill_null(Alasan.DAFTAR_TUNGGU.value))
    )
    # The results page's order: by regency/city, the eligible by rank, the rest by score.
    return decided.sort(
        ["kode_kabupaten", pl.col("peringkat").is_null(), "peringkat", "skor", "id"],
        descending=[False, False, False, True, False],
    ).with_row_index("urutan", offset=1)


@transaction.atomic
def run_selection(
    program: Program, *, user=None, as_of: dt.date | None = None, progress=None
) -> SelectionSummary:
    """Evaluate, allocate and store the outcome for every candidate, replacing the
    programme's previous selection. Only a draft programme can be selected; a
    regency whose selected list changed loses its verification. ``progress(percent,
    message)`` is told each step (the background job shows it)."""
    report = progress or (lambda percent, message: None)
    started = timezone.now()
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.terkunci:
        raise SelectionError(
            _("Program sudah disetujui; daftar penerima hanya dapat diubah melalui amandemen.")
        )
    as_of = as_of or timezone.localdate()
    report(5, _("Membaca calon penerima"))
    frame = candidates(program, as_of=as_of)
    report(40, f"Menilai {frame.height} calon penerima")
    frame = evaluate(program, frame)
    eligible_by_region = dict(
        frame.filter(pl.col("alasan").is_null()).group_by("kode_kabupaten").len().iter_rows()
    )
    quota = allocate(program, eligible_by_region)
    frame = outcome(frame, quota)

    report(60, _("Menyimpan hasil seleksi"))
    before = _selected_by_region(program)
    Seleksi.objects.filter(program=program).delete()
    bulk_insert(
        Seleksi._meta.db_table,
        ["program_id", "person_id", "terpilih", "alasan", "skor", "peringkat", "dtks",
         "kode_kabupaten", "urutan"],
        frame.select(
            pl.lit(program.pk, pl.Int64), "id", "terpilih", "alasan", "skor", "peringkat", "dtks",
            "kode_kabupaten", "urutan",
        ),
    )  # fmt: skip
    analyze(Seleksi._meta.db_table)
    selected = frame.filter(pl.col("terpilih"))
    selected_by_region = dict(selected.group_by("kode_kabupaten").len().iter_rows())
    reasons_by_region: dict[str, dict[str, int]] = {}
    for kode, alasan, count in frame.group_by("kode_kabupaten", "alasan").len().iter_rows():
        reasons_by_region.setdefault(kode, {})[alasan] = count
    _store_quotas(program, quota, eligible_by_region, selected_by_region, reasons_by_region)
    _drop_stale_verifications(program, before, selected, user)

    reasons = dict(frame.group_by("alasan").len().sort("alasan").iter_rows())
    summary = SelectionSummary(
        candidates=frame.height,
        eligible=sum(eligible_by_region.values()),
        selected=selected.height,
        capacity=capacity(program),
        quotas=quota,
        reasons=reasons,
    )
    program.seleksi_pada = timezone.now()
    program.perlu_seleksi_ulang = False
    program.save(update_fields=["seleksi_pada", "perlu_seleksi_ulang", "updated_at"])
    summary.seconds = (program.seleksi_pada - started).total_seconds()
    RiwayatProgram.objects.create(
        program=program,
        aksi=Aksi.SELEKSI,
        created_by=user,
        **history.stored(
            {
                "pesan": "seleksi",
                "n": summary.candidates,
                "eligible": summary.eligible,
                "selected": summary.selected,
                "capacity": summary.capacity,
            }
        ),
    )
    announce(Topic.PROGRAMME)  # quota use and the pipeline's programme stages
    return summary


def _selected_by_region(program: Program) -> pl.DataFrame:
    rows = Seleksi.objects.filter(program=program, alasan=Alasan.TERPILIH).values_list(
        "kode_kabupaten", "person_id"
    )
    return read_frame(rows, {"kode_kabupaten": pl.Utf8, "id": pl.Int64})


def _store_quotas(program, quota, eligible, selected, reasons) -> None:
    existing = {k.wilayah_id: k for k in program.kuota_wilayah.all()}
    rows = []
    for kode, places in quota.items():
        row = existing.get(kode) or KuotaWilayah(program=program, wilayah_id=kode)
        row.kuota, row.memenuhi_syarat, row.terpilih = (
            places,
            eligible.get(kode, 0),
            selected.get(kode, 0),
        )
        row.alasan = reasons.get(kode, {})
        rows.append(row)
    KuotaWilayah.objects.bulk_create([r for r in rows if r.pk is None])
    KuotaWilayah.objects.bulk_update(
        [r for r in rows if r.pk is not None], ["kuota", "memenuhi_syarat", "terpilih", "alasan"]
    )


def _drop_stale_verifications(program, before: pl.DataFrame, selected: pl.DataFrame, user):
    """A verification holds for the list the verifier saw: a regency whose selected
    persons changed (added or dropped) must verify again."""
    after = selected.select("kode_kabupaten", "id")
    keys = ["kode_kabupaten", "id"]
    changed = set(
        pl.concat(
            [before.join(after, on=keys, how="anti"), after.join(before, on=keys, how="anti")]
        )
        .get_column("kode_kabupaten")
        .unique()
    )
    stale = list(program.verifikasi.filter(wilayah_id__in=changed))
    for verification in stale:
        RiwayatProgram.objects.create(
            program=program,
            aksi=Aksi.VERIFIKASI_GUGUR,
            created_by=user,
            **history.stored({"pesan": "verifikasi_gugur", "wilayah": verification.wilayah_id}),
        )
    VerifikasiWilayah.objects.filter(pk__in=[v.pk for v in stale]).delete()
