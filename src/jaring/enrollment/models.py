"""Enrolment: the exchange with BPJS Ketenagakerjaan and the participants it creates.

* ``TataLetak`` — the column layout a BPJS branch wants a registration batch in
  (reference data; the default collective BPU layout ships in a data migration).
* ``BatchPendaftaran`` — one registration batch sent to BPJS: the participants of an
  approved programme not yet registered, with the first month of their cover.
* ``ResponBpjs`` — one response file from BPJS: per person accepted with a KPJ number or
  rejected with BPJS's reason; ``ResponBaris`` holds why rows of it were refused.
* ``Peserta`` — a person in a programme as BPJS knows them: registration status, KPJ,
  the months of their cover (``bulan_mulai`` … ``bulan_akhir``) and why cover ended.

A participant is billed for month *m* exactly when ``status = diterima`` and
``bulan_mulai <= m <= bulan_akhir`` (see ``contributions``); every event that shortens
cover (death, move, formal job, withdrawal from the list) moves ``bulan_akhir`` and
removes any line beyond it in the same transaction.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.import_records import ImportedFile, RowProblem
from jaring.records import Recorded

# Where a layout column takes its value from (the keys of ``TataLetak.kolom``).
SUMBER = {
    "nik": _("NIK"),
    "nama": _("Nama"),
    "tanggal_lahir": _("Tanggal lahir"),
    "jenis_kelamin": _("Jenis kelamin (L/P)"),
    "alamat": _("Alamat"),
    "kode_wilayah": _("Kode desa/kelurahan"),
    "no_hp": _("Nomor HP"),
    "no_kk": _("Nomor KK"),
    "pekerjaan": _("Pekerjaan (label)"),
    "pekerjaan_kode": _("Pekerjaan (kode)"),
    "penghasilan": _("Penghasilan yang dilaporkan"),
    "program": _("Kode program"),
    "program_nama": _("Nama program"),
    "bulan_pertama": _("Bulan pertama perlindungan"),
    "nomor_urut": _("Nomor urut pada SK"),
    "kpj": _("Nomor KPJ"),
}


class TataLetak(models.Model):
    """Columns of a registration batch as one BPJS branch wants them.

    ``kolom`` is a list of ``{"judul": header, "sumber": key of SUMBER}`` in file order.
    Reference data an administrator edits; ``bawaan`` marks the layout used when a
    batch names none (the collective BPU registration layout)."""

    kode = models.CharField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    cabang = models.CharField(_("kantor cabang BPJS"), max_length=200, blank=True)
    kolom = models.JSONField(_("kolom"))
    format_tanggal = models.CharField(
        _("format tanggal"), max_length=20, default="%d/%m/%Y", help_text="strftime"
    )
    format_bulan = models.CharField(
        _("format bulan"), max_length=20, default="%m/%Y", help_text="strftime"
    )
    bawaan = models.BooleanField(_("tata letak bawaan"), default=False)

    class Meta:
        verbose_name = _("tata letak batch pendaftaran")
        verbose_name_plural = _("tata letak batch pendaftaran")
        ordering = ["-bawaan", "kode"]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not isinstance(self.kolom, list) or not self.kolom:
            raise ValidationError({"kolom": _("Isi daftar kolom: judul dan sumbernya.")})
        for item in self.kolom:
            if (
                not isinstance(item, dict)
                or item.get("sumber") not in SUMBER
                or not item.get("judul")
            ):
                raise ValidationError(
                    {"kolom": _("Setiap kolom perlu judul dan sumber yang dikenal: %(s)s.")
                     % {"s": ", ".join(SUMBER)}}
                )  # fmt: skip


class BatchPendaftaran(Recorded):
    """One registration batch: what Jaring asked BPJS to register, and from when."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="batch_pendaftaran"
    )
    nomor = models.CharField(_("nomor batch"), max_length=60, unique=True)
    tata_letak = models.ForeignKey(
        TataLetak, verbose_name=_("tata letak"), on_delete=models.PROTECT, related_name="+"
    )
    bulan_pertama = models.DateField(_("bulan pertama perlindungan"))
    jumlah = models.PositiveIntegerField(_("jumlah peserta"), default=0)

    class Meta:
        verbose_name = _("batch pendaftaran")
        verbose_name_plural = _("batch pendaftaran")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.nomor


class ResponBpjs(ImportedFile):
    """One response file from BPJS, kept as sent. ``rows`` = ``rejected`` (refused rows)
    + ``diterima`` + ``ditolak`` + ``unchanged`` (answers Jaring already held)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="respon_bpjs"
    )
    UPLOAD_FOLDER = "respon-bpjs"

    diterima = models.PositiveIntegerField(_("diterima BPJS"), default=0)
    ditolak = models.PositiveIntegerField(_("ditolak BPJS"), default=0)
    unchanged = models.PositiveIntegerField(_("sudah tercatat"), default=0)
    diganti = models.PositiveIntegerField(_("diganti dari daftar tunggu"), default=0)

    class Meta(ImportedFile.Meta):
        verbose_name = _("respons BPJS")
        verbose_name_plural = _("respons BPJS")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("rejected")
                    + models.F("diterima")
                    + models.F("ditolak")
                    + models.F("unchanged")
                ),
                name="respon_bpjs_counts_reconcile",
            ),
        ]


class ResponBaris(RowProblem):
    """Why one row of a response file was refused, in plain Indonesian."""

    respon = models.ForeignKey(ResponBpjs, on_delete=models.CASCADE, related_name="errors")

    class Meta:
        verbose_name = _("kesalahan baris respons")
        verbose_name_plural = _("kesalahan baris respons")
        ordering = ["respon_id", "row_number", "id"]


class StatusPendaftaran(models.TextChoices):
    MENUNGGU = "menunggu", _("Belum dikirim ke BPJS")
    DIKIRIM = "dikirim", _("Dikirim, menunggu jawaban BPJS")
    DITERIMA = "diterima", _("Terdaftar (KPJ terbit)")
    DITOLAK = "ditolak", _("Ditolak BPJS")


class AlasanBerakhir(models.TextChoices):
    MENINGGAL = "meninggal", _("Meninggal dunia")
    PINDAH = "pindah", _("Pindah ke luar wilayah program")
    PEKERJA_FORMAL = (
        "pekerja_formal",
        _("Menjadi pekerja penerima upah (didaftarkan pemberi kerja)"),
    )
    DICABUT = "dicabut", _("Dicabut dari daftar penerima")
    LANJUT_MANDIRI = "lanjut_mandiri", _("Lanjut mandiri (membayar iuran sendiri)")
    LAINNYA = "lainnya", _("Lainnya")


# Ends BPJS must act on once Jaring records them: close the membership (a death also
# opens a JKM claim). ``enrollment.queries.ends_reported`` lists them.
REPORTED_ENDS = (AlasanBerakhir.MENINGGAL.value, AlasanBerakhir.PINDAH.value)


class Peserta(models.Model):
    """One person in one programme as BPJS knows them (one row per person and
    programme, enforced by the database).

    ``bulan_mulai``/``bulan_akhir`` are the first and last months of cover (first days
    of months). ``bulan_akhir`` starts as the programme's last month; an event ends
    cover after the month it happened in. ``bulan_akhir < bulan_mulai`` means the
    participant never had a covered month (ended before cover began)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="peserta", db_index=False
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("pekerja"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # written set-based from the beneficiary list
    )
    nomor_urut = models.PositiveIntegerField(_("nomor urut"))
    kode_kabupaten = models.CharField(_("kabupaten/kota"), max_length=5)
    status = models.CharField(
        _("status pendaftaran"),
        max_length=10,
        choices=StatusPendaftaran.choices,
        default=StatusPendaftaran.MENUNGGU,
    )
    batch = models.ForeignKey(
        BatchPendaftaran,
        verbose_name=_("batch pendaftaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peserta",
        db_constraint=False,
    )
    respon = models.ForeignKey(
        ResponBpjs,
        verbose_name=_("dijawab dalam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # NULL until BPJS answers: unique per programme only where present.
    kpj = models.CharField(_("nomor KPJ"), max_length=11, null=True, blank=True)  # noqa: DJ001
    alasan_tolak = models.CharField(_("alasan penolakan BPJS"), max_length=300, blank=True)
    bulan_mulai = models.DateField(_("bulan pertama perlindungan"), null=True, blank=True)
    bulan_akhir = models.DateField(_("bulan terakhir perlindungan"), null=True, blank=True)
    alasan_berakhir = models.CharField(
        _("alasan berakhir"), max_length=20, choices=AlasanBerakhir.choices, blank=True
    )
    keterangan_berakhir = models.CharField(_("keterangan"), max_length=300, blank=True)
    tanggal_peristiwa = models.DateField(_("tanggal peristiwa"), null=True, blank=True)
    lanjutan_dari = models.ForeignKey(
        "self",
        verbose_name=_("melanjutkan kepesertaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["program_id", "nomor_urut"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="peserta_unik"),
            models.UniqueConstraint(
                fields=["program", "kpj"],
                condition=models.Q(kpj__isnull=False),
                name="peserta_kpj_unik",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="diterima")
                | (models.Q(kpj__isnull=False) & models.Q(bulan_mulai__isnull=False)),
                name="peserta_diterima_ada_kpj",
            ),
            models.CheckConstraint(
                condition=models.Q(bulan_mulai__isnull=True) | models.Q(bulan_mulai__day=1),
                name="peserta_bulan_mulai_tanggal_1",
            ),
            models.CheckConstraint(
                condition=models.Q(bulan_akhir__isnull=True) | models.Q(bulan_akhir__day=1),
                name="peserta_bulan_akhir_tanggal_1",
            ),
        ]
        indexes = [
            models.Index(fields=["kpj"], name="peserta_kpj_idx"),
            models.Index(fields=["person"], name="peserta_person_idx"),
            # The home page's to-do counts: small partial indexes over the few rows in
            # each state, so a count never walks a million participants (at 10^6 rows
            # each count took 150-430 ms without them, under 10 ms with them).
            models.Index(
                fields=["batch"],
                condition=models.Q(status="dikirim"),
                name="peserta_dikirim_idx",
            ),
            models.Index(
                fields=["program"],
                condition=models.Q(status="ditolak"),
                name="peserta_ditolak_idx",
            ),
            models.Index(
                fields=["program", "updated_at"],
                condition=models.Q(alasan_berakhir__in=REPORTED_ENDS),
                name="peserta_berakhir_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} #{self.nomor_urut}"


class CaraLanjut(models.TextChoices):
    FORMULIR = "formulir", _("Dicatat petugas")
    BERKAS = "berkas", _("Dari berkas")


class LanjutMandiri(Recorded):
    """A participant not carried over to the next programme year who accepted to
    continue as a self-paying BPU (*lanjut mandiri*) with the same KPJ, from
    ``bulan_mulai`` (the first month they pay themselves; the programme pays nothing
    from then on). Followed through BPJS's membership file (``matching.IuranMandiri``
    and the last month paid): the dashboard's sustainability figure counts who is still
    paying 3, 6 and 12 months later."""

    peserta = models.OneToOneField(Peserta, on_delete=models.PROTECT, related_name="lanjut_mandiri")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="lanjut_mandiri"
    )
    kpj = models.CharField(_("nomor KPJ"), max_length=11)
    bulan_mulai = models.DateField(_("bulan pertama bayar sendiri"))
    cara = models.CharField(_("dicatat dari"), max_length=10, choices=CaraLanjut.choices)

    class Meta:
        verbose_name = _("lanjut mandiri")
        verbose_name_plural = _("lanjut mandiri")
        ordering = ["program_id", "peserta_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bulan_mulai__day=1), name="lanjut_mandiri_bulan_tanggal_1"
            ),
        ]
        indexes = [models.Index(fields=["kpj"], name="lanjut_mandiri_kpj_idx")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.kpj}"
