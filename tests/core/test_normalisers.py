"""Property tests of the phone, name, date and rupiah normalisers."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jaring.core import dates, money, names, phone
from jaring.core.frames import evaluate_one

subscriber = st.from_regex(r"8[0-9]{8,11}", fullmatch=True)


@given(subscriber, st.sampled_from(["0{}", "+62{}", "62{}", "{}", "+62 {}", "0{} "]))
def test_every_way_of_writing_a_mobile_number_gives_one_form(number, template):
    grouped = template.format(f"{number[:3]}-{number[3:7]} {number[7:]}")
    assert phone.normalise_one(grouped) == "+62" + number
    assert phone.normalise_one(template.format(number)) == "+62" + number


@given(st.from_regex(r"[0-9]{1,7}", fullmatch=True))
def test_short_numbers_are_not_phones(digits):
    assert phone.normalise_one(digits) is None
    assert evaluate_one(phone.error, digits) is not None


@given(st.integers(min_value=0, max_value=money.MAX_MONTHLY))
def test_rupiah_written_any_common_way_parses_exactly(amount):
    dotted = f"{amount:,}".replace(",", ".")
    for text in (str(amount), dotted, f"Rp {dotted}", f"Rp{dotted},00", f"{amount:,}"):
        assert money.parse_one(text) == amount, text
        assert evaluate_one(money.error, text) is None


@given(st.integers(min_value=1, max_value=10**9))
def test_negative_amounts_are_refused(amount):
    assert money.parse_one(f"-{amount}") is None
    assert "negatif" in evaluate_one(money.error, f"-{amount}")


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_fractions_of_a_rupiah_are_refused_not_rounded(amount, sen):
    for text in (f"{amount},{sen:02d}", f"{amount}.{sen:02d}"):
        assert money.parse_one(text) is None, text
        assert evaluate_one(money.error, text) is not None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_birth_date_formats_agree(date):
    texts = [date.isoformat(), date.strftime("%d/%m/%Y"), date.strftime("%d-%m-%Y"),
             f"{date.day}/{date.month}/{date.year}"]  # fmt: skip
    assert {dates.parse_one(t) for t in texts} == {date}


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=30))
def test_names_of_letters_are_accepted_and_tidied(word):
    assert names.check(f"  {word}   {word} ") is None
    assert evaluate_one(names.normalise, f"  {word}   {word} ") == f"{word} {word}"


@given(st.sampled_from("=+-@"), st.text(max_size=20))
def test_names_that_a_spreadsheet_would_run_are_refused(start, rest):
    message = names.check(start + rest)
    assert message is not None


@given(st.integers(min_value=money.MAX_MONTHLY + 1, max_value=10**15))
def test_amounts_beyond_a_monthly_income_are_refused_as_too_large(amount):
    assert money.parse_one(str(amount)) is None
    assert "terlalu besar" in evaluate_one(money.error, str(amount))


@given(st.integers(min_value=0, max_value=money.MAX_MONTHLY))
def test_rupiah_notation_reads_back_exactly(amount):
    text = money.rupiah(amount)
    assert text.startswith("Rp ")
    assert money.parse_one(text) == amount
