import datetime as dt
import re
from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from jaring.accounts.policy import is_admin
from jaring.programs import services
from jaring.programs.models import Alokasi, Komponen, Pendana, Program, StatusProgram
from jaring.programs.selection import capacity, cost_per_worker
from jaring.programs.tariffs import NoTariff
from jaring.registry.models import Pekerjaan
from jaring.wilayah.models import Tingkat, Wilayah

MONTH_FORMATS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(-\d{1,2})?"),  # 2027-01 (month picker), 2027-01-15
    re.compile(r"(?P<m>\d{1,2})[/-](?P<y>\d{4})"),  # 01/2027, 1-2027
)


class MonthInput(forms.TextInput):
    """The browser's month picker; the value it sends (and shows) is ``YYYY-MM``."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A coverage month, stored as its first day. Accepts the month picker's
    ``2027-01``, a full date (its day is dropped) and the ``01/2027`` clerks type where a
    browser has no month picker."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Tulis bulan sebagai tahun-bulan, misalnya 2027-01."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        text = str(value).strip()
        for pattern in MONTH_FORMATS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    return dt.date(int(match["y"]), int(match["m"]), 1)
                except ValueError:
                    break
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class ScenarioForm(forms.Form):
    """One what-if column of a budget proposal."""

    nama = forms.CharField(label=_("Skenario"), max_length=60)
    pekerja = forms.IntegerField(label=_("Jumlah pekerja"), min_value=0, max_value=10_000_000)
    bulan = forms.IntegerField(label=_("Jumlah bulan"), min_value=0, max_value=36)
    penghasilan = forms.IntegerField(
        label=_("Penghasilan dilaporkan (Rp/bulan)"), min_value=0, required=False
    )
    porsi_provinsi = forms.DecimalField(
        label=_("Porsi APBD provinsi (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=Decimal(100),
    )
    mulai = MonthField(
        label=_("Bulan pertama"),
        required=False,
        help_text=_("Kosong: Januari tahun depan, tahun anggaran yang direncanakan."),
    )
    pekerjaan = forms.ModelChoiceField(
        label=_("Pekerjaan sasaran"),
        queryset=Pekerjaan.objects.filter(aktif=True).order_by("label"),
        to_field_name="kode",
        required=False,
        empty_label=_("Semua pekerjaan"),
        help_text=_("Keringanan tarif dapat berlaku untuk satu sektor saja."),
    )


ScenarioFormSet = forms.formset_factory(ScenarioForm, extra=0, min_num=1, max_num=4)


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kode} — {obj.nama}"


class ProposalForm(forms.Form):
    """Which programme's proposal for next year's budget to download, from which month,
    for how many months (``proposal``)."""

    program = ProgramChoiceField(
        label=_("Program"), queryset=Program.objects.none(), to_field_name="kode"
    )
    mulai = MonthField(
        label=_("Bulan pertama"),
        required=False,
        help_text=_("Kosong: Januari tahun depan, tahun anggaran yang direncanakan."),
    )
    bulan = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=36, initial=12)

    def __init__(self, programs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["program"])
        # Approved programmes first: the one carried into next year is the usual choice.
        drafts_last = Case(When(status=StatusProgram.DRAF, then=1), default=0)
        field.queryset = programs.order_by(drafts_last, "-bulan_mulai", "kode")
        field.empty_label = None
        self.fields["bulan"].widget.attrs["size"] = 3


DEFAULT_SCENARIOS = [
    {"nama": "Kuota provinsi", "pekerja": 100_000, "bulan": 12, "porsi_provinsi": Decimal(100)},
    {"nama": "Tambahan kota (APBD-P)", "pekerja": 15_000, "bulan": 6, "porsi_provinsi": Decimal(0)},
    {"nama": "Bersama 50:50", "pekerja": 50_000, "bulan": 12, "penghasilan": 2_000_000,
     "porsi_provinsi": Decimal(50)},
]  # fmt: skip


# --- Programme rules ------------------------------------------------------------------


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nama


def program_regions(user):
    """The province or regencies/cities a user may create a programme for."""
    regions = Wilayah.objects.filter(tingkat__in=[Tingkat.PROVINSI, Tingkat.KABUPATEN_KOTA])
    if is_admin(user):
        return regions.order_by("kode")
    scope = user.wilayah_id or ""
    if not scope:
        return regions.none()
    return regions.filter(
        Q(kode=scope[:5]) if len(scope) >= 5 else Q(kode=scope) | Q(induk_id=scope)
    ).order_by("kode")


def occupation_field_name(kode: str) -> str:
    return f"risiko_{kode}"


WEIGHT = {"min_value": 0, "max_value": 1000, "initial": 0}


class ProgramForm(forms.ModelForm):
    """A draft programme's identity, region, period, quota, budget and rules. The
    occupation risk weights are one number field per occupation (``risiko_<kode>``)."""

    bulan_mulai = MonthField(
        label=_("Bulan pertama perlindungan"),
        help_text=_("Iuran dibayar mulai bulan ini; usia pekerja dihitung pada tanggal 1-nya."),
    )
    pekerjaan_sasaran = forms.ModelMultipleChoiceField(
        label=_("Pekerjaan sasaran"),
        queryset=Pekerjaan.objects.filter(aktif=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya pekerja dengan pekerjaan yang dicentang yang dapat dipilih. "
                    "Tidak ada yang dicentang: semua pekerjaan."),
    )  # fmt: skip

    class Meta:
        model = Program
        fields = [
            "kode", "nama", "dasar_hukum_jenis", "dasar_hukum_nomor", "dasar_hukum_tanggal",
            "wilayah", "bulan_mulai", "jumlah_bulan", "paket_manfaat",
            "penghasilan_dilaporkan", "kuota_total", "alokasi", "pagu_anggaran",
            "usia_min", "usia_maks", "pekerjaan_sasaran", "kecualikan_peserta_aktif",
            "kecualikan_program_lain", "bobot_dtks", "batas_penghasilan", "bobot_penghasilan",
            "usia_prioritas", "bobot_usia", "bobot_per_tahun_menunggu",
        ]  # fmt: skip
        widgets = {
            "dasar_hukum_tanggal": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "alokasi": forms.RadioSelect,
        }
        help_texts = {
            "kode": _("Kode singkat yang unik, misalnya SMD-2027; dipakai pada nama berkas."),
            "dasar_hukum_nomor": _("Nomor peraturan atau keputusan, misalnya 12 Tahun 2026."),
            "wilayah": _("Pekerja yang berdomisili di wilayah ini dapat menjadi penerima."),
            "jumlah_bulan": _("Berapa bulan iuran dibayar program (1–60)."),
            "paket_manfaat": _("JHT bersifat sukarela dan menambah iuran per bulan."),
            "penghasilan_dilaporkan": _(
                "Penghasilan per bulan yang didaftarkan untuk setiap peserta. Kosongkan untuk "
                "memakai batas minimal tarif (Rp 1.000.000; iuran Rp 16.800 per bulan)."
            ),
            "kuota_total": _("Jumlah pekerja paling banyak yang dibiayai program."),
            "alokasi": _(
                "Cara membagi kuota ke kabupaten/kota. Sisa pembagian diberikan kepada sisa "
                "pecahan terbesar, sehingga jumlahnya selalu tepat."
            ),
            "pagu_anggaran": _(
                "Batas anggaran iuran seluruh periode. Bila pagu tidak cukup untuk seluruh "
                "kuota, jumlah penerima diturunkan sampai terbayar. Kosongkan bila tidak ada."
            ),
            "usia_min": _("Usia paling rendah pada bulan pertama perlindungan."),
            "usia_maks": _("Usia paling tinggi pada bulan pertama perlindungan."),
            "kecualikan_peserta_aktif": _(
                "Pekerja yang sudah membayar iuran BPJS Ketenagakerjaan sendiri tidak dipilih."
            ),
            "kecualikan_program_lain": _(
                "Pekerja yang sudah menjadi penerima program lain pada bulan yang beririsan "
                "tidak dipilih, agar iuran tidak dibayar dua kali."
            ),
            "bobot_dtks": _(
                "Tambahan skor bagi pekerja yang terdaftar dalam DTKS/P3KE (rumah tangga miskin)."
            ),
            "batas_penghasilan": _(
                "Pekerja dengan penghasilan sampai batas ini mendapat tambahan skor "
                "penghasilan rendah."
            ),
            "bobot_penghasilan": _("Tambahan skor bagi pekerja berpenghasilan rendah."),
            "usia_prioritas": _("Pekerja seusia ini atau lebih tua mendapat tambahan skor usia."),
            "bobot_usia": _("Tambahan skor bagi pekerja pada usia prioritas."),
            "bobot_per_tahun_menunggu": _(
                "Tambahan skor untuk setiap tahun penuh pekerja menunggu di registri, agar "
                "yang lama menunggu tidak terus tertinggal."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.figures: dict | None = None
        self.fields["wilayah"] = RegionChoiceField(
            label=_("Wilayah program"),
            queryset=program_regions(user),
            help_text=self.Meta.help_texts["wilayah"],
        )
        # Choosing the region redraws the fixed-quota table for its regencies/cities
        # (the form posted as "Hitung": nothing is saved).
        self.fields["wilayah"].widget.attrs.update(
            {"hx-post": "", "hx-trigger": "change", "hx-include": "#program-form",
             "hx-vals": '{"aksi": "hitung"}', "hx-select": "#kuota-tetap",
             "hx-target": "#kuota-tetap", "hx-swap": "outerHTML"}
        )  # fmt: skip
        weights = (self.instance.bobot_pekerjaan or {}) if self.instance.pk else {}
        self.occupations = list(Pekerjaan.objects.filter(aktif=True))
        for occupation in self.occupations:
            self.fields[occupation_field_name(occupation.kode)] = forms.IntegerField(
                label=occupation.label, required=False, min_value=WEIGHT["min_value"],
                max_value=WEIGHT["max_value"], initial=int(weights.get(occupation.kode, 0)),
            )  # fmt: skip
        # The range itself is the model's (``WEIGHT_RANGE``); here only the browser's hint.
        for name in ("bobot_dtks", "bobot_penghasilan", "bobot_usia", "bobot_per_tahun_menunggu"):
            self.fields[name].widget.attrs.update(min=0, max=1000)
        cast(forms.ChoiceField, self.fields["alokasi"]).choices = Alokasi.choices
        if self.instance.pk is None:
            defaults = {"alokasi": Alokasi.PROPORSIONAL_ELIGIBLE, "jumlah_bulan": 12,
                        "usia_min": 15, "usia_maks": 65}  # fmt: skip
            for name, value in defaults.items():
                if self.initial.get(name) in (None, ""):
                    self.initial[name] = value
        self.fields["jumlah_bulan"].widget.attrs.update(min=1, max=60)
        self.fields["kuota_total"].widget.attrs.update(min=1)

    def occupation_rows(self):
        """(occupation, target checkbox, risk weight field) for the rules table."""
        boxes = {str(box.data["value"]): box for box in self["pekerjaan_sasaran"]}
        return [
            (o, boxes.get(o.kode), self[occupation_field_name(o.kode)]) for o in self.occupations
        ]

    def clean_kuota_total(self):
        value = self.cleaned_data["kuota_total"]
        if value is not None and value < 1:
            raise forms.ValidationError(_("Kuota total sedikitnya 1 pekerja."))
        return value

    def clean(self):
        super().clean()
        data = self.cleaned_data
        low, high = data.get("usia_min"), data.get("usia_maks")
        if low is not None and high is not None and low > high:
            self.add_error("usia_maks", _("Usia maksimal harus sama atau lebih dari usia minimal."))
        months = data.get("jumlah_bulan")
        if months is not None and not 1 <= months <= 60:
            self.add_error("jumlah_bulan", _("Jumlah bulan antara 1 dan 60."))
        self.instance.bobot_pekerjaan = {
            o.kode: data[occupation_field_name(o.kode)]
            for o in self.occupations
            if data.get(occupation_field_name(o.kode))
        }
        if data.get("bulan_mulai") and months and 1 <= months <= 60 and "kuota_total" in data:
            self._compute_figures(data)
        return data

    def _compute_figures(self, data) -> None:
        draft = Program(
            bulan_mulai=data["bulan_mulai"],
            jumlah_bulan=data["jumlah_bulan"],
            penghasilan_dilaporkan=data.get("penghasilan_dilaporkan"),
            paket_manfaat=data.get("paket_manfaat") or self.instance.paket_manfaat,
            kuota_total=data.get("kuota_total") or 0,
            pagu_anggaran=data.get("pagu_anggaran"),
        )
        try:
            self.figures = program_figures(draft)
        except NoTariff as exc:
            self.add_error("bulan_mulai", str(exc))
            return
        if draft.pagu_anggaran is not None and self.figures["kapasitas"] == 0:
            self.add_error(
                "pagu_anggaran",
                _("Pagu anggaran tidak cukup untuk satu pekerja (Rp %(biaya)s per pekerja).")
                % {"biaya": intcomma(self.figures["biaya_per_orang"])},
            )

    def target_occupations(self) -> list[str]:
        return [o.kode for o in self.cleaned_data.get("pekerjaan_sasaran") or []]


def program_figures(program: Program) -> dict:
    """Cost per worker over the programme, the places the ceiling allows, and what
    those places cost (raises ``NoTariff`` when a month has no tariff)."""
    cost = cost_per_worker(program)
    places = capacity(program)
    return {"biaya_per_orang": cost, "kapasitas": places, "total": cost * places}


class FunderForm(forms.Form):
    """Each funder's share in percent; the shares must add up to exactly 100. A
    component (JKK, JKM, JHT) may instead be paid whole by one funder (``oleh_<part>``):
    "APBD pays JKK, the worker pays JKM" is APBD 100% and JKM paid by the worker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kode, label in Pendana.choices:
            self.fields[kode] = forms.DecimalField(
                label=label, required=False, min_value=Decimal(0), max_value=Decimal(100),
                max_digits=5, decimal_places=2,
            )  # fmt: skip
        whole = [("", _("Menurut porsi di atas")), *Pendana.choices]
        for part, label in Komponen.choices:
            self.fields[f"oleh_{part}"] = forms.ChoiceField(
                label=_("%(komponen)s dibayar oleh") % {"komponen": label},
                choices=whole, required=False,
            )  # fmt: skip

    def share_fields(self):
        return [self[kode] for kode, _label in Pendana.choices]

    def component_fields(self):
        return [self[f"oleh_{part}"] for part, _label in Komponen.choices]

    def components(self) -> dict[str, dict[str, Decimal]]:
        """Component → {the funder who pays it whole: 100}, for those set."""
        return {
            part: {self.cleaned_data[f"oleh_{part}"]: Decimal(100)}
            for part, _label in Komponen.choices
            if self.cleaned_data.get(f"oleh_{part}")
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        total = sum((data.get(k) or Decimal(0) for k, _label in Pendana.choices), Decimal(0))
        if total != 100:
            raise forms.ValidationError(
                _("Porsi pendana berjumlah %(total)s%%; jumlahnya harus tepat 100%%.")
                % {"total": f"{total.normalize():f}"},
                code="total",
            )
        return data

    def shares(self) -> dict[str, Decimal]:
        return {
            k: self.cleaned_data[k] for k, _label in Pendana.choices if self.cleaned_data.get(k)
        }


def _plain(share: Decimal) -> Decimal:
    """A share as a clerk writes it: 100 and 62.5, never 1E+2 (``normalize`` alone)."""
    return share.quantize(Decimal(1)) if share == share.to_integral() else share.normalize()


def funder_initial(program: Program, user) -> dict:
    """A new programme starts paid wholly by the budget of the manager's region."""
    if program.pk is None:
        scope = user.wilayah_id or ""
        return {"apbd_kabkota" if len(scope) >= 5 else "apbd_provinsi": Decimal(100)}
    initial: dict[str, Decimal | str] = {
        k: _plain(v)
        for k, v in program.pendana.filter(komponen="").values_list("pendana", "porsi_persen")
    }
    for part, pendana, porsi in program.pendana.exclude(komponen="").values_list(
        "komponen", "pendana", "porsi_persen"
    ):
        if porsi == 100:
            initial[f"oleh_{part}"] = pendana
    return initial


class FixedQuotaForm(forms.Form):
    kode = forms.CharField(widget=forms.HiddenInput)
    kuota_tetap = forms.IntegerField(label=_("Kuota tetap"), required=False, min_value=0)


class BaseFixedQuotaFormSet(forms.BaseFormSet):
    """One row per regency/city the manager may fund; only those inside the programme's
    region count, and only when the allocation is ``tetap``."""

    def __init__(self, *args, regions, **kwargs):
        self.regions = {r.kode: r for r in regions}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Every row is validated, even one left as it was shown (never an "empty" extra).
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def refuse(self, message) -> None:
        """An error about the table as a whole, shown above it."""
        self._non_form_errors = self.error_class([message], error_class="nonform")

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            if form.cleaned_data.get("kode") not in self.regions:
                raise forms.ValidationError(_("Kabupaten/kota tidak dikenal."))

    def quotas(self) -> dict[str, int | None]:
        return {f.cleaned_data["kode"]: f.cleaned_data.get("kuota_tetap") for f in self.forms}

    def rows(self):
        return [(self.regions.get(f["kode"].value()), f) for f in self.forms]


FixedQuotaFormSet = cast(
    type[BaseFixedQuotaFormSet],
    forms.formset_factory(FixedQuotaForm, formset=BaseFixedQuotaFormSet, extra=0, max_num=600),
)


def _posted_quotas(data) -> dict[str, str]:
    """The fixed-quota table as posted: regency code → what was typed, in table order."""
    try:
        count = min(int(data.get("kuota-TOTAL_FORMS") or 0), 600)
    except ValueError:
        count = 0
    return {data.get(f"kuota-{i}-kode", ""): data.get(f"kuota-{i}-kuota_tetap", "")
            for i in range(count)}  # fmt: skip


def fixed_quota_regions(user, program: Program, chosen: str = ""):
    """Regencies/cities listed in the fixed-quota table: those of the province of the
    region chosen in the form (else the programme's, else the user's)."""
    chosen = chosen if program_regions(user).filter(kode=chosen).exists() else ""
    kode = chosen or (program.wilayah_id if program.pk else (user.wilayah_id or ""))
    if not kode:
        return Wilayah.objects.none()
    province = kode[:2]
    regions = Wilayah.objects.filter(tingkat=Tingkat.KABUPATEN_KOTA, induk_id=province)
    if len(user.wilayah_id or "") >= 5 and not is_admin(user):
        regions = regions.filter(kode=user.wilayah_id[:5])
    return regions.order_by("kode")


class ProgramEditor:
    """The programme form, its funders and its fixed quotas, validated together and
    saved in one service call (``services.save_program``)."""

    def __init__(self, *, user, program: Program | None = None, data=None):
        self.user = user
        self.program = program or Program()
        self.form = ProgramForm(data, instance=self.program, user=user, prefix="program")
        initial = funder_initial(self.program, user)
        self.funders = FunderForm(data, prefix="pendana", initial=initial)
        chosen = data.get("program-wilayah", "") if data is not None else ""
        self.regions = list(fixed_quota_regions(user, self.program, chosen))
        existing = (
            dict(self.program.kuota_wilayah.values_list("wilayah_id", "kuota_tetap"))
            if self.program.pk
            else {}
        )
        codes = [r.kode for r in self.regions]
        posted = _posted_quotas(data) if data is not None else {}
        # The region chosen changed the list of regencies/cities since the table was
        # shown (an administrator picking a province): a fresh table for the new list,
        # keeping what was typed for a regency still in it, to fill in before saving.
        self.table_changed = data is not None and list(posted) != codes
        if self.table_changed:
            self.quotas = FixedQuotaFormSet(
                prefix="kuota",
                regions=self.regions,
                initial=[{"kode": k, "kuota_tetap": posted.get(k) or existing.get(k)}
                         for k in codes],
            )  # fmt: skip
        else:
            self.quotas = FixedQuotaFormSet(
                data,
                prefix="kuota",
                regions=self.regions,
                initial=[{"kode": k, "kuota_tetap": existing.get(k)} for k in codes],
            )
        if data is None and self.program.pk:
            try:
                self.form.figures = program_figures(self.program)
            except NoTariff:
                self.form.figures = None

    def is_valid(self) -> bool:
        quotas_valid = self.table_changed or self.quotas.is_valid()
        valid = all([self.form.is_valid(), self.funders.is_valid(), quotas_valid])
        if valid and self.form.cleaned_data["alokasi"] == Alokasi.TETAP:
            if self.table_changed:
                self.quotas.refuse(
                    _("Isi kuota tetap kabupaten/kota wilayah program ini, lalu simpan lagi.")
                )
                return False
            valid = self._check_fixed_quotas()
        return valid

    def _inside(self) -> dict[str, int | None]:
        if self.table_changed:  # not a fixed-quota programme (is_valid): nothing to keep
            return {}
        region = self.form.cleaned_data["wilayah"].kode
        return {
            kode: value
            for kode, value in self.quotas.quotas().items()
            if kode == region or kode.startswith(region + ".")
        }

    def _check_fixed_quotas(self) -> bool:
        total = sum(v or 0 for v in self._inside().values())
        expected = self.form.cleaned_data["kuota_total"]
        if total != expected:
            self.quotas.refuse(
                _(
                    "Jumlah kuota tetap kabupaten/kota di wilayah program %(total)s, "
                    "tidak sama dengan kuota total %(expected)s."
                )
                % {"total": intcomma(total), "expected": intcomma(expected)}
            )
            return False
        return True

    def save(self):
        """Through the service; a ``WorkflowError`` becomes a form error (nothing saved)."""
        program = self.form.save(commit=False)
        fixed = self.form.cleaned_data["alokasi"] == Alokasi.TETAP
        inside = self._inside()
        try:
            return services.save_program(
                user=self.user,
                program=program,
                pekerjaan=self.form.target_occupations(),
                pendana=self.funders.shares(),
                komponen=self.funders.components(),
                kuota_tetap={k: (v if fixed else None) for k, v in inside.items()},
            )
        except services.WorkflowError as exc:
            self.form.add_error(None, str(exc))
            return None

    @property
    def errors(self) -> bool:
        return bool(self.form.errors or self.funders.errors or self.quotas.non_form_errors())


# --- Workflow steps -------------------------------------------------------------------


class VerifyForm(forms.Form):
    kode = forms.CharField(widget=forms.HiddenInput)
    catatan = forms.CharField(
        label=_("Catatan verifikasi"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("misalnya: dicocokkan dengan kelurahan")}),
    )


class DecreeForm(forms.Form):
    nomor_sk = forms.CharField(label=_("Nomor SK"), max_length=100)
    tanggal_sk = forms.DateField(
        label=_("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tempat = forms.CharField(label=_("Ditetapkan di"), max_length=100)
    jabatan = forms.CharField(label=_("Jabatan penanda tangan"), max_length=150)
    nama = forms.CharField(label=_("Nama penanda tangan"), max_length=150)


class StrikeForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    alasan = forms.CharField(label=_("Alasan pencoretan"), max_length=300)
