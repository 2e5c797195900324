"""Template helpers of the programme pages."""

from django import template

from jaring.accounts import policy

register = template.Library()


@register.filter
def may_view_programs(user) -> bool:
    """For the main menu: whether the user has programme pages at all."""
    return user.is_authenticated and policy.can_view_programs(user)
