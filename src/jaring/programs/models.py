"""Programmes and the reference data they are priced with."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.core.months import add_months
from jaring.programs.history import note
from jaring.records import Recorded
from jaring.registry.models import Sektor


class Tarif(models.Model):
    """BPU (informal worker) contribution rates in force from a date.

    Rates change by regulation, so they are versioned reference data, never constants:
    the rate applied to a month is the row with the latest ``berlaku_mulai`` on or
    before that month.
    """

    berlaku_mulai = models.DateField(_("berlaku mulai"), unique=True)
    jkk_persen = models.DecimalField(_("JKK (% penghasilan)"), max_digits=6, decimal_places=3)
    jkm_rupiah = models.PositiveBigIntegerField(_("JKM (Rp per bulan)"))
    jht_persen = models.DecimalField(
        _("JHT (% penghasilan, sukarela)"), max_digits=6, decimal_places=3, default=0
    )
    penghasilan_minimum = models.PositiveBigIntegerField(
        _("penghasilan minimum yang dilaporkan (Rp)")
    )
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=300)

    class Meta:
        verbose_name = _("tarif iuran BPU")
        verbose_name_plural = _("tarif iuran BPU")
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jkk_persen__gte=0, jht_persen__gte=0),
                name="tarif_persen_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"Tarif BPU sejak {self.berlaku_mulai:%d-%m-%Y}"


class DasarHukum(models.TextChoices):
    INPRES = "inpres", _("Instruksi Presiden")
    PERDA = "perda", _("Peraturan Daerah")
    PERGUB = "pergub", _("Peraturan Gubernur")
    PERWALI = "perwali", _("Peraturan Wali Kota")
    PERBUP = "perbup", _("Peraturan Bupati")
    SK = "sk", _("Surat Keputusan")


class Pendana(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBD_KABKOTA = "apbd_kabkota", _("APBD kabupaten/kota")
    APBD_P = "apbd_p", _("APBD Perubahan")
    CSR = "csr", _("CSR perusahaan")
    ZAKAT = "zakat", _("Zakat (BAZNAS)")
    MANDIRI = "mandiri", _("Mandiri (dibayar pekerja)")


# Funders that are the state's budget (APBN, APBD and its revision). The one definition
# every rule reads: PP 50/2025 excludes participants whose JKK/JKM the state pays.
PENDANA_NEGARA = frozenset(
    {Pendana.APBN, Pendana.APBD_PROVINSI, Pendana.APBD_KABKOTA, Pendana.APBD_P}
)


class PenyesuaianTarif(models.Model):
    """A temporary adjustment of the BPU tariff: for contribution months
    ``bulan_pertama``..``bulan_terakhir`` (inclusive), a cut of ``potongan_persen`` of
    JKK+JKM (JHT untouched) on the lines of the funders it applies to, for workers of
    ``sektor`` (blank: every sector).

    A funder is covered when ``pendana_berlaku`` is empty or lists it, and
    ``pendana_dikecualikan`` does not list it. At most one adjustment shapes a line:
    the largest cut among those that cover it (ties: the lower id), so overlapping
    windows (PP 50/2025's transport and all-sector windows) never add up. Evaluated by
    ``programs.tariffs`` only; an administrator edits rows in the admin.
    """

    id = models.SmallAutoField(primary_key=True)  # referenced by 12 million lines
    nama = models.CharField(_("nama"), max_length=120)
    bulan_pertama = models.DateField(_("bulan iuran pertama"))
    bulan_terakhir = models.DateField(_("bulan iuran terakhir"))
    sektor = models.CharField(
        _("sektor"),
        max_length=20,
        choices=Sektor.choices,
        blank=True,
        help_text=_("Kosong: berlaku untuk semua sektor."),
    )
    pendana_berlaku = models.JSONField(
        _("hanya untuk pendana"),
        default=list,
        blank=True,
        help_text=_("Kosong: semua pendana yang tidak dikecualikan."),
    )
    pendana_dikecualikan = models.JSONField(
        _("pendana yang dikecualikan"), default=list, blank=True
    )
    potongan_persen = models.DecimalField(
        _("potongan JKK+JKM (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=300)
    sumber = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("penyesuaian tarif iuran")
        verbose_name_plural = _("penyesuaian tarif iuran")
        ordering = ["bulan_pertama", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bulan_pertama__day=1, bulan_terakhir__day=1)
                & models.Q(bulan_pertama__lte=models.F("bulan_terakhir")),
                name="penyesuaian_bulan_urut",
            ),
            models.CheckConstraint(
                condition=models.Q(potongan_persen__gte=0, potongan_persen__lte=100),
                name="penyesuaian_persen_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def covers(self, bulan: dt.date, sektor: str, pendana: str) -> bool:
        """This adjustment applies to ``pendana``'s line of a worker of ``sektor`` in
        ``bulan`` (a first of the month)."""
        return (
            self.bulan_pertama <= bulan <= self.bulan_terakhir
            and (not self.sektor or self.sektor == sektor)
            and (not self.pendana_berlaku or pendana in self.pendana_berlaku)
            and pendana not in self.pendana_dikecualikan
        )


class Alokasi(models.TextChoices):
    TETAP = "tetap", _("Kuota tetap per kabupaten/kota")
    PROPORSIONAL_ELIGIBLE = (
        "proporsional_eligible",
        _("Sebanding jumlah pekerja yang memenuhi syarat"),
    )
    PROPORSIONAL_AK = "proporsional_ak", _("Sebanding angkatan kerja (BPS)")


class PaketManfaat(models.TextChoices):
    JKK_JKM = "jkk_jkm", _("JKK dan JKM")
    JKK_JKM_JHT = "jkk_jkm_jht", _("JKK, JKM dan JHT")


class StatusProgram(models.TextChoices):
    DRAF = "draf", _("Rancangan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITETAPKAN = "ditetapkan", _("SK ditetapkan")
    SELESAI = "selesai", _("Selesai")


# Priority weights are points of a score; beyond this a single rule would swamp the rest.
WEIGHT_RANGE = [MinValueValidator(0), MaxValueValidator(1000)]


class Program(Recorded):
    """A funded programme: legal basis, funders, region, period, quota, budget, and the
    eligibility and priority rules a programme manager edits (data, not code).

    Selection (``programs.selection``) reads the rules; the workflow
    (``programs.services``) moves the status: draft → approved (the beneficiary list is
    frozen into ``Penerima``) → decree issued → closed. After approval the list changes
    only through an ``Amandemen``.
    """

    kode = models.CharField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama program"), max_length=200)
    dasar_hukum_jenis = models.CharField(
        _("jenis dasar hukum"), max_length=10, choices=DasarHukum.choices
    )
    dasar_hukum_nomor = models.CharField(_("nomor dasar hukum"), max_length=100)
    dasar_hukum_tanggal = models.DateField(_("tanggal dasar hukum"), null=True, blank=True)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("wilayah program"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"tingkat__in": [1, 2]},
    )
    bulan_mulai = models.DateField(_("bulan pertama perlindungan"))
    jumlah_bulan = models.PositiveSmallIntegerField(_("jumlah bulan"))
    paket_manfaat = models.CharField(
        _("paket manfaat"),
        max_length=20,
        choices=PaketManfaat.choices,
        default=PaketManfaat.JKK_JKM,
    )
    # Declared monthly income every participant is registered with; empty = the floor
    # of the tariff in force (Rp 1,000,000 → Rp 16,800 a month).
    penghasilan_dilaporkan = models.PositiveBigIntegerField(
        _("penghasilan yang dilaporkan (Rp/bulan)"), null=True, blank=True
    )
    kuota_total = models.PositiveIntegerField(_("kuota total"))
    alokasi = models.CharField(_("cara alokasi kuota"), max_length=30, choices=Alokasi.choices)
    pagu_anggaran = models.PositiveBigIntegerField(_("pagu anggaran (Rp)"), null=True, blank=True)

    # Eligibility (domicile inside ``wilayah`` is always required).
    usia_min = models.PositiveSmallIntegerField(_("usia minimal"), null=True, blank=True)
    usia_maks = models.PositiveSmallIntegerField(_("usia maksimal"), null=True, blank=True)
    pekerjaan_sasaran = models.ManyToManyField(
        "registry.Pekerjaan", verbose_name=_("pekerjaan sasaran"), blank=True, related_name="+"
    )
    kecualikan_peserta_aktif = models.BooleanField(
        _("kecualikan peserta aktif BPJS Ketenagakerjaan"), default=True
    )
    kecualikan_program_lain = models.BooleanField(
        _("kecualikan penerima program lain pada bulan yang sama"), default=True
    )

    # Priority: a score, the sum of the weights a person earns; ties go to whoever has
    # waited longest in the registry, then to the lower id.
    bobot_dtks = models.IntegerField(_("bobot DTKS/P3KE"), default=0, validators=WEIGHT_RANGE)
    bobot_pekerjaan = models.JSONField(_("bobot risiko pekerjaan"), default=dict, blank=True)
    batas_penghasilan = models.PositiveBigIntegerField(
        _("batas penghasilan rendah (Rp/bulan)"), null=True, blank=True
    )
    bobot_penghasilan = models.IntegerField(
        _("bobot penghasilan rendah"), default=0, validators=WEIGHT_RANGE
    )
    usia_prioritas = models.PositiveSmallIntegerField(
        _("usia prioritas (tahun ke atas)"), null=True, blank=True
    )
    bobot_usia = models.IntegerField(_("bobot usia"), default=0, validators=WEIGHT_RANGE)
    bobot_per_tahun_menunggu = models.IntegerField(
        _("bobot per tahun menunggu"), default=0, validators=WEIGHT_RANGE
    )

    status = models.CharField(
        _("status"), max_length=12, choices=StatusProgram.choices, default=StatusProgram.DRAF
    )
    seleksi_pada = models.DateTimeField(_("seleksi terakhir"), null=True, blank=True)
    # Rules or exclusions changed after the last selection: it must run again before
    # regencies verify or the manager approves.
    perlu_seleksi_ulang = models.BooleanField(_("perlu seleksi ulang"), default=True)
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    tempat_penetapan = models.CharField(_("ditetapkan di"), max_length=100, blank=True)
    penandatangan_jabatan = models.CharField(
        _("jabatan penanda tangan"), max_length=150, blank=True
    )
    penandatangan_nama = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    pendahulu = models.ForeignKey(
        "self",
        verbose_name=_("program tahun sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penerus",
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["-bulan_mulai", "kode"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jumlah_bulan__gte=1, jumlah_bulan__lte=60),
                name="program_jumlah_bulan_1_60",
            ),
            models.CheckConstraint(
                condition=models.Q(bulan_mulai__day=1), name="program_bulan_mulai_tanggal_1"
            ),
            models.CheckConstraint(
                condition=models.Q(usia_min__isnull=True)
                | models.Q(usia_maks__isnull=True)
                | models.Q(usia_min__lte=models.F("usia_maks")),
                name="program_usia_min_lte_maks",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} — {self.nama}"

    @property
    def dengan_jht(self) -> bool:
        return self.paket_manfaat == PaketManfaat.JKK_JKM_JHT

    @property
    def bulan_akhir(self) -> dt.date:
        """First day of the last covered month."""
        return add_months(self.bulan_mulai, self.jumlah_bulan - 1)

    @property
    def terkunci(self) -> bool:
        """Approved or later: rules and the list change only through an amendment."""
        return self.status != StatusProgram.DRAF


class Komponen(models.TextChoices):
    """The parts of a BPU contribution a funder may pay on its own."""

    JKK = "jkk", _("JKK")
    JKM = "jkm", _("JKM")
    JHT = "jht", _("JHT")


class ProgramPendana(models.Model):
    """One funder's share of a programme's contributions.

    Rows with a blank ``komponen`` split the whole contribution and add up to 100%.
    Rows naming a component (``Komponen``) split that component instead, and add up to
    100% among themselves: "APBD pays JKK, the worker pays JKM" is APBD 100% (blank)
    plus the worker 100% of JKM. A worker's share (``Pendana.MANDIRI``, the
    *porsi pekerja*) is never billed to the government: the worker pays BPJS
    directly and the membership file tells whether they did."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pendana")
    pendana = models.CharField(_("pendana"), max_length=20, choices=Pendana.choices)
    porsi_persen = models.DecimalField(_("porsi (%)"), max_digits=5, decimal_places=2)
    komponen = models.CharField(
        _("komponen"),
        max_length=3,
        choices=Komponen.choices,
        blank=True,
        help_text=_("Kosong: porsi dari seluruh iuran."),
    )

    class Meta:
        verbose_name = _("pendana program")
        verbose_name_plural = _("pendana program")
        ordering = ["program_id", "komponen", "-porsi_persen", "pendana"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "pendana", "komponen"], name="program_pendana_komponen_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(porsi_persen__gt=0, porsi_persen__lte=100),
                name="program_pendana_porsi_0_100",
            ),
        ]

    def __str__(self) -> str:
        part = f" {self.get_komponen_display()}" if self.komponen else ""
        return f"{self.get_pendana_display()} {self.porsi_persen}%{part}"


class KuotaWilayah(models.Model):
    """A programme in one regency/city: the fixed quota the manager set (allocation
    ``tetap``), and what the latest selection allocated, found eligible and selected."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kuota_wilayah")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"tingkat": 2},
    )
    kuota_tetap = models.PositiveIntegerField(_("kuota tetap"), null=True, blank=True)
    kuota = models.PositiveIntegerField(_("kuota teralokasi"), default=0)
    memenuhi_syarat = models.PositiveIntegerField(_("memenuhi syarat"), default=0)
    terpilih = models.PositiveIntegerField(_("terpilih"), default=0)
    # Candidates per reason in the latest selection ({"usia": 12, …}), so the results
    # page counts reasons from ten rows instead of a million.
    alasan = models.JSONField(_("kandidat per alasan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("kuota wilayah")
        verbose_name_plural = _("kuota wilayah")
        ordering = ["program_id", "wilayah_id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "wilayah"], name="kuota_wilayah_unik"),
            models.CheckConstraint(
                condition=models.Q(terpilih__lte=models.F("kuota")),
                name="kuota_wilayah_terpilih_lte_kuota",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.wilayah_id}: {self.terpilih}/{self.kuota}"


class Alasan(models.TextChoices):
    """Why a person is in or out of a programme, as the UI says it."""

    TERPILIH = "terpilih", _("Terpilih")
    DAFTAR_TUNGGU = "daftar_tunggu", _("Memenuhi syarat, di luar kuota atau pagu (daftar tunggu)")
    USIA = "usia", _("Usia di luar batas program pada bulan pertama perlindungan")
    PEKERJAAN = "pekerjaan", _("Pekerjaan tidak termasuk sasaran program")
    PESERTA_AKTIF = "peserta_aktif", _("Sudah peserta aktif BPJS Ketenagakerjaan")
    PROGRAM_LAIN = "program_lain", _("Sudah menerima program lain pada bulan yang sama")
    DICORET = "dicoret", _("Dicoret oleh verifikator")


ALASAN_LAYAK = (Alasan.TERPILIH, Alasan.DAFTAR_TUNGGU)


class Seleksi(models.Model):
    """The outcome of the latest selection for one person in one programme: in or
    out, with the reason, the priority score and the rank within the regency/city.
    Written set-based by ``programs.selection``; replaced by each run."""

    # Neither key has an index of its own (every read starts from the programme, which
    # leads the indexes below; each index costs a second when a million rows are
    # written again) nor a database constraint: a deferred foreign-key check fires once
    # a row at commit, seconds for a million, for rows written only by
    # ``programs.selection`` under a lock on their programme.
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="seleksi",
        db_index=False,
        db_constraint=False,
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pekerja"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    terpilih = models.BooleanField(_("terpilih"))
    alasan = models.CharField(_("alasan"), max_length=20, choices=Alasan.choices)
    skor = models.IntegerField(_("skor prioritas"))
    peringkat = models.PositiveIntegerField(_("peringkat di kabupaten/kota"), null=True)
    dtks = models.BooleanField(_("terdaftar di DTKS"), default=False)
    kode_kabupaten = models.CharField(_("kabupaten/kota"), max_length=5)
    # Position on the results page: by regency/city, the eligible by rank, then the
    # others by score (computed with the outcome, so a page is an index range).
    urutan = models.PositiveIntegerField(_("urutan tampil"), default=0)

    class Meta:
        verbose_name = _("hasil seleksi")
        verbose_name_plural = _("hasil seleksi")
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="seleksi_unik"),
        ]
        indexes = [
            # The results page lists a million candidates a page at a time, in ``urutan``,
            # optionally narrowed to a reason or a regency: each read is an index range.
            models.Index(fields=["program", "urutan"], name="seleksi_urutan"),
            models.Index(fields=["program", "alasan", "urutan"], name="seleksi_alasan"),
            models.Index(fields=["program", "kode_kabupaten", "urutan"], name="seleksi_wilayah"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.person_id}: {self.alasan}"


class Pengecualian(Recorded):
    """A person a verifier struck from a programme's list, with the reason (a death
    not yet reported, a wrong domicile, a duplicate): selection leaves them out."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pengecualian")
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("pekerja"), on_delete=models.PROTECT, related_name="+"
    )
    alasan = models.CharField(_("alasan"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicoret oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicoret pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("pekerja dicoret")
        verbose_name_plural = _("pekerja dicoret")
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="pengecualian_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.person_id}"


class VerifikasiWilayah(Recorded):
    """A regency/city's verifier confirmed its part of the selected list."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="verifikasi")
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    jumlah_terpilih = models.PositiveIntegerField(_("jumlah terpilih saat diverifikasi"))
    catatan = models.CharField(_("catatan"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diverifikasi pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("verifikasi wilayah")
        verbose_name_plural = _("verifikasi wilayah")
        constraints = [
            models.UniqueConstraint(fields=["program", "wilayah"], name="verifikasi_wilayah_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.wilayah_id}"


class StatusAmandemen(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu persetujuan")
    BERLAKU = "berlaku", _("Disetujui")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class Amandemen(Recorded):
    """A change to an approved list, with its own number, reason and (when issued) its
    own decree. Its lines are the ``Penerima`` rows it added or withdrew.

    Two persons: one manager prepares it (``created_by``; it waits, ``menunggu``, with
    the change it proposes in ``usulan``), another approves it (``decided_by``), and only
    then are its lines written; or it is cancelled and changes nothing."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="amandemen")
    nomor = models.PositiveIntegerField(_("amandemen ke"))
    alasan = models.CharField(_("alasan"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=StatusAmandemen.choices,
        default=StatusAmandemen.MENUNGGU,
    )  # fmt: skip
    # The proposed change while it waits: {"cabut": {person id: reason}, "tambah": [ids]}.
    usulan = models.JSONField(_("usulan perubahan"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK perubahan"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK perubahan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("amandemen")
        verbose_name_plural = _("amandemen")
        ordering = ["program_id", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["program", "nomor"], name="amandemen_nomor_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.program.kode} amandemen {self.nomor}"


class Penerima(models.Model):
    """A beneficiary on the approved list (the SK's attachment). Frozen at approval
    from the selection; an amendment adds rows or withdraws them (never deletes), so the
    list as it stood at any amendment can be shown."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="penerima")
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pekerja"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,  # written set-based from the selection (see architecture.md)
    )
    nomor_urut = models.PositiveIntegerField(_("nomor urut"))
    kode_kabupaten = models.CharField(_("kabupaten/kota"), max_length=5)
    skor = models.IntegerField(_("skor prioritas"))
    amandemen_masuk = models.ForeignKey(
        Amandemen,
        verbose_name=_("ditambahkan oleh amandemen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ditambahkan",
    )
    amandemen_keluar = models.ForeignKey(
        Amandemen,
        verbose_name=_("dicabut oleh amandemen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dicabut",
    )
    alasan_keluar = models.CharField(_("alasan dicabut"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("penerima")
        verbose_name_plural = _("penerima")
        ordering = ["program_id", "nomor_urut"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="penerima_unik"),
            models.UniqueConstraint(fields=["program", "nomor_urut"], name="penerima_nomor_unik"),
        ]
        indexes = [models.Index(fields=["program", "kode_kabupaten"], name="penerima_wilayah")]

    def __str__(self) -> str:
        return f"{self.program_id} #{self.nomor_urut}"


class Aksi(models.TextChoices):
    DIBUAT = "dibuat", _("Program dibuat")
    DIUBAH = "diubah", _("Aturan program diubah")
    SELEKSI = "seleksi", _("Seleksi dijalankan")
    DICORET = "dicoret", _("Pekerja dicoret")
    DIPULIHKAN = "dipulihkan", _("Coretan dibatalkan")
    DIVERIFIKASI = "diverifikasi", _("Daftar kabupaten/kota diverifikasi")
    VERIFIKASI_GUGUR = "verifikasi_gugur", _("Verifikasi gugur karena daftar berubah")
    DISETUJUI = "disetujui", _("Daftar penerima disetujui")
    SK = "sk", _("SK ditetapkan")
    AMANDEMEN = "amandemen", _("Amandemen")
    AMANDEMEN_DIAJUKAN = "amandemen_diajukan", _("Amandemen diajukan")
    AMANDEMEN_DIBATALKAN = "amandemen_batal", _("Amandemen dibatalkan")
    DAFTAR_TUNGGU = "daftar_tunggu", _("Pekerja dimasukkan ke daftar tunggu")
    DITUTUP = "ditutup", _("Program ditutup")


class RiwayatProgram(Recorded):
    """The audit trail of a programme: every workflow step, who, when, with a note."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="riwayat")
    aksi = models.CharField(_("aksi"), max_length=20, choices=Aksi.choices)
    # The note in Indonesian as written; entries made before notes had keys have only this.
    keterangan = models.CharField(_("keterangan"), max_length=500, blank=True)
    # The note's key and figures (programs.history), so a page says it in its reader's language.
    rincian = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("riwayat program")
        verbose_name_plural = _("riwayat program")
        ordering = ["program_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.program_id} {self.aksi}"

    def uraian(self) -> str:
        """The note in the reader's language (see ``programs.history``)."""
        return note(self.rincian) or self.keterangan


class Dtks(models.Model):
    """A person in the poverty registry (DTKS / P3KE) as Dinas Sosial last sent it,
    by NIK: a priority for programmes, joined at read time like BPJS membership."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    desil = models.PositiveSmallIntegerField(_("desil kesejahteraan"), null=True, blank=True)
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("diimpor"))

    class Meta:
        verbose_name = _("data DTKS/P3KE")
        verbose_name_plural = _("data DTKS/P3KE")
        ordering = ["nik"]

    def __str__(self) -> str:
        return self.nik
