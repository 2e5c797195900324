"""``{% merge_history person %}``: who was merged into a golden record, with an undo
button for roles that review matches. A tag, like ``membership_evidence``, so the
registry page does not need to know about matching; the page view itself is already
logged as an access to the person's data."""

from django import template

from jaring.accounts.policy import can_review_matches, sees_full_identity
from jaring.matching import queries
from jaring.matching.views import with_niks

register = template.Library()


@register.inclusion_tag("matching/_merge_history.html", takes_context=True)
def merge_history(context, person):
    request = context["request"]
    return {
        "merges": with_niks(queries.merge_history(person), sees_full_identity(request.user)),
        "can_undo": can_review_matches(request.user),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def may_review_matches(user) -> bool:
    """For the menu: ``{% if user|may_review_matches %}``."""
    return user.is_authenticated and can_review_matches(user)
