"""Filters for the server log (``settings.LOGGING``).

Their own module, importing nothing of Django: logging is configured when any ``jaring``
command starts, and a filter that imported the web layer would load it into commands
that never serve a page (``jaring dedupe`` paid 0.3 s for it).

A 403 or 404 is the app answering as designed, not a fault: Django logs it as a warning
*with the exception's traceback*, which reads like a crash in the server log.
``NoClientErrorTraceback`` keeps the one-line warning and drops the traceback.
"""

import logging


class NoClientErrorTraceback(logging.Filter):
    """Drops the traceback Django attaches to a 4xx record (a refusal, a missing page);
    5xx records keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
