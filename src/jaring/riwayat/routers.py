"""django-auditlog's own migrations create its log-entry table even when the entry model
is swapped for ours (``AUDITLOG_LOGENTRY_MODEL``): its first migration predates the
swap. That table would stay empty forever, and its foreign key to the users' table
makes PostgreSQL refuse ``TRUNCATE accounts_user`` (the test runner's flush). So the
database never gets the auditlog app's tables: its migrations are recorded as applied
and do nothing. (An upgrade of django-auditlog changes nothing here either: our
``riwayat`` migrations own the entry table.)"""


class NoAuditlogTables:
    def allow_migrate(self, db, app_label, model_name=None, **_hints):
        if app_label == "auditlog":
            return False
        return None
