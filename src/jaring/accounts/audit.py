"""The access trail of personal data (UU 27/2022 on personal data protection asks
controllers to be able to show who processed whose data)."""

from jaring.accounts.models import AccessLog


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
