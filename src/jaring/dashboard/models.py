"""Monitoring tables: what BPJS reports, what leaders aim for, and the summaries pages read.

Two kinds of table live here:

* **inputs** — ``CoveredCount`` (BPJS participants per regency/city, segment and month,
  imported from BPJS's report) and ``Target`` (coverage targets per region and year,
  reference data edited in the admin);
* **summaries** — ``CoverageSummary``, ``RegistrySummary`` and ``PipelineSummary``,
  rebuilt by ``dashboard.services.refresh_summaries`` after every import, so that a
  dashboard page reads a few hundred pre-counted rows instead of a million persons.

Summaries are keyed by region code and month only, so every later panel (programme
participants by status, quota use, budget, claims) adds a table of the same shape, and
the pipeline is a long table (one row per stage) that later stages join without a
migration.
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
    imported_at = models.DateTimeField(_("diimpor"))

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
    """Stages of the registry pipeline. Later apps add theirs (matched, eligible,
    selected, enrolled) as new values; the table needs no new column."""

    DIAJUKAN = "diajukan", _("Diajukan")
    VALID = "valid", _("Lolos pemeriksaan")
    DITOLAK = "ditolak", _("Ditolak")
    TERDAFTAR = "terdaftar", _("Masuk registri (pekerja baru)")


class PipelineSummary(models.Model):
    """Rows at one stage of the pipeline, by the submitting agency's region (province
    or regency/city, as the submission list scopes them) and month of submission."""

    kode_wilayah = models.CharField(_("kode wilayah instansi"), max_length=13)
    bulan = models.DateField(_("bulan"))
    tahap = models.CharField(_("tahap"), max_length=20, choices=Tahap.choices)
    jumlah = models.PositiveBigIntegerField(_("jumlah"))

    class Meta:
        verbose_name = _("ringkasan alur registri")
        verbose_name_plural = _("ringkasan alur registri")
        ordering = ["kode_wilayah", "bulan", "tahap"]
        constraints = [
            models.UniqueConstraint(
                fields=["kode_wilayah", "bulan", "tahap"], name="pipeline_summary_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_wilayah} {self.bulan:%Y-%m} {self.tahap}: {self.jumlah}"


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
