"""Pages of the matching app: the list of BPJS membership imports (no identities)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from jaring.accounts.policy import can_browse_registry
from jaring.matching.queries import imports


@login_required
def membership_imports(request):
    """Which membership files Jaring holds and what each changed; counts only, so every
    role that browses the registry may see how current the "already covered" flag is."""
    if not can_browse_registry(request.user):
        raise PermissionDenied
    page = Paginator(imports(), 25).get_page(request.GET.get("page"))
    return render(request, "matching/membership_imports.html", {"page": page})
