"""The person registry: one golden record per NIK, and every source that named them."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    OPD = "opd", _("Perangkat daerah (OPD)")
    DINSOS = "dinsos", _("Dinas Sosial")
    POKMAS = "pokmas", _("Kelompok masyarakat (Pokmas)")
    KELURAHAN = "kelurahan", _("Kelurahan/Desa")
    DISNAKER = "disnaker", _("Dinas Tenaga Kerja")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan")
    LAINNYA = "lainnya", _("Lainnya")


class Agency(models.Model):
    """An office or community group that submits worker lists (OPD, Dinsos, Pokmas…)."""

    kode = models.CharField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(
        _("jenis"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.OPD
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} — {self.nama}"


class Sektor(models.TextChoices):
    """The economic sector of an occupation: a tariff adjustment may cover one sector
    only (PP 50/2025 gives the transport sector a longer relief window)."""

    TRANSPORTASI = "transportasi", _("Transportasi")
    PERIKANAN = "perikanan", _("Perikanan")
    PERTANIAN = "pertanian", _("Pertanian, perkebunan dan peternakan")
    PERDAGANGAN = "perdagangan", _("Perdagangan dan usaha mikro")
    LAINNYA = "lainnya", _("Lainnya")


class Pekerjaan(models.Model):
    """Occupation category (reference data an administrator can extend).

    ``alias`` holds other spellings clerks use ("PRT", "Ojol", "Guru Ngaji"), separated
    by ``|``; intake accepts the code, the label or any alias, in any case. ``sektor``
    decides which sector-bound tariff adjustments cover a worker of this occupation; an
    administrator sets it in the admin (transport: ``ojek``, ``sopir_angkutan``).
    """

    kode = models.CharField(_("kode"), max_length=40, primary_key=True)
    label = models.CharField(_("label"), max_length=100)
    alias = models.CharField(_("nama lain"), max_length=400, blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=100)
    aktif = models.BooleanField(_("aktif"), default=True)
    sektor = models.CharField(
        _("sektor"), max_length=20, choices=Sektor.choices, default=Sektor.LAINNYA
    )

    class Meta:
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        ordering = ["urutan", "kode"]

    def __str__(self) -> str:
        return self.label


class JenisKelamin(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


def wilayah_field(*, protect: bool = True) -> models.ForeignKey:
    """The domicile village. Foreign keys on the bulk tables carry no database
    constraint and no index of their own: PostgreSQL checks a deferred foreign key row
    by row at commit (seconds for a million-row intake) and every index costs time on
    each row an intake writes, so only the indexes queries use are declared
    (Person.Meta.indexes). Intake validates every code against the reference tables in
    the same process; ``protect`` keeps Django from deleting a region still named."""
    return models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("desa/kelurahan domisili"),
        on_delete=models.PROTECT if protect else models.DO_NOTHING,
        db_column="kode_wilayah",
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


def pekerjaan_field(*, protect: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        Pekerjaan,
        verbose_name=_("pekerjaan"),
        on_delete=models.PROTECT if protect else models.DO_NOTHING,
        db_column="pekerjaan",
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


class PersonFields(models.Model):
    """The worker attributes of the standard intake file, shared by the golden record
    and by every source record so both always have the same shape."""

    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=100)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    wilayah = wilayah_field()
    alamat = models.CharField(_("alamat"), max_length=300, blank=True)
    pekerjaan = pekerjaan_field()
    penghasilan = models.BigIntegerField(_("penghasilan per bulan (Rp)"), null=True, blank=True)
    no_hp = models.CharField(_("nomor HP"), max_length=16, blank=True)
    no_kk = models.CharField(_("nomor KK"), max_length=16, blank=True)

    class Meta:
        abstract = True


class PersonQuerySet(models.QuerySet):
    def golden(self) -> "PersonQuerySet":
        """Persons not merged into another: the registry as lists and counts see it."""
        return self.filter(merged_into__isnull=True)


class Person(PersonFields):
    """The golden record of one worker. One row per NIK, enforced by the database.

    When matching finds that two persons are one worker (a mistyped NIK), the one that
    does not survive stays in the table with its source records and points at the
    survivor through ``merged_into``; nothing is deleted, so a merge can be undone
    (``matching.services``). ``merged_into`` always names a golden record (chains are
    flattened when a survivor is merged in turn). Lists and counts read
    ``Person.objects.golden()``.
    """

    # Spelling-tolerant key of ``nama`` for search (jaring.core.names.search_key); on
    # PostgreSQL a trigram index answers substring search on it.
    nama_kunci = models.CharField(_("kunci pencarian nama"), max_length=100, blank=True)

    first_submission = models.ForeignKey(
        "intake.Submission",
        verbose_name=_("pertama kali diajukan dalam"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        # Informational; PostgreSQL checks every foreign key row by row at commit,
        # which for a million-row intake costs seconds per constraint.
        db_constraint=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_persons",
        # Indexed only where set (Meta.indexes): intake writes a million NULLs, and
        # matching alone writes it, in its own transactions; no row-by-row check.
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("dibuat"))
    updated_at = models.DateTimeField(_("diubah"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("pekerja")
        verbose_name_plural = _("pekerja")
        ordering = ["nik"]
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="person_nik_unik"),
            # Digits are checked by intake; the database guards the length cheaply
            # (a REGEXP check would call back into Python for every row on SQLite).
            models.CheckConstraint(
                condition=Exact(Length("nik"), 16), name="person_nik_16_karakter"
            ),
            models.CheckConstraint(
                condition=models.Q(jenis_kelamin__in=["L", "P"]), name="person_jk_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(penghasilan__isnull=True) | models.Q(penghasilan__gte=0),
                name="person_penghasilan_nonneg",
            ),
        ]
        indexes = [
            # On PostgreSQL ``nama`` has the ICU collation (migration 0007), so this
            # index gives lists their reading order (``registry.queries.name_order``).
            models.Index(fields=["nama"], name="person_nama_idx"),
            # Region scoping is a prefix match on the village code (LIKE '64.71.%' on
            # PostgreSQL, which needs the pattern operator class under any collation).
            models.Index(
                fields=["wilayah"], name="person_wilayah_idx", opclasses=["varchar_pattern_ops"]
            ),
            # "Who was merged into this person": a few rows among a million.
            models.Index(
                fields=["merged_into"],
                name="person_merged_into_idx",
                condition=models.Q(merged_into__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nik} {self.nama}"

    @property
    def golden_id(self) -> int:
        """The golden record this person belongs to: its survivor, or itself."""
        return self.merged_into_id or self.pk


class SourceRecord(PersonFields):
    """What one agency said about one person in one submission, exactly as loaded.

    Its region and occupation are what the clerk sent (validated against the reference
    tables by intake), kept without foreign-key constraints: a record of a statement,
    not a live reference, and PostgreSQL would check each of them row by row.

    Nothing a clerk sent is lost even when it differs from the golden record; identical
    values from the same agency are stored once (``values_hash``), so re-importing a
    file adds nothing.
    """

    # Lookups by person (and person + agency) use the unique constraint's index. The
    # keys below are written only by intake's INSERT … SELECT from rows it has just
    # joined, so they carry no database constraint: PostgreSQL would re-check each of
    # a million rows at commit. Deletes stay PROTECTed by Django.
    person = models.ForeignKey(
        Person,
        verbose_name=_("pekerja"),
        on_delete=models.PROTECT,
        related_name="sources",
        db_index=False,
        db_constraint=False,
    )
    # Empty for a correction (``registry.services.correct_person``): no agency and no
    # file said it; ``keterangan`` names where it came from ("pengaduan ADU-…").
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    submission = models.ForeignKey(
        "intake.Submission",
        verbose_name=_("pengajuan"),
        on_delete=models.PROTECT,
        related_name="source_records",
        null=True,
        blank=True,
        db_constraint=False,
    )
    # A database default: intake writes source records with INSERT … SELECT.
    keterangan = models.CharField(_("sumber lain"), max_length=60, blank=True, db_default="")
    row_number = models.PositiveIntegerField(_("baris"))
    values_hash = models.CharField(max_length=32)
    wilayah = wilayah_field(protect=False)
    pekerjaan = pekerjaan_field(protect=False)
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("data sumber")
        verbose_name_plural = _("data sumber")
        ordering = ["person_id", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "agency", "values_hash"], name="source_record_unik"
            ),
        ]

    def __str__(self) -> str:
        if self.submission_id is None:
            return f"{self.nik} dari {self.keterangan}"
        return f"{self.nik} dari {self.agency_id} (baris {self.row_number})"


class RegencyTally(models.Model):
    """Number of persons living in each regency/city, kept by intake in the same
    transaction as the persons it creates, so pages never count a million rows.
    ``registry.services.recount_regencies`` rebuilds it from the persons table."""

    kode_kabupaten = models.CharField(_("kode kabupaten/kota"), max_length=5, primary_key=True)
    jumlah = models.PositiveBigIntegerField(_("jumlah pekerja"), default=0)

    class Meta:
        verbose_name = _("jumlah pekerja per kabupaten/kota")
        verbose_name_plural = _("jumlah pekerja per kabupaten/kota")

    def __str__(self) -> str:
        return f"{self.kode_kabupaten}: {self.jumlah}"
