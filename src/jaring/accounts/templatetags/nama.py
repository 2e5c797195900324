"""Names of people and things as pages show them, instead of codes.

``{{ user|pengguna }}`` → the user's full name, else the login name ("" for nobody);
``{{ problem.field|kolom:labels }}`` → a file column's label (``tanggal_lahir`` →
"Tanggal lahir") from the importer's ``Layout.labels``, else the name as it is.
"""

from django import template

register = template.Library()


@register.filter
def pengguna(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def kolom(field: str, labels: dict | None) -> str:
    return (labels or {}).get(field, field)
