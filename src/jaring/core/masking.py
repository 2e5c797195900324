"""Masking of identity numbers and birth dates for roles that do not need them."""

import datetime as dt


def mask_nik(nik: str | None) -> str:
    """``6471********0001``: region and serial stay readable for counting and support,
    the birth date digits in the middle do not."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_date(value: dt.date | None) -> str:
    """Only the birth year, which is enough to see an age group."""
    return f"**-**-{value.year}" if value else ""
