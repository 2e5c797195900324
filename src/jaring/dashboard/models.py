"""Monitoring tables: what BPJS reports, what leaders aim for, and the summaries pages read.

Two kinds of table live here:

* **inputs** — ``CoveredCount`` (BPJS participants per regency/city, segment and month,
  imported from BPJS's report) and ``Target`` (coverage targets per region and year,
  reference data edited in the admin);
* **summaries** — ``CoverageSummary``, ``RegistrySummary``, ``PipelineSummary``, and for
  the programmes ``PesertaSummary`` (participants by coverage status and month),
  ``KuotaSummary`` (quota use), ``AnggaranSummary`` (billed and paid) and
  ``KlaimSummary`` (claims), rebuilt by ``dashboard.services.refresh_summaries`` after
  every import or workflow step, so that a dashboard page reads a few thousand
  pre-counted rows instead of a million persons or twelve million contribution lines.

Summaries are narrow: keyed by region code, month and the few dimensions a filter can
narrow them by (programme, funder, occupation, status, type), with counts and rupiah
sums. The programme is kept as a plain key (no database constraint): a summary is
rebuilt whole, and a page only reads the programmes its scope allows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.matching.models import Segmen


class CoveredCount(models.Model):
    """BPJS Ketenagakerjaan participants in one regency/city, segment and month, as
    BPJS reported them (the numerator of the coverage rate for the whole workforce)."""

    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    segmen = models.CharField(_("segmen"), max_length=3, choices=Segmen.choices)
    bulan = models.DateField(_("bulan"))  # first day of the month
    peserta = models.PositiveBigIntegerField(_("peserta aktif"))
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("terakhir diimpor"))

    class Meta:
        verbose_name = _("jumlah peserta BPJS")
        verbose_name_plural = _("jumlah peserta BPJS")
        ordering = ["wilayah_id", "bulan", "segmen"]
        constraints = [
            models.UniqueConstraint(
                fields=["wilayah", "segmen", "bulan"], name="covered_count_unik"
            ),
            models.CheckConstraint(
                condition=models.Q(segmen__in=["PU", "BPU"]), name="covered_count_segmen_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wilayah_id} {self.bulan:%Y-%m} {self.segmen}: {self.peserta}"


class Target(models.Model):
    """A coverage target for a province or regency/city in one year: a share of the
    labour force, a number of participants, or both (reference data)."""

    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"tingkat__in": [1, 2]},
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    cakupan_persen = models.DecimalField(
        _("target cakupan (% angkatan kerja)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    peserta = models.PositiveBigIntegerField(_("target jumlah peserta"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target cakupan")
        verbose_name_plural = _("target cakupan")
        ordering = ["wilayah_id", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["wilayah", "tahun"], name="target_unik"),
            models.CheckConstraint(
                condition=models.Q(cakupan_persen__isnull=False) | models.Q(peserta__isnull=False),
                name="target_ada_isinya",
            ),
            models.CheckConstraint(
                condition=models.Q(cakupan_persen__isnull=True)
                | models.Q(cakupan_persen__gte=0, cakupan_persen__lte=100),
                name="target_persen_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wilayah_id} {self.tahun}"


class CoverageSummary(models.Model):
    """Participants and labour force of one regency/city in one month.

    ``angkatan_kerja`` is the labour force of the month's year or, when BPS has not
    published it yet, of the latest earlier year (``tahun_angkatan_kerja`` says which).
    """

    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    bulan = models.DateField(_("bulan"))
    peserta_pu = models.PositiveBigIntegerField(_("peserta PU"), default=0)
    peserta_bpu = models.PositiveBigIntegerField(_("peserta BPU"), default=0)
    angkatan_kerja = models.PositiveBigIntegerField(_("angkatan kerja"), null=True)
    tahun_angkatan_kerja = models.PositiveSmallIntegerField(_("tahun angkatan kerja"), null=True)

    class Meta:
        verbose_name = _("ringkasan cakupan")
        verbose_name_plural = _("ringkasan cakupan")
        ordering = ["kode_kabupaten", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["kode_kabupaten", "bulan"], name="coverage_summary_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_kabupaten} {self.bulan:%Y-%m}"


class RegistrySummary(models.Model):
    """Registry persons by domicile regency/city, occupation and month of registration;
    ``terlindungi`` of them were actively covered by BPJS when the summary was built."""

    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=40)
    bulan = models.DateField(_("bulan terdaftar"))
    jumlah = models.PositiveBigIntegerField(_("jumlah pekerja"))
    terlindungi = models.PositiveBigIntegerField(_("sudah terlindungi BPJS"), default=0)

    class Meta:
        verbose_name = _("ringkasan registri")
        verbose_name_plural = _("ringkasan registri")
        ordering = ["kode_kabupaten", "pekerjaan", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["kode_kabupaten", "pekerjaan", "bulan"], name="registry_summary_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_kabupaten} {self.pekerjaan} {self.bulan:%Y-%m}: {self.jumlah}"


class Tahap(models.TextChoices):
    """Stages of the pipeline from a submitted row to an enrolled participant, in order
    (the panel's note says how each is counted)."""

    DIAJUKAN = "diajukan", _("Diajukan")
    VALID = "valid", _("Lolos pemeriksaan")
    DITOLAK = "ditolak", _("Ditolak")
    TERDAFTAR = "terdaftar", _("Masuk registri (pekerja baru)")
    DIGABUNG = "digabung", _("Digabung dengan data lain (pencocokan)")
    MEMENUHI_SYARAT = "memenuhi_syarat", _("Memenuhi syarat program")
    TERPILIH = "terpilih", _("Terpilih dalam kuota")
    TERDAFTAR_BPJS = "terdaftar_bpjs", _("Terdaftar di BPJS (KPJ terbit)")


# The stages counted from submissions (no occupation, no programme); merges
# (``DIGABUNG``) carry an occupation; the programme's stages a programme and an
# occupation. The "alur" summary rebuilds the first two kinds, the "program" summary
# the last.
REGISTRY_STAGES = (Tahap.DIAJUKAN, Tahap.VALID, Tahap.DITOLAK, Tahap.TERDAFTAR)
PROGRAMME_STAGES = (Tahap.MEMENUHI_SYARAT, Tahap.TERPILIH, Tahap.TERDAFTAR_BPJS)


def program_key(verbose_name, **options) -> models.ForeignKey:
    """A programme as a summary's key: no database constraint and no cascade, because
    summaries are rebuilt whole and never the reason a programme cannot change."""
    return models.ForeignKey(
        "programs.Program",
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **options,
    )


class PipelineSummary(models.Model):
    """Rows or persons at one stage of the pipeline, by region and month.

    The registry's stages (submitted, valid, rejected, new) are keyed by the submitting
    agency's region (province or regency/city, as the submission list scopes them) and
    month of submission, with no programme or occupation; the later stages by the
    person's regency/city and occupation, and (from eligible on) by programme."""

    kode_wilayah = models.CharField(_("kode wilayah"), max_length=13)
    bulan = models.DateField(_("bulan"))
    tahap = models.CharField(_("tahap"), max_length=20, choices=Tahap.choices)
    program = program_key(_("program"), null=True, blank=True)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=40, blank=True, default="")
    jumlah = models.PositiveBigIntegerField(_("jumlah"))

    class Meta:
        verbose_name = _("ringkasan alur registri")
        verbose_name_plural = _("ringkasan alur registri")
        ordering = ["kode_wilayah", "bulan", "tahap"]
        constraints = [
            models.UniqueConstraint(
                fields=["kode_wilayah", "bulan", "tahap", "program", "pekerjaan"],
                name="pipeline_summary_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_wilayah} {self.bulan:%Y-%m} {self.tahap}: {self.jumlah}"


class PesertaSummary(models.Model):
    """Participants of a programme in one regency/city and occupation by their coverage
    status as of one month (``contributions.queries``: aktif, menunggak, terputus,
    berakhir, menunggu, ditolak), for every month from the programme's first to its
    last or the current month, whichever comes first."""

    program = program_key(_("program"))
    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=40)
    bulan = models.DateField(_("bulan"))
    status = models.CharField(_("status"), max_length=12)
    jumlah = models.PositiveIntegerField(_("jumlah peserta"))

    class Meta:
        verbose_name = _("ringkasan peserta program")
        verbose_name_plural = _("ringkasan peserta program")
        ordering = ["program_id", "bulan", "kode_kabupaten", "pekerjaan", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "bulan", "kode_kabupaten", "pekerjaan", "status"],
                name="peserta_summary_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.kode_kabupaten} {self.bulan:%Y-%m} {self.status}"


class KuotaSummary(models.Model):
    """A programme's quota use in one regency/city: the quota allocated (on the row
    with an empty occupation: quotas are not split by occupation), and per occupation
    how many the latest selection found eligible and selected, how many are on the
    approved list now, and how many BPJS registered."""

    program = program_key(_("program"))
    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=40, blank=True)
    kuota = models.PositiveIntegerField(_("kuota teralokasi"), default=0)
    memenuhi_syarat = models.PositiveIntegerField(_("memenuhi syarat"), default=0)
    terpilih = models.PositiveIntegerField(_("terpilih"), default=0)
    disetujui = models.PositiveIntegerField(_("dalam daftar penerima"), default=0)
    terdaftar = models.PositiveIntegerField(_("terdaftar di BPJS"), default=0)

    class Meta:
        verbose_name = _("ringkasan kuota")
        verbose_name_plural = _("ringkasan kuota")
        ordering = ["program_id", "kode_kabupaten", "pekerjaan"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kode_kabupaten", "pekerjaan"], name="kuota_summary_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.kode_kabupaten} {self.pekerjaan}"


class AnggaranSummary(models.Model):
    """What one funder was billed and has paid for a programme month in one
    regency/city (the invoices' per-region totals, ``contributions.TagihanWilayah``)."""

    program = program_key(_("program"))
    pendana = models.CharField(_("pendana"), max_length=20)
    bulan = models.DateField(_("bulan"))
    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    peserta = models.PositiveIntegerField(_("jumlah peserta"))
    ditagih = models.BigIntegerField(_("ditagih (Rp)"))
    dibayar = models.BigIntegerField(_("dibayar (Rp)"))

    class Meta:
        verbose_name = _("ringkasan anggaran")
        verbose_name_plural = _("ringkasan anggaran")
        ordering = ["program_id", "bulan", "pendana", "kode_kabupaten"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "bulan", "pendana", "kode_kabupaten"],
                name="anggaran_summary_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.pendana} {self.bulan:%Y-%m} {self.kode_kabupaten}"


class KlaimSummary(models.Model):
    """Claims BPJS paid to a programme's participants of one regency/city and
    occupation, by type and month of payment: how many, how much, how many deaths."""

    program = program_key(_("program"))
    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=40)
    bulan = models.DateField(_("bulan dibayar"))
    jenis = models.CharField(_("jenis klaim"), max_length=10)
    jumlah = models.PositiveIntegerField(_("jumlah klaim"))
    nilai = models.BigIntegerField(_("nilai dibayar (Rp)"))
    meninggal = models.PositiveIntegerField(_("peserta meninggal"), default=0)

    class Meta:
        verbose_name = _("ringkasan klaim")
        verbose_name_plural = _("ringkasan klaim")
        ordering = ["program_id", "bulan", "jenis"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "bulan", "kode_kabupaten", "pekerjaan", "jenis"],
                name="klaim_summary_unik",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.jenis} {self.bulan:%Y-%m}: {self.jumlah}"


class SummaryRefresh(models.Model):
    """When each summary was last rebuilt, shown on the dashboard next to its figures."""

    nama = models.CharField(_("ringkasan"), max_length=40, primary_key=True)
    refreshed_at = models.DateTimeField(_("diperbarui"))
    seconds = models.FloatField(_("lama (detik)"), default=0)

    class Meta:
        verbose_name = _("pembaruan ringkasan")
        verbose_name_plural = _("pembaruan ringkasan")

    def __str__(self) -> str:
        return f"{self.nama} {self.refreshed_at:%Y-%m-%d %H:%M}"
