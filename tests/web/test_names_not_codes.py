"""One small template helper per kind of thing a page would otherwise show as a code:
regions, users, coverage statuses, file columns."""

import pytest
from django.template import Context, Template

from jaring.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_a_region_code_is_shown_as_its_name_with_the_code_small_after_it(
    django_assert_max_num_queries,
):
    page = "{% load wilayah %}" + "{% for k in codes %}[{% wilayah k %}]{% endfor %}"
    # Regencies of one province come in one query, however many rows name them.
    with django_assert_max_num_queries(2):
        shown = render(page, codes=["64.71", "64.72", "64.71", "64.02"] * 10)
    assert shown.startswith(
        '[Kota Balikpapan <small class="code">64.71</small>]'
        '[Kota Samarinda <small class="code">64.72</small>]'
    )
    assert '[Kabupaten Kutai Kartanegara <small class="code">64.02</small>]' in shown
    assert render(page, codes=["64.71.01", "99.99", ""]) == (
        '[Balikpapan Timur <small class="code">64.71.01</small>][99.99][]'
    )


def test_a_user_is_named_by_full_name_else_login(db):
    named = User.objects.create(
        username="keu", first_name="Sri", last_name="Wahyuni", role=Role.FINANCE
    )
    bare = User.objects.create(username="bpjs.kaltim", role=Role.BPJS)
    page = "{% load nama %}{{ a|pengguna }}|{{ b|pengguna }}|{{ c|pengguna }}"
    assert render(page, a=named, b=bare, c=None) == "Sri Wahyuni|bpjs.kaltim|"


def test_a_file_column_is_named_by_its_label():
    from jaring.contributions.payment_import import LAYOUT

    page = "{% load nama %}{{ f|kolom:labels }}"
    assert render(page, f="referensi", labels=LAYOUT.labels) == "Referensi (SP2D)"
    assert render(page, f="berkas", labels=LAYOUT.labels) == "berkas"


def test_a_coverage_status_is_named_by_its_label():
    page = "{% load uang %}{{ s|status_kepesertaan }}"
    assert render(page, s="menunggak") == "Menunggak (masa tenggang)"
    assert render(page, s="aneh") == "aneh"
