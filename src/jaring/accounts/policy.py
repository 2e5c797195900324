"""What each role may do and see. The one table of permissions; views and queries ask
it instead of testing role names themselves."""

from jaring.accounts.models import Role

# Roles whose work needs the full NIK and birth date: operators entered them, verifiers
# check them, programme managers decide on them, BPJS registers them. Finance and
# leadership work with counts and money; they see masked identities.
FULL_IDENTITY = frozenset({Role.OPERATOR, Role.VERIFIER, Role.MANAGER, Role.BPJS, Role.ADMIN})
UPLOAD = frozenset({Role.OPERATOR, Role.ADMIN})
BROWSE_REGISTRY = frozenset(Role.values)
# Deciding whether two listings are one worker (and undoing a merge) is the verifier's
# job (domain.md: "reviews duplicates"); programme managers may do it too. Running the
# linkage over the whole registry is heavier and province-wide: managers only.
REVIEW_MATCHES = frozenset({Role.VERIFIER, Role.MANAGER, Role.ADMIN})
RUN_LINKING = frozenset({Role.MANAGER, Role.ADMIN})


def is_admin(user) -> bool:
    return user.is_superuser or getattr(user, "role", None) == Role.ADMIN


def sees_full_identity(user) -> bool:
    return is_admin(user) or user.role in FULL_IDENTITY


def can_search_by_nik(user) -> bool:
    """Finding someone by NIK confirms that NIK: only for roles that see NIKs whole.
    A masked role that could search by NIK would recover a NIK from its masked form
    (region, serial, village and birth year leave at most 730 candidates)."""
    return sees_full_identity(user)


def can_upload(user) -> bool:
    if is_admin(user):
        return True
    return user.role in UPLOAD and user.agency_id is not None


def can_browse_registry(user) -> bool:
    return is_admin(user) or user.role in BROWSE_REGISTRY


def can_read_access_log(user) -> bool:
    return is_admin(user)


def can_review_matches(user) -> bool:
    return is_admin(user) or user.role in REVIEW_MATCHES


def can_run_linking(user) -> bool:
    return is_admin(user) or user.role in RUN_LINKING


# Programmes: managers define and approve them, verifiers check their regency's part;
# finance, BPJS and leadership follow them; agency operators only submit lists.
MANAGE_PROGRAMS = frozenset({Role.MANAGER, Role.ADMIN})
VERIFY_PROGRAMS = frozenset({Role.VERIFIER, Role.ADMIN})
VIEW_PROGRAMS = frozenset(Role.values) - {Role.OPERATOR}


def covers(scope: str | None, kode: str) -> bool:
    """Whether a user's region ``scope`` contains region ``kode`` (or is it)."""
    return bool(scope) and (kode == scope or kode.startswith(scope + "."))


def reach_covers(outer, inner) -> bool:
    """Whether everything user ``inner`` may touch by region, ``outer`` may touch too.
    ``None`` is the command line (the server's operator), which, like an
    administrator, reaches everything."""
    if outer is None or is_admin(outer):
        return True
    if inner is None or is_admin(inner):
        return False
    return bool(outer.wilayah_id) and (
        outer.wilayah_id == inner.wilayah_id or covers(outer.wilayah_id, inner.wilayah_id or "")
    )


def can_view_programs(user) -> bool:
    return is_admin(user) or user.role in VIEW_PROGRAMS


def can_manage_programs(user) -> bool:
    return is_admin(user) or user.role in MANAGE_PROGRAMS


def can_manage_program(user, wilayah_program: str) -> bool:
    """A manager of the programme's region (its code, ``Program.wilayah_id``), or of the
    province around it."""
    if is_admin(user):
        return True
    return user.role in MANAGE_PROGRAMS and covers(user.wilayah_id, wilayah_program)


def can_verify_region(user, kode_kabupaten: str) -> bool:
    """The verifier of that regency/city (or of its whole province)."""
    if is_admin(user):
        return True
    return user.role in VERIFY_PROGRAMS and covers(user.wilayah_id, kode_kabupaten)


# Enrolment, contributions and claims: BPJS officers exchange registration batches,
# responses and claim reports; finance officers bill and record payments; managers do
# all of it for their programmes; everyone who follows programmes sees the totals.
ENROL = frozenset({Role.MANAGER, Role.BPJS, Role.ADMIN})
BILL = frozenset({Role.MANAGER, Role.FINANCE, Role.ADMIN})
SEE_PARTICIPANTS = frozenset({Role.MANAGER, Role.BPJS, Role.FINANCE, Role.VERIFIER, Role.ADMIN})


def can_enrol(user, wilayah_program: str) -> bool:
    """Export registration batches and import BPJS responses for a programme of that
    region."""
    if is_admin(user):
        return True
    return user.role in ENROL and covers(user.wilayah_id, wilayah_program)


def can_bill(user, wilayah_program: str) -> bool:
    """Run a month's billing and record payments of a programme of that region."""
    if is_admin(user):
        return True
    return user.role in BILL and covers(user.wilayah_id, wilayah_program)


def can_follow_enrolment(user) -> bool:
    """See batches, responses and claims (BPJS exchange pages)."""
    return is_admin(user) or user.role in ENROL


def can_see_participants(user) -> bool:
    """Lists of participants (names; NIK masked unless ``sees_full_identity``)."""
    return is_admin(user) or user.role in SEE_PARTICIPANTS


def can_import_claims(user) -> bool:
    return is_admin(user) or (user.role in ENROL and bool(user.wilayah_id))


def can_print_cards(user) -> bool:
    """Participant cards carry names and whole KPJs: for the roles that see
    participants (``can_see_participants``) and identities whole."""
    return can_see_participants(user) and sees_full_identity(user)


# Complaints and appeals from workers: an operator or verifier may file one on a
# worker's behalf in their region; the verifier of the worker's regency/city handles
# it; managers follow them (the overdue ones reach their home page). Others — finance,
# BPJS, leadership — see the counts on the dashboard only.
FILE_COMPLAINTS = frozenset({Role.OPERATOR, Role.VERIFIER, Role.ADMIN})
SEE_COMPLAINTS = frozenset({Role.OPERATOR, Role.VERIFIER, Role.MANAGER, Role.ADMIN})
HANDLE_COMPLAINTS = frozenset({Role.VERIFIER, Role.ADMIN})


def can_see_complaints(user) -> bool:
    return is_admin(user) or user.role in SEE_COMPLAINTS


def can_file_complaint(user, kode_kabupaten: str | None = None) -> bool:
    """File a complaint on a worker's behalf (for a worker of ``kode_kabupaten``, when
    given: the user's region must contain it)."""
    if is_admin(user):
        return True
    if user.role not in FILE_COMPLAINTS or not user.wilayah_id:
        return False
    return kode_kabupaten is None or covers(user.wilayah_id, kode_kabupaten)


def can_handle_complaint(user, kode_kabupaten: str) -> bool:
    """Take up and close a complaint of a worker of that regency/city."""
    if is_admin(user):
        return True
    return user.role in HANDLE_COMPLAINTS and covers(user.wilayah_id, kode_kabupaten)


# The worker's request for everything held about them (UU PDP) is answered by the
# Disnaker office of their region: its verifiers and programme managers.
PERSONAL_REPORT = frozenset({Role.VERIFIER, Role.MANAGER})


def can_report_personal_data(user, kode_wilayah: str) -> bool:
    """Print a worker's own data report (``pdp.report``) for a worker living in
    ``kode_wilayah``: the whole identity, for the worker to take home."""
    if is_admin(user):
        return True
    return user.role in PERSONAL_REPORT and covers(user.wilayah_id, kode_wilayah)


# A second factor (a code from an authenticator app) for the roles that approve money
# and lists or manage users; the others may turn it on themselves. JARING_OTP_REQUIRED=0
# lifts the requirement for a whole deployment (accounts.second_factor.is_required).
SECOND_FACTOR = frozenset({Role.ADMIN, Role.MANAGER, Role.FINANCE})


def must_use_second_factor(user) -> bool:
    return is_admin(user) or user.role in SECOND_FACTOR
