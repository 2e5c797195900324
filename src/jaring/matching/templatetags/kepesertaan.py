"""``{% membership_evidence person %}``: the BPJS membership rows that share a person's
NIK, for the person page. A tag rather than a change to the registry view, so the
registry does not need to know about matching; the page view itself is already logged
as an access to the person's data."""

from django import template

from jaring.accounts.policy import sees_full_identity
from jaring.core.masking import mask_date, mask_nik
from jaring.matching.queries import earliest_covering_month, evidence_for

register = template.Library()


@register.inclusion_tag("matching/_evidence.html", takes_context=True)
def membership_evidence(context, person):
    user = context["request"].user
    full = sees_full_identity(user)
    rows = [
        {
            "e": e,
            "kpj": e.membership.kpj if full else mask_nik(e.membership.kpj),
            "tanggal_lahir": (
                e.membership.tanggal_lahir.strftime("%d-%m-%Y")
                if full
                else mask_date(e.membership.tanggal_lahir)
            ),
        }
        for e in evidence_for(person)
    ]
    return {
        "rows": rows,
        "covered": any(row["e"].covered for row in rows),
        "earliest": earliest_covering_month(),
    }
