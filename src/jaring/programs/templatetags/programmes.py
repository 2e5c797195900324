"""Template helpers of the programme pages."""

from django import template

from jaring.accounts import policy

register = template.Library()


@register.filter
def may_view_programs(user) -> bool:
    """For the main menu: whether the user has programme pages at all."""
    return user.is_authenticated and policy.can_view_programs(user)


@register.filter
def may_follow_enrolment(user) -> bool:
    """For the main menu: the BPJS registration pages."""
    return user.is_authenticated and policy.can_follow_enrolment(user)


@register.filter
def may_read_access_log(user) -> bool:
    """For the main menu: the access log and the reference data (administrators)."""
    return user.is_authenticated and policy.can_read_access_log(user)
