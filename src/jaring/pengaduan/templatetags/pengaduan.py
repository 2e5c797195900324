from django import template

from jaring.accounts.policy import can_see_complaints

register = template.Library()


@register.filter
def may_see_complaints(user) -> bool:
    return user.is_authenticated and can_see_complaints(user)
