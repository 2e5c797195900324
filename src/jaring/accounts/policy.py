"""What each role may do and see. The one table of permissions; views and queries ask
it instead of testing role names themselves."""

from jaring.accounts.models import Role

# Roles whose work needs the full NIK and birth date: operators entered them, verifiers
# check them, programme managers decide on them, BPJS registers them. Finance and
# leadership work with counts and money; they see masked identities.
FULL_IDENTITY = frozenset({Role.OPERATOR, Role.VERIFIER, Role.MANAGER, Role.BPJS, Role.ADMIN})
UPLOAD = frozenset({Role.OPERATOR, Role.ADMIN})
BROWSE_REGISTRY = frozenset(Role.values)
SEE_ACCESS_LOG = frozenset({Role.ADMIN})


def is_admin(user) -> bool:
    return user.is_superuser or getattr(user, "role", None) == Role.ADMIN


def sees_full_identity(user) -> bool:
    return is_admin(user) or user.role in FULL_IDENTITY


def can_upload(user) -> bool:
    if is_admin(user):
        return True
    return user.role in UPLOAD and user.agency_id is not None


def can_browse_registry(user) -> bool:
    return is_admin(user) or user.role in BROWSE_REGISTRY


def can_read_access_log(user) -> bool:
    return is_admin(user)
