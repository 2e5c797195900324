"""Matching tables: BPJS Ketenagakerjaan's membership file, and the linking of the
registry (``LinkRun``, ``CandidatePair``, ``Merge``: see further down).

BPJS sends the list of its participants (NIK, name, birth date, KPJ number, segment,
status, last paid month). Jaring keeps the latest statement per KPJ number
(``Membership``), which import said it (``MembershipImport``) and why rows were refused
(``MembershipRowError``). Whether a registry person is already covered is answered by
joining on the exact NIK at read time (``matching.queries``), never stored on the
person: a person registered after the import is then flagged as soon as they exist.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jaring.import_records import ImportedFile, RowProblem


class Segmen(models.TextChoices):
    PU = "PU", _("Penerima upah (PU)")
    BPU = "BPU", _("Bukan penerima upah (BPU)")


class StatusKepesertaan(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    NONAKTIF = "nonaktif", _("Tidak aktif")


class MembershipImport(ImportedFile):
    """One membership file from BPJS, kept as sent (the evidence behind every flag).

    ``tanggal_data`` is the date the file describes (BPJS's *posisi data*); a row only
    replaces what Jaring holds for its KPJ when its file is at least as recent.
    """

    UPLOAD_FOLDER = "kepesertaan"

    tanggal_data = models.DateField(_("posisi data"))
    added = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    older = models.PositiveIntegerField(_("diabaikan (data lebih lama)"), default=0)

    class Meta(ImportedFile.Meta):
        verbose_name = _("impor data kepesertaan BPJS")
        verbose_name_plural = _("impor data kepesertaan BPJS")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("rejected")
                    + models.F("added")
                    + models.F("updated")
                    + models.F("unchanged")
                    + models.F("older")
                ),
                name="membership_import_counts_reconcile",
            ),
        ]


class Membership(models.Model):
    """The latest statement BPJS made about one participant number (KPJ).

    One row per KPJ; a NIK may hold several (a wage job through an employer and an
    informal BPU membership). ``nama_kunci`` is the same spelling-tolerant key intake
    computes for persons, so a verifier can see at a glance whether the names agree.
    """

    kpj = models.CharField(_("nomor KPJ"), max_length=11)
    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=100)
    nama_kunci = models.CharField(_("kunci pencarian nama"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    segmen = models.CharField(_("segmen"), max_length=3, choices=Segmen.choices)
    status = models.CharField(_("status"), max_length=10, choices=StatusKepesertaan.choices)
    # First day of the last month whose contribution is paid; null when never paid.
    bulan_terakhir_bayar = models.DateField(_("bulan terakhir dibayar"), null=True, blank=True)
    tanggal_data = models.DateField(_("posisi data"))
    source_import = models.ForeignKey(
        MembershipImport,
        verbose_name=_("impor"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
        # Written only by the import's INSERT … SELECT; PostgreSQL would re-check every
        # row of a large file at commit (see architecture.md on bulk tables).
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField(_("baris"))
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("kepesertaan BPJS")
        verbose_name_plural = _("kepesertaan BPJS")
        ordering = ["nik", "kpj"]
        constraints = [
            models.UniqueConstraint(fields=["kpj"], name="membership_kpj_unik"),
            models.CheckConstraint(
                condition=Exact(Length("nik"), 16), name="membership_nik_16_karakter"
            ),
            models.CheckConstraint(
                condition=models.Q(segmen__in=["PU", "BPU"]), name="membership_segmen_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["aktif", "nonaktif"]),
                name="membership_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["nik"], name="membership_nik_idx")]

    def __str__(self) -> str:
        return f"KPJ {self.kpj} ({self.get_segmen_display()}, {self.get_status_display()})"


class IuranMandiri(models.Model):
    """BPJS's word on a worker's own payment for one contribution month of one KPJ, as
    the membership file's columns "Bulan iuran" and "Status iuran" said it: the worker's
    share of a co-funded participant (*porsi pekerja*) and the months of a worker who
    continued on their own (*lanjut mandiri*). One row per KPJ and month; a newer file
    replaces an older one's word, an older file never a newer one's."""

    kpj = models.CharField(_("nomor KPJ"), max_length=11)
    bulan = models.DateField(_("bulan iuran"))
    lunas = models.BooleanField(_("lunas"))
    tanggal_data = models.DateField(_("posisi data"))
    source_import = models.ForeignKey(
        MembershipImport,
        verbose_name=_("impor"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("iuran mandiri (data BPJS)")
        verbose_name_plural = _("iuran mandiri (data BPJS)")
        constraints = [
            models.UniqueConstraint(fields=["kpj", "bulan"], name="iuran_mandiri_kpj_bulan"),
            models.CheckConstraint(
                condition=models.Q(bulan__day=1), name="iuran_mandiri_bulan_tanggal_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpj} {self.bulan:%Y-%m}: {'lunas' if self.lunas else 'belum'}"


class MembershipRowError(RowProblem):
    """Why one row of a membership file was refused, in plain Indonesian."""

    membership_import = models.ForeignKey(
        MembershipImport, on_delete=models.CASCADE, related_name="errors"
    )

    class Meta:
        verbose_name = _("kesalahan baris kepesertaan")
        verbose_name_plural = _("kesalahan baris kepesertaan")
        ordering = ["membership_import_id", "row_number", "id"]
        indexes = [models.Index(fields=["membership_import", "row_number"])]


# --- Linking the registry --------------------------------------------------------------


class LinkKind(models.TextChoices):
    INTAKE = "pengajuan", _("Setelah pengajuan")
    REGISTRY = "registri", _("Seluruh registri")


class LinkRun(models.Model):
    """One run of the linkage model over the registry: after an intake (the persons a
    file created against the registry) or on demand (every golden record). Automatic
    merges name the run that made them, so "who merged these two?" always has an
    answer."""

    jenis = models.CharField(_("jenis"), max_length=10, choices=LinkKind.choices)
    submission = models.ForeignKey(
        "intake.Submission",
        verbose_name=_("pengajuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dijalankan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    persons = models.PositiveIntegerField(_("pekerja dibandingkan"), default=0)
    scored_pairs = models.PositiveIntegerField(_("pasangan dinilai"), default=0)
    # Pairs the family rule holds apart that share nothing but what the NIK encodes
    # (``linking.worth_reviewing``): not proposed.
    set_aside = models.PositiveIntegerField(_("dikesampingkan aturan keluarga"), default=0)
    new_pairs = models.PositiveIntegerField(_("pasangan baru"), default=0)
    merged = models.PositiveIntegerField(_("digabung otomatis"), default=0)
    queued = models.PositiveIntegerField(_("masuk antrean tinjauan"), default=0)
    trained = models.BooleanField(_("model dilatih"), default=False)
    seconds = models.FloatField(_("durasi (detik)"), default=0)
    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("proses pencocokan")
        verbose_name_plural = _("proses pencocokan")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.started_at:%Y-%m-%d %H:%M}"


class PairStatus(models.TextChoices):
    WAITING = "menunggu", _("Menunggu tinjauan")
    SAME = "sama", _("Orang yang sama")
    DIFFERENT = "beda", _("Orang berbeda")


class CandidatePair(models.Model):
    """Two persons the linkage model scored as possibly one worker, with the evidence.

    ``person_a`` has the smaller id, so a pair is stored once whatever order the model
    saw it in. ``evidence`` holds one entry per compared field: the level reached (for
    example ``nik: urut_1_digit``), its weight in bits, and whether it is that field's
    strongest level. ``family_guard`` marks pairs whose given names conflict (twins,
    siblings, namesakes: ``linkage.rules``), which are never merged without a verifier.

    A pair decided ``beda`` is never proposed again; a pair ``sama`` was merged (by a
    verifier or automatically: ``decided_by`` empty). Undoing the merge puts it back to
    ``menunggu``.
    """

    person_a = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pekerja A"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the unique (person_a, person_b) index serves lookups by A
    )
    person_b = models.ForeignKey(
        "registry.Person", verbose_name=_("pekerja B"), on_delete=models.PROTECT, related_name="+"
    )
    match_probability = models.FloatField(_("peluang sama"))
    match_weight = models.FloatField(_("bobot kecocokan"))
    evidence = models.JSONField(_("bukti per kolom"), default=list)
    family_guard = models.BooleanField(_("ditahan aturan keluarga"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.WAITING
    )
    run = models.ForeignKey(
        LinkRun,
        verbose_name=_("ditemukan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairs",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("pasangan kandidat")
        verbose_name_plural = _("pasangan kandidat")
        ordering = ["-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="pair_unik"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="pair_a_lt_b"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["menunggu", "sama", "beda"]),
                name="pair_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-match_probability", "id"],
                name="pair_waiting_idx",
                condition=models.Q(status="menunggu"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id}–{self.person_b_id} ({self.match_probability:.3f})"


class SurvivorReason(models.TextChoices):
    """Why the survivor of a merge kept its identity (``merging`` has the rule)."""

    SOURCES = "sumber", _("lebih banyak data sumber")
    EARLIER = "lebih_dahulu", _("terdaftar lebih dahulu")
    LOWER_ID = "nomor_kecil", _("nomor data lebih kecil")


class Merge(models.Model):
    """One person merged into another: the survivor stays golden, the merged person
    points at it (``Person.merged_into``) and keeps its own source records. Never
    deleted: undoing sets ``undone_at``/``undone_by``, so the table is the audit trail
    of every merge and every undo."""

    survivor = models.ForeignKey(
        "registry.Person",
        verbose_name=_("data yang dipertahankan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged = models.ForeignKey(
        "registry.Person",
        verbose_name=_("data yang digabung"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pair = models.ForeignKey(
        CandidatePair,
        verbose_name=_("pasangan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merges",
    )
    run = models.ForeignKey(
        LinkRun,
        verbose_name=_("proses pencocokan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merges",
    )
    automatic = models.BooleanField(_("otomatis"), default=False)
    reason = models.CharField(
        _("alasan data dipertahankan"), max_length=20, choices=SurvivorReason.choices
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("digabung oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("digabung"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibatalkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("penggabungan")
        verbose_name_plural = _("penggabungan")
        ordering = ["-merged_at", "-id"]
        constraints = [
            # A person is merged into at most one other at a time.
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at__isnull=True),
                name="merge_aktif_unik",
            ),
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("merged")), name="merge_bukan_diri_sendiri"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def active(self) -> bool:
        return self.undone_at is None
