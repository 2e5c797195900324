"""Contributions (iuran): what each funder owes BPJS for each programme month, what it
paid, and for whom.

* ``Tagihan`` — one invoice per programme × funder × month, with its totals:
  ``jumlah`` (billed: the sum of its lines, after tariff relief), ``keringanan`` (the
  relief on its lines, so billed before relief is ``jumlah + keringanan``),
  ``diterima`` (the sum of its payments), ``kredit_masuk`` (credit carried in from the
  same programme and funder's invoice of the month before), ``dibayar`` (paid: the part
  of ``diterima + kredit_masuk`` allocated to lines, = min(diterima + kredit_masuk,
  jumlah)) and ``kredit_keluar`` (the excess carried on to the next month's invoice).
  Outstanding is ``jumlah - dibayar``; an excess (``kelebihan``) arises when the lines
  shrink after they were paid (a death reported late, a relief month billed again at the
  relieved price after it was paid in full); ``payments`` says how it moves.
* ``TagihanWilayah`` — the same invoice per regency/city (participants, billed, paid).
* ``Iuran`` — one line per participant × invoice (that is, per participant, month and
  funder): the funder's share of that participant-month after relief, how much of it is
  paid, the relief and the adjustment (``programs.PenyesuaianTarif``) that gave it.
  This is the big table (100,000 participants × 12 months × funders), so it is kept
  narrow: a composite primary key (invoice, participant) that is also the only index,
  three integer amounts and a small adjustment id, no timestamps. Month, funder and
  programme come from the invoice.
* ``PorsiPekerja`` — the worker's own share of a co-funded participant-month (funder
  ``Pendana.MANDIRI``): priced like a line, but never on an invoice — the worker pays
  BPJS directly, and BPJS's membership file (``matching.IuranMandiri``) says whether
  they did. Government invoices and their reconciliation never include it.
* ``Pembayaran`` — a payment (full or partial) against one invoice, with its reference
  (SP2D/transfer number) and date.

Invariants, held by database constraints and checked by ``queries.reconciliation``:
``0 <= Iuran.dibayar <= Iuran.jumlah``; ``Tagihan.jumlah = Σ lines``, ``Tagihan.dibayar
= Σ lines.dibayar = min(diterima + kredit_masuk, jumlah)``, ``Tagihan.diterima = Σ
payments``, ``kredit_keluar`` is 0 or the whole excess, and an invoice's
``kredit_masuk`` is the ``kredit_keluar`` of the month before; so billed = paid +
outstanding per invoice, per funder, per month and in total, and cash received = paid
+ excess not carried on.

For the dashboard: budget "billed vs paid" per programme, funder and month is
``Tagihan`` (``jumlah``, ``dibayar``); per region ``TagihanWilayah``; there is no need
to aggregate ``Iuran``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.import_records import ImportedFile, RowProblem
from jaring.programs.models import Pendana
from jaring.records import Recorded


class Tagihan(Recorded):
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    pendana = models.CharField(_("pendana"), max_length=20, choices=Pendana.choices)
    bulan = models.DateField(_("bulan"))
    nomor = models.CharField(_("nomor tagihan"), max_length=80, unique=True)
    # The funder's share of one participant-month before any relief, as the month was
    # last billed (the same for every line; relief makes lines differ by sector).
    tarif_peserta = models.PositiveIntegerField(_("iuran per peserta (Rp)"))
    peserta = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    jumlah = models.BigIntegerField(_("jumlah tagihan (Rp)"), default=0)
    keringanan = models.BigIntegerField(_("keringanan iuran (Rp)"), default=0)
    diterima = models.BigIntegerField(_("pembayaran diterima (Rp)"), default=0)
    kredit_masuk = models.BigIntegerField(_("kredit dari bulan sebelumnya (Rp)"), default=0)
    dibayar = models.BigIntegerField(_("terbayar (Rp)"), default=0)
    kredit_keluar = models.BigIntegerField(_("kredit ke bulan berikutnya (Rp)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("tagihan iuran")
        verbose_name_plural = _("tagihan iuran")
        ordering = ["program_id", "bulan", "pendana"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "bulan", "pendana"], name="tagihan_program_bulan_pendana"
            ),
            models.CheckConstraint(condition=models.Q(bulan__day=1), name="tagihan_bulan_tgl_1"),
            models.CheckConstraint(
                condition=models.Q(
                    jumlah__gte=0,
                    dibayar__gte=0,
                    diterima__gte=0,
                    keringanan__gte=0,
                    kredit_masuk__gte=0,
                    kredit_keluar__gte=0,
                )
                & models.Q(dibayar__lte=models.F("jumlah"))
                & models.Q(dibayar__lte=models.F("diterima") + models.F("kredit_masuk"))
                & (
                    models.Q(dibayar=models.F("jumlah"))
                    | models.Q(dibayar=models.F("diterima") + models.F("kredit_masuk"))
                ),
                name="tagihan_dibayar_min_tersedia_jumlah",
            ),
            models.CheckConstraint(
                condition=models.Q(kredit_keluar=0)
                | models.Q(
                    kredit_keluar=models.F("diterima")
                    + models.F("kredit_masuk")
                    - models.F("dibayar")
                ),
                name="tagihan_kredit_keluar_seluruh_kelebihan",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor

    @property
    def tunggakan(self) -> int:
        """Outstanding: billed and not (yet) paid."""
        return self.jumlah - self.dibayar

    @property
    def kelebihan(self) -> int:
        """Received (payments and credit carried in) beyond what is now billed."""
        return self.diterima + self.kredit_masuk - self.dibayar

    @property
    def kelebihan_tertahan(self) -> int:
        """Excess not carried on (no next month's invoice yet, or none will come)."""
        return self.kelebihan - self.kredit_keluar

    @property
    def sebelum_keringanan(self) -> int:
        """Billed before tariff relief."""
        return self.jumlah + self.keringanan

    @property
    def lunas(self) -> bool:
        return self.jumlah == self.dibayar


class TagihanWilayah(models.Model):
    """An invoice's participants, billed and paid amounts in one regency/city."""

    tagihan = models.ForeignKey(Tagihan, on_delete=models.CASCADE, related_name="wilayah")
    kode_kabupaten = models.CharField(_("kabupaten/kota"), max_length=5)
    peserta = models.PositiveIntegerField(_("jumlah peserta"))
    jumlah = models.BigIntegerField(_("jumlah tagihan (Rp)"))
    dibayar = models.BigIntegerField(_("terbayar (Rp)"))

    class Meta:
        verbose_name = _("tagihan per wilayah")
        verbose_name_plural = _("tagihan per wilayah")
        ordering = ["tagihan_id", "kode_kabupaten"]
        constraints = [
            models.UniqueConstraint(
                fields=["tagihan", "kode_kabupaten"], name="tagihan_wilayah_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tagihan_id} {self.kode_kabupaten}"

    @property
    def tunggakan(self) -> int:
        return self.jumlah - self.dibayar


class Iuran(models.Model):
    """One participant's share for one invoice (see the module docstring).

    Amounts are whole rupiah in 32-bit integers: one participant-month of one funder is
    a few tens of thousands of rupiah (at most 1% of a declared monthly income plus JKM),
    far below 2^31, and the narrow row keeps 12 million lines small."""

    pk = models.CompositePrimaryKey("tagihan", "peserta")
    tagihan = models.ForeignKey(
        Tagihan, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    peserta = models.ForeignKey(
        "enrollment.Peserta",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    jumlah = models.IntegerField(_("iuran (Rp)"))
    dibayar = models.IntegerField(_("terbayar (Rp)"), default=0)
    keringanan = models.IntegerField(_("keringanan (Rp)"), default=0)
    # The tariff adjustment that cut the line (null: none did).
    penyesuaian = models.ForeignKey(
        "programs.PenyesuaianTarif",
        verbose_name=_("penyesuaian tarif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("baris iuran")
        verbose_name_plural = _("baris iuran")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jumlah__gt=0, dibayar__gte=0)
                & models.Q(dibayar__lte=models.F("jumlah")),
                name="iuran_dibayar_0_jumlah",
            ),
            models.CheckConstraint(
                condition=models.Q(keringanan=0)
                | models.Q(keringanan__gt=0, penyesuaian__isnull=False),
                name="iuran_keringanan_dengan_penyesuaian",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tagihan_id}/{self.peserta_id}"


class PorsiPekerja(models.Model):
    """The worker's own share (*porsi pekerja*) of one participant-month of a co-funded
    programme: what the rule set makes it (after relief, with the adjustment that shaped
    it), written by billing beside the government's lines. Paid or not is not stored:
    it is BPJS's word, joined at read time from ``matching.IuranMandiri`` on the KPJ and
    month (``queries.unpaid_by_participant``). As narrow as ``Iuran``: 1.2 million rows
    for 100,000 participants × 12 months."""

    pk = models.CompositePrimaryKey("peserta", "bulan")
    peserta = models.ForeignKey(
        "enrollment.Peserta",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    bulan = models.DateField(_("bulan"))
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    jumlah = models.IntegerField(_("porsi pekerja (Rp)"))
    keringanan = models.IntegerField(_("keringanan (Rp)"), default=0)
    penyesuaian = models.ForeignKey(
        "programs.PenyesuaianTarif",
        verbose_name=_("penyesuaian tarif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("porsi pekerja")
        verbose_name_plural = _("porsi pekerja")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jumlah__gt=0, keringanan__gte=0),
                name="porsi_pekerja_jumlah_positif",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peserta_id}/{self.bulan:%Y-%m}"


class Pembayaran(Recorded):
    """A payment a funder made against one invoice. A reference is recorded once per
    invoice, so importing the same payment file twice pays nothing twice.

    Two persons: a payment from a file, or above ``JARING_PAYMENT_CONFIRM_ABOVE``,
    counts (``Tagihan.diterima``) only once someone other than whoever recorded it
    confirms it (``confirmed_at``); until then it waits, "menunggu konfirmasi"."""

    tagihan = models.ForeignKey(Tagihan, on_delete=models.PROTECT, related_name="pembayaran")
    jumlah = models.BigIntegerField(_("jumlah (Rp)"))
    tanggal = models.DateField(_("tanggal bayar"))
    referensi = models.CharField(_("referensi (SP2D/transfer)"), max_length=100)
    impor = models.ForeignKey(
        "ImporPembayaran",
        verbose_name=_("berkas pembayaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pembayaran",
    )
    # Empty while the payment waits; ``confirmed_by`` is empty for a payment that needed
    # no second person (recorded at once) or was confirmed from the command line.
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        ordering = ["tagihan_id", "tanggal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tagihan", "referensi"], name="pembayaran_referensi_unik"
            ),
            models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="pembayaran_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.tagihan_id} {self.referensi}"

    @property
    def menunggu(self) -> bool:
        """Recorded, waiting for a second person's confirmation: not yet counted."""
        return self.confirmed_at is None


class ImporPembayaran(ImportedFile):
    """One payment file (e.g. the regional treasury's SP2D list), kept as sent."""

    UPLOAD_FOLDER = "pembayaran"

    recorded = models.PositiveIntegerField(_("dicatat"), default=0)
    unchanged = models.PositiveIntegerField(_("sudah tercatat"), default=0)

    class Meta(ImportedFile.Meta):
        verbose_name = _("impor pembayaran")
        verbose_name_plural = _("impor pembayaran")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rows=models.F("rejected") + models.F("recorded") + models.F("unchanged")
                ),
                name="impor_pembayaran_counts_reconcile",
            ),
        ]


class ImporPembayaranBaris(RowProblem):
    impor = models.ForeignKey(ImporPembayaran, on_delete=models.CASCADE, related_name="errors")

    class Meta:
        verbose_name = _("kesalahan baris pembayaran")
        verbose_name_plural = _("kesalahan baris pembayaran")
        ordering = ["impor_id", "row_number", "id"]
