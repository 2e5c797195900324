"""A page looked at as a desk (1366 px) and as a phone (390 px) sees it."""

DESK, PHONE = 1366, 390


def at_both_widths(page, shots, step: str) -> None:
    """Screenshots at 1366 and 390 px; at 390 the page itself must not scroll sideways.
    Leaves the page at 1366 px."""
    for width in (DESK, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        shots(page, f"{step}-{width}")
        if width == PHONE:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= PHONE, f"{step}: the page scrolls sideways at {PHONE} px ({scroll})"
    page.set_viewport_size({"width": DESK, "height": 900})
