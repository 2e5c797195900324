"""The ``jaring`` console script.

Every subcommand is a Django management command (``jaring init``, ``jaring intake``,
``jaring demo``…), so Django's own commands (``migrate``, ``createsuperuser``…) stay
reachable through the same entry point and each command is one thin module that calls a
service.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["jaring", *args])


if __name__ == "__main__":
    main()
