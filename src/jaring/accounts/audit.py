"""The access trail of personal data (UU 27/2022 on personal data protection asks
controllers to be able to show who processed whose data)."""

import getpass
import re

from jaring.accounts.models import AccessAction, AccessLog
from jaring.core.masking import mask_nik


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def log_access(user, action: str, target: str, *, detail: str = "", request=None) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        target=target[:100],
        detail=detail[:300],
        ip_address=client_ip(request),
    )


def log_command_access(action: str, target: str, *, detail: str = "") -> AccessLog:
    """An export of personal data from the command line: no Jaring account made it,
    so the trail names the server account that ran the command."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        account = "?"
    return log_access(None, action, target, detail=f"baris perintah ({account}): {detail}")


def log_nik_search(user, query: str, *, target: str = "pencarian", request=None) -> None:
    """A registry search by NIK is a read of that person's identity: logged (masked),
    with the separators the search drops ("6471 0105 …" is a NIK search too)."""
    digits = re.sub(r"[\s\-]", "", query)
    if digits.isdigit():
        log_access(user, AccessAction.SEARCH_NIK, target, detail=mask_nik(digits), request=request)
