"""The dashboard page and its downloads. Thin: ``queries.build`` computes everything
once, scoped to the user; the page, the XLSX and the SVG are three renderings of it.
Only aggregates are shown, so no personal-data access is logged here."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from jaring.dashboard import charts
from jaring.dashboard.export import panel_xlsx
from jaring.dashboard.queries import TEXT, build


def _cells(row: list, kinds: list[str]) -> list[tuple[str, bool]]:
    """(text, is a number) per cell, formatted as the charts format them."""
    return [
        (("" if value is None else str(value)) if kind == TEXT else charts.fmt(value), kind != TEXT)
        for value, kind in zip(row, kinds, strict=True)
    ]


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
            "footer": _cells(panel.footer, panel.kinds) if panel.footer else None,
        }
        for panel in dashboard.panels.values()
    ]
    return render(
        request,
        "dashboard/index.html",
        {"dashboard": dashboard, "panels": panels, "query": query},
    )


def _panel(request, key: str):
    dashboard = build(request.user, request.GET)
    panel = dashboard.panels.get(key)
    if panel is None:
        raise Http404
    return dashboard, panel


def _filename(dashboard, key: str, extension: str) -> str:
    f = dashboard.filters
    region = f.wilayah or dashboard.scope or "semua"
    return f"dasbor-{key}-{region}-{f.dari:%Y%m}-{f.sampai:%Y%m}.{extension}"


@login_required
def download_xlsx(request, key: str):
    dashboard, panel = _panel(request, key)
    response = HttpResponse(
        panel_xlsx(dashboard, panel),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _filename(dashboard, key, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def download_svg(request, key: str):
    dashboard, panel = _panel(request, key)
    response = HttpResponse(charts.standalone(panel.svg), content_type="image/svg+xml")
    name = _filename(dashboard, key, "svg")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
