"""Rules that keep the dashboard readable: chart labels that fit their picture, two
funnels drawn apart, headline figures that explain a zero, cells read by column key."""

import re
from decimal import Decimal

import pytest

from jaring.dashboard import charts
from jaring.dashboard.figures import PCT, RATIO, Column, Headline, Panel, at

LONG = "Kabupaten Penajam Paser Utara dan sekitarnya yang sangat panjang"


def label_lines(svg: str) -> list[list[str]]:
    """Per label text: its lines (one, or the tspans of a wrapped label)."""
    out = []
    for text in re.findall(r'<text[^>]*text-anchor="end"[^>]*>(.*?)</text>', svg):
        spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", text)
        out.append(spans or [text])
    return out


@pytest.mark.parametrize("draw", ["bars", "grouped"])
def test_a_long_label_wraps_within_its_room_instead_of_being_clipped(draw):
    if draw == "bars":
        svg = charts.bars([charts.Bar(LONG, 5), charts.Bar("Kota Bontang", 7)], title="t")
    else:
        svg = charts.grouped([(LONG, [5, 6]), ("Kota Bontang", [7, 8])], title="t", series="ab")

    wrapped, short = label_lines(svg)
    assert short == ["Kota Bontang"]
    assert len(wrapped) == 2 and wrapped[0] == "Kabupaten Penajam Paser"
    assert wrapped[1].endswith("…") and LONG.split("Paser ")[1].startswith(wrapped[1][:-1])
    room = 190 - 12
    for line in wrapped + short:  # estimated on the wide side, at the smaller size
        assert len(line) * 11 * charts.CHAR_W <= room


def test_a_large_value_gets_room_to_the_right_of_its_bar():
    svg = charts.bars([charts.Bar("Bulan", 1_234_567_890_123)], title="t")
    x, text = re.findall(r'<text x="([\d.]+)" y="[\d.]+" fill="[^"]+">([\d.]+)</text>', svg)[-1]
    assert text == "1.234.567.890.123"
    assert float(x) + len(text) * 12 * charts.CHAR_W <= charts.WIDTH


def test_groups_of_bars_have_their_own_heading_and_scale():
    svg = charts.bars(
        [charts.Bar("Diajukan", 1000, group="Registri"), charts.Bar("Ditolak", 10, group="Registri"),
         charts.Bar("Terpilih", 20, group="Program"), charts.Bar("Terdaftar", 10, group="Program")],
        title="alur",
    )  # fmt: skip
    assert re.findall(r'font-weight="bold">([^<]+)<', svg) == ["Registri", "Program"]
    widths = [float(w) for w in re.findall(r'<rect x="190" y="[\d.]+" width="([\d.]+)"', svg)]
    # The programme's 20 fills its own scale as the registry's 1,000 fills its own.
    assert widths[0] == pytest.approx(widths[2], rel=0.01)
    assert widths[3] == pytest.approx(widths[2] / 2, rel=0.01)


def test_a_headline_explains_a_zero_and_a_tiny_share():
    tiny = Headline("Cakupan", Decimal("0.0"), PCT, count=64, why_empty="belum ada")
    assert tiny.shown() == ("< 0,1%", "")
    nothing = Headline("Cakupan", Decimal("0.0"), PCT, count=0, why_empty="belum ada")
    assert nothing.shown() == ("—", "belum ada")
    assert Headline("Rasio", None, RATIO, why_empty="belum").shown() == ("—", "belum")
    assert Headline("Peserta", 0).shown() == ("0", "")
    assert Headline("Cakupan", Decimal("66.6"), PCT, count=5).shown() == ("66,6%", "")


def test_cells_are_read_by_their_column_key():
    columns = [Column("nama", "Nama", charts.TEXT), Column("kode", "Kode", charts.CODE),
               Column("n", "Jumlah")]  # fmt: skip
    panel = Panel(key="p", title="t", columns=columns, rows=[["A", "a", 1]],
                  footer=["Jumlah", "", 1])  # fmt: skip
    assert panel.labels == ["Nama", "Kode", "Jumlah"]
    assert panel.kinds == [charts.TEXT, charts.CODE, charts.INT]
    assert at(columns, panel.rows[0], "kode") == "a" and panel.total("n") == 1
    with pytest.raises(KeyError):
        at(columns, panel.rows[0], "tidak_ada")
