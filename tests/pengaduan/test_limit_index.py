"""The limits per client address count recent rows of the access log, which grows by one
row for every page view of personal data: each limited action must be counted through its
own small partial index, not by scanning the log."""

import pytest
from django.db import connection

from jaring.accounts.audit import recent_tries
from jaring.accounts.models import AccessAction, AccessLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the partial indexes are PostgreSQL's plan"
    ),
]


@pytest.mark.parametrize(
    ("action", "index"),
    [
        (AccessAction.CEK, "accesslog_cek_ip_at_idx"),
        (AccessAction.WORKER_COMPLAINT, "accesslog_complaint_ip_at_idx"),
    ],
)
def test_the_limit_per_address_is_counted_through_its_partial_index(action, index):
    AccessLog.objects.bulk_create(
        AccessLog(action=AccessAction.VIEW_PERSON, target=f"p{i}", ip_address="10.0.0.1")
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_accesslog")
    limits = {"LIMIT": 10, "WINDOW_SECONDS": 900}
    plan = recent_tries(action, limits, ip="10.0.0.1").explain()
    assert index in plan
