"""Confirming a step that cannot be taken back, with the figures it will act on.

Approving a list, recording an SK, creating a registration batch, renewing a programme
and running a month's billing each first show a page that says what will happen (how
many persons, which months, how many rupiah) before anything is written. The figures
come from the owning service's own preview (the query the step itself runs), never
from the view.

The flow, the same for every step and without JavaScript:

1. The step's form posts as before. Without a valid ``konfirmasi`` token the view
   writes nothing and answers ``render(...)``: a page with the figures and a form that
   posts the same fields again with a token.
2. The token is signed (``django.core.signing``) over the user, the step and its
   figures, and lasts ``MAX_AGE`` seconds. ``is_confirmed`` accepts it only when the
   figures computed again now are the ones the user saw; if they changed meanwhile
   (a BPJS answer arrived, a colleague billed), the page is shown again, saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing
from django.shortcuts import render as render_page
from django.utils.translation import gettext as _

FIELD = "konfirmasi"
MAX_AGE = 30 * 60
SALT = "jaring.confirm"
Figures = dict[str, int | str]


@dataclass
class Confirmation:
    """What a confirmation page shows: a title, a sentence of what happens, the facts
    (label, value, key for tests and styling) and the words of the two buttons."""

    step: str  # names the step in the token, e.g. "billing:12"
    title: str
    summary: str
    facts: list[tuple[str, str, str]]
    figures: Figures  # what the token is bound to: the facts as numbers and codes
    button: str
    back: str  # where "Batal" leads
    notes: list[str] = field(default_factory=list)


def _payload(user, step: str, figures: Figures) -> dict:
    return {"u": user.pk, "s": step, "f": figures}


def token(user, step: str, figures: Figures) -> str:
    return signing.dumps(_payload(user, step, figures), salt=SALT, compress=True)


def submitted(request) -> bool:
    """Whether the post carries a confirmation token at all (valid or not)."""
    return bool(request.POST.get(FIELD))


def is_confirmed(request, step: str, figures: Figures) -> bool:
    """The post carries a token for this user, this step and these very figures."""
    value = request.POST.get(FIELD, "")
    if not value:
        return False
    try:
        payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return payload == _payload(request.user, step, figures)


def render(request, confirmation: Confirmation, *, status: int = 200):
    """The confirmation page: the facts, and a form posting the same fields again with
    a token. A post that carried a token which no longer fits says why it is shown
    again."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", FIELD)
        for value in request.POST.getlist(name)
    ]
    notes = list(confirmation.notes)
    if submitted(request):
        notes.insert(
            0,
            _(
                "Angka di bawah berubah sejak halaman konfirmasi dibuka (atau halaman itu "
                "sudah terlalu lama terbuka). Periksa lagi sebelum melanjutkan."
            ),
        )
    context = {
        "confirmation": confirmation,
        "notes": notes,
        "fields": fields,
        "token": token(request.user, confirmation.step, confirmation.figures),
        "field_name": FIELD,
    }
    return render_page(request, "confirm.html", context, status=status)
