"""The dashboard page and its downloads. Thin: ``queries.build`` computes everything
once, scoped to the user; the page, the per-panel XLSX, SVG and PNG, and the monthly
report (PDF, XLSX) are renderings of it under the page's filters. Only aggregates are
shown, so no personal-data access is logged here."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from jaring.dashboard import charts, images
from jaring.dashboard.export import panel_xlsx, report_xlsx
from jaring.dashboard.queries import PANELS, build, build_for_scope, scope_of, sections
from jaring.dashboard.report import report_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(row: list, kinds: list[str]) -> list[dict]:
    """The page's cells of a row, formatted as the charts format them: a code column
    is not a cell of its own but printed small after the name before it, so the name
    and the figures come first and the table stays narrow."""
    cells: list[dict] = []
    for text, kind in zip(charts.cell_texts(row, kinds), kinds, strict=True):
        if kind == charts.CODE and cells:
            cells[-1]["code"] = text
        else:
            cells.append({"text": text, "number": kind not in charts.WORDS, "code": ""})
    return cells


def _headers(panel) -> list[dict]:
    return [
        {"text": column.label, "number": column.kind not in charts.WORDS}
        for column in panel.columns
        if column.kind != charts.CODE
    ]


def _headline(dashboard, panel, headline) -> dict:
    """A headline card: its figure, or in its place the reason there is none (a zero
    beside hundreds of participants means "not known yet", not "nobody"), and the
    filters the figure follows. A share of a few that rounds to zero says "< 0,1%"."""
    shown, empty = headline.shown()
    return {
        "label": headline.label,
        "note": headline.note,
        "value": shown,
        "empty": empty,
        "follows": dashboard.followed_filters(panel),
    }


@login_required
def index(request):
    dashboard = build(request.user, request.GET)
    query = urlencode(dashboard.filters.as_query()) if dashboard.filters else ""
    panels = {
        key: {
            "panel": panel,
            # Markup built by charts.py, which escapes every text it places.
            "svg": mark_safe(panel.svg),  # noqa: S308
            "headers": _headers(panel),
            "rows": [_cells(row, panel.kinds) for row in panel.rows],
            "ignored": dashboard.ignored_filters(panel),
            "footer": _cells(panel.footer, panel.kinds) if panel.footer else None,
        }
        for key, panel in dashboard.panels.items()
    }
    parts = [
        {"key": key, "title": title, "panels": [panels[k] for k in keys if k in panels]}
        for key, title, keys in sections()
    ]
    headlines = [
        _headline(dashboard, panel, h)
        for panel in (dashboard.panels.values() if dashboard.filters else [])
        for h in panel.headlines
    ]
    return render(
        request,
        "dashboard/index.html",
        {
            "dashboard": dashboard,
            "sections": [s for s in parts if s["panels"]],
            "query": query,
            "headlines": headlines,
        },
    )


def _panel(request, key: str):
    """One panel for its downloads: only that panel is computed."""
    if key not in PANELS:
        raise Http404
    dashboard = build_for_scope(scope_of(request.user), request.GET, only=(key,))
    panel = dashboard.panels.get(key)
    if panel is None:
        raise Http404
    return dashboard, panel


def _filename(dashboard, key: str, extension: str) -> str:
    f = dashboard.filters
    region = f.wilayah or dashboard.scope or "semua"
    return f"dasbor-{key}-{region}-{f.dari:%Y%m}-{f.sampai:%Y%m}.{extension}"


def _attachment(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def download_xlsx(request, key: str):
    dashboard, panel = _panel(request, key)
    return _attachment(panel_xlsx(dashboard, panel), XLSX, _filename(dashboard, key, "xlsx"))


@login_required
def download_svg(request, key: str):
    dashboard, panel = _panel(request, key)
    return _attachment(
        charts.standalone(panel.svg), "image/svg+xml", _filename(dashboard, key, "svg")
    )


@login_required
def download_png(request, key: str):
    dashboard, panel = _panel(request, key)
    return _attachment(images.png(panel.svg), "image/png", _filename(dashboard, key, "png"))


def _report(request):
    dashboard = build(request.user, request.GET)
    if dashboard.filters is None:  # no region: nothing to report
        raise Http404
    f = dashboard.filters
    region = f.wilayah or dashboard.scope or "semua"
    return dashboard, f"laporan-bulanan-{region}-{f.sampai:%Y%m}"


@login_required
def download_report_pdf(request):
    dashboard, name = _report(request)
    return _attachment(report_pdf(dashboard), "application/pdf", f"{name}.pdf")


@login_required
def download_report_xlsx(request):
    dashboard, name = _report(request)
    return _attachment(report_xlsx(dashboard), XLSX, f"{name}.xlsx")
