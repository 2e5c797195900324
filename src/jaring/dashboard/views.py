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
from jaring.dashboard.queries import PANELS, TEXT, build, build_for_scope, scope_of
from jaring.dashboard.report import report_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(row: list, kinds: list[str]) -> list[tuple[str, bool]]:
    """(text, is a number) per cell, formatted as the charts format them."""
    return list(zip(charts.cell_texts(row, kinds), [k != TEXT for k in kinds], strict=True))


@login_required
def index(request):
    dashboard = build(request.user, request.GET)
    query = urlencode(dashboard.filters.as_query()) if dashboard.filters else ""
    panels = [
        {
            "panel": panel,
            # Markup built by charts.py, which escapes every text it places.
            "svg": mark_safe(panel.svg),  # noqa: S308
            "rows": [_cells(row, panel.kinds) for row in panel.rows],
            "ignored": dashboard.ignored_filters(panel),
            "footer": _cells(panel.footer, panel.kinds) if panel.footer else None,
        }
        for panel in dashboard.panels.values()
    ]
    headlines = [
        {
            "label": h.label,
            "note": h.note,
            "value": charts.fmt_kind(h.value, h.kind),
        }
        for h in (dashboard.headlines if dashboard.filters else [])
    ]
    return render(
        request,
        "dashboard/index.html",
        {"dashboard": dashboard, "panels": panels, "query": query, "headlines": headlines},
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
