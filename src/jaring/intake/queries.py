"""Reads of submissions, scoped once: an operator sees its own agency's submissions,
a regional role those of agencies in its region, an administrator all."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.intake.models import RowError, Submission, SubmissionStatus
from jaring.wilayah.queries import prefix_range


def submissions_for(user) -> QuerySet[Submission]:
    submissions = Submission.objects.select_related("agency", "submitted_by")
    if is_admin(user):
        return submissions
    if user.role == Role.OPERATOR:
        if user.agency_id is None:
            return submissions.none()
        return submissions.filter(agency_id=user.agency_id)
    if user.wilayah_id is None:
        return submissions.none()
    return submissions.filter(prefix_range(user.wilayah_id, "agency__wilayah", include_self=True))


# How long a file's rejected rows or its failure stay on its sender's to-do list. A list
# sends no signal that its rejected rows were corrected (the corrected rows arrive in a
# new file), so after a month the work is taken as done or dropped.
FOLLOW_UP_DAYS = 30


def _recent(submissions: QuerySet[Submission], today: dt.datetime | None = None):
    since = (today or timezone.now()) - dt.timedelta(days=FOLLOW_UP_DAYS)
    return submissions.filter(created_at__gte=since)


def rejected_to_fix(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Read files of the last ``FOLLOW_UP_DAYS`` days with rows refused: rows to correct
    and send again."""
    return _recent(submissions).filter(status=SubmissionStatus.DONE, rejected__gt=0)


def failed_recently(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Files of the last ``FOLLOW_UP_DAYS`` days that could not be read at all."""
    return _recent(submissions).filter(status=SubmissionStatus.FAILED)


# The list page's "perlu" filter: what needs following up (the home page links here).
FOLLOW_UPS = {"perbaikan": rejected_to_fix, "gagal": failed_recently}


def submission_for(user, nomor: str) -> Submission | None:
    return submissions_for(user).filter(nomor=nomor).first()


def errors_of(submission: Submission, limit: int = 500) -> QuerySet[RowError]:
    return submission.errors.order_by("row_number", "id")[:limit]
