"""Reads of submissions, scoped once: an operator sees its own agency's submissions,
a regional role those of agencies in its region, an administrator all."""

from django.db.models import QuerySet

from jaring.accounts.models import Role
from jaring.accounts.policy import is_admin
from jaring.intake.models import RowError, Submission
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


def submission_for(user, nomor: str) -> Submission | None:
    return submissions_for(user).filter(nomor=nomor).first()


def errors_of(submission: Submission, limit: int = 500) -> QuerySet[RowError]:
    return submission.errors.order_by("row_number", "id")[:limit]
