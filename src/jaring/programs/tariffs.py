"""The monthly contribution (iuran) of one informal worker, in whole rupiah.

BPU rates (domain.md; PP 44/2015 as amended by PP 82/2019): JKK 1% of the declared
monthly income, JKM Rp 6,800 a month, JHT 2% voluntary and not funded by these
programmes. Declared income below the floor (Rp 1,000,000) is raised to the floor, so
the minimum is Rp 16,800 per worker-month.

Rounding rule: each percentage component is computed exactly with ``Decimal`` and
rounded once, per participant-month, to whole rupiah, half up (Rp 0.50 → Rp 1). Totals
are sums of those whole-rupiah amounts, so every total reconciles with its lines.

**Adjustments** (``PenyesuaianTarif``, e.g. PP 50/2025's 50% cut of JKK+JKM) are applied
by ``contribution``, the one evaluator of a participant-month that billing, the budget
and the pages call, in this order (docs/domain.md, "Tariff adjustments"):

1. the base components once per participant-month, half up (``monthly``);
2. the total split among the funders by largest remainder (``split``);
3. JKK+JKM split by the same shares with the same largest-remainder rule;
4. per funder line, the one adjustment that covers it — the largest cut among those whose
   window holds the month, whose sector is blank or the worker's, and whose funder lists
   admit the funder (ties: the lower id), so adjustments never add up — cuts its JKK+JKM
   part by its percentage, rounded half up; the relief is subtracted from the line.

JHT is never cut. A line of a funder no adjustment covers (a state funder under PP
50/2025) is its share in full, also when the participant is co-funded.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from jaring.core.apportion import largest_remainder
from jaring.core.months import add_months, month_start
from jaring.programs.models import PenyesuaianTarif, Tarif


class NoTariff(LookupError):
    """No tariff is in force on the date asked for."""


@dataclass(frozen=True)
class RincianIuran:
    """One worker's contribution for one month, by programme (a breakdown; the billed
    line per participant, month and funder is ``contributions.Iuran``)."""

    penghasilan_dasar: int  # declared income after the floor
    jkk: int
    jkm: int
    jht: int

    @property
    def total(self) -> int:
        return self.jkk + self.jkm + self.jht


def _percent_of(amount: int, percent: Decimal) -> int:
    exact = Decimal(amount) * percent / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def monthly(
    tarif: Tarif, penghasilan: int | None = None, *, with_jht: bool = False
) -> RincianIuran:
    """The iuran of one worker for one month under ``tarif``."""
    if penghasilan is not None and penghasilan < 0:
        raise ValueError(_("Penghasilan tidak boleh negatif."))
    base = max(penghasilan or 0, tarif.penghasilan_minimum)
    return RincianIuran(
        penghasilan_dasar=base,
        jkk=_percent_of(base, tarif.jkk_persen),
        jkm=tarif.jkm_rupiah,
        jht=_percent_of(base, tarif.jht_persen) if with_jht else 0,
    )


def in_force(on: dt.date) -> Tarif:
    tarif = Tarif.objects.filter(berlaku_mulai__lte=on).order_by("-berlaku_mulai").first()
    if tarif is None:
        raise NoTariff(
            _("Tidak ada tarif iuran yang berlaku pada %(tanggal)s.")
            % {"tanggal": f"{on:%d-%m-%Y}"}
        )
    return tarif


def for_months(
    first: dt.date, months: int, penghasilan: int | None = None, *, with_jht: bool = False
) -> list[tuple[dt.date, RincianIuran]]:
    """The iuran of one worker for each of ``months`` months from ``first`` (a first of
    the month), each at the tariff in force in that month: a regulation that changes
    mid-programme changes the months after it, not the ones before."""
    if months <= 0:
        return []
    last = add_months(first, months - 1)
    tariffs = list(Tarif.objects.filter(berlaku_mulai__lte=last).order_by("berlaku_mulai"))
    result = []
    for i in range(months):
        month = add_months(first, i)
        in_force_then = [t for t in tariffs if t.berlaku_mulai <= month]
        if not in_force_then:
            raise NoTariff(
                _("Tidak ada tarif iuran yang berlaku pada %(tanggal)s.")
                % {"tanggal": f"{month:%m-%Y}"}
            )
        result.append((month, monthly(in_force_then[-1], penghasilan, with_jht=with_jht)))
    return result


def split(total: int, shares: Mapping[str, Decimal]) -> dict[str, int]:
    """Divide whole rupiah among funders by percentage so the parts add up exactly to
    ``total`` (largest remainder)."""
    if sum(shares.values()) != 100 or any(v < 0 for v in shares.values()):
        raise ValueError(_("Pembagian pendanaan harus berjumlah tepat 100%."))
    return largest_remainder(total, shares)


# --- Adjustments ---------------------------------------------------------------------


@dataclass(frozen=True)
class BarisPendana:
    """One funder's line of one participant-month: its share before relief, the relief
    and the adjustment that gave it (``None``: no adjustment covers the line)."""

    pendana: str
    sebelum: int
    keringanan: int
    penyesuaian: PenyesuaianTarif | None

    @property
    def jumlah(self) -> int:
        """What the funder is billed for the line."""
        return self.sebelum - self.keringanan


@dataclass(frozen=True)
class IuranPeserta:
    """A participant-month under the rule set: the base breakdown and the funder lines."""

    bulan: dt.date
    rincian: RincianIuran
    baris: dict[str, BarisPendana]

    @property
    def sebelum(self) -> int:
        return self.rincian.total

    @property
    def keringanan(self) -> int:
        return sum(line.keringanan for line in self.baris.values())

    @property
    def total(self) -> int:
        """The participant-month's contribution after relief (the sum of its lines)."""
        return sum(line.jumlah for line in self.baris.values())


@dataclass(frozen=True)
class RuleSet:
    """The base rates and adjustments, loaded once (``rules``) so that evaluating many
    months, sectors and funder mixes (billing, a budget plan) reads the database once."""

    tarif: Sequence[Tarif]  # ascending by berlaku_mulai
    penyesuaian: Sequence[PenyesuaianTarif]

    def base(self, bulan: dt.date) -> Tarif:
        in_force_then = [t for t in self.tarif if t.berlaku_mulai <= bulan]
        if not in_force_then:
            raise NoTariff(
                _("Tidak ada tarif iuran yang berlaku pada %(tanggal)s.")
                % {"tanggal": f"{bulan:%m-%Y}"}
            )
        return in_force_then[-1]

    def adjustment(self, bulan: dt.date, sektor: str, pendana: str) -> PenyesuaianTarif | None:
        """The one adjustment of a funder's line: the largest cut that covers it."""
        covering = [a for a in self.penyesuaian if a.covers(bulan, sektor, pendana)]
        if not covering:
            return None
        return min(covering, key=lambda a: (-a.potongan_persen, a.pk or 0))


def rules(first: dt.date | None = None, last: dt.date | None = None) -> RuleSet:
    """The rule set for the months ``first``..``last`` (default: all of it)."""
    tarif = Tarif.objects.order_by("berlaku_mulai")
    penyesuaian = PenyesuaianTarif.objects.order_by("id")
    if last is not None:
        tarif = tarif.filter(berlaku_mulai__lte=last)
        penyesuaian = penyesuaian.filter(bulan_pertama__lte=last)
    if first is not None:
        penyesuaian = penyesuaian.filter(bulan_terakhir__gte=first)
    return RuleSet(tarif=list(tarif), penyesuaian=list(penyesuaian))


def contribution(
    rule_set: RuleSet,
    bulan: dt.date,
    penghasilan: int | None = None,
    *,
    with_jht: bool = False,
    sektor: str = "",
    shares: Mapping[str, Decimal],
    components: Mapping[str, Mapping[str, Decimal]] | None = None,
) -> IuranPeserta:
    """One participant-month under ``rule_set`` (pure: no database): the worker's
    ``sektor`` (``registry.Sektor``; blank when unknown, so only all-sector adjustments
    apply), the programme's funder ``shares`` (percentages adding up to 100). The
    rounding order is the module docstring's; each line says which adjustment shaped it.

    ``components`` (``{"jkm": {"mandiri": 100}}``) split a named component by its own
    shares instead of ``shares`` (co-funding by component: APBD pays JKK, the worker
    JKM); then step 2 splits each component by largest remainder and a funder's JKK+JKM
    part is its JKK part plus its JKM part, so the lines still add up exactly."""
    bulan = month_start(bulan)
    rincian = monthly(rule_set.base(bulan), penghasilan, with_jht=with_jht)
    if components:
        parts, jkk_jkm = _by_component(rincian, shares, components)
    else:
        parts = split(rincian.total, shares)
        jkk_jkm = split(rincian.jkk + rincian.jkm, shares)
    lines = {}
    for pendana, part in parts.items():
        adjustment = rule_set.adjustment(bulan, sektor, pendana)
        relief = 0
        if adjustment is not None:
            relief = min(part, _percent_of(jkk_jkm[pendana], adjustment.potongan_persen))
        lines[pendana] = BarisPendana(pendana, part, relief, adjustment if relief else None)
    return IuranPeserta(bulan=bulan, rincian=rincian, baris=lines)


def _by_component(
    rincian: RincianIuran,
    shares: Mapping[str, Decimal],
    components: Mapping[str, Mapping[str, Decimal]],
) -> tuple[dict[str, int], dict[str, int]]:
    """Each funder's part of the whole and of JKK+JKM when components are split by
    their own shares (``contribution``): every component split by largest remainder
    among its funders, a funder's parts summed. Every funder named anywhere has a part
    (possibly 0), so a line is never missing."""
    amounts = {"jkk": rincian.jkk, "jkm": rincian.jkm, "jht": rincian.jht}
    funders = set(shares) | {f for mix in components.values() for f in mix}
    whole = dict.fromkeys(funders, 0)
    jkk_jkm = dict.fromkeys(funders, 0)
    for name, amount in amounts.items():
        mix = components.get(name) or shares
        for pendana, part in split(amount, mix).items():
            whole[pendana] += part
            if name != "jht":
                jkk_jkm[pendana] += part
    return whole, jkk_jkm
