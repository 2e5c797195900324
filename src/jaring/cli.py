"""The ``jaring`` console script.

Every subcommand is a Django management command (``jaring init``, ``jaring intake``,
``jaring demo``…), so Django's own commands (``migrate``, ``createsuperuser``…) stay
reachable through the same entry point and each command is one thin module that calls a
service. A command that needs no database runs without loading the apps
(``jaring.standalone``).
"""

import os
import sys

from jaring import standalone


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in standalone.COMMANDS:
        standalone.run(args)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jaring", *args])


if __name__ == "__main__":
    main()
