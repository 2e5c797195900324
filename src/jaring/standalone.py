"""Running a command that needs neither the database nor the apps, without loading them.

``jaring dedupe`` reads a CSV and writes one: it touches no table, no model, no URL.
Loading Django's twenty-odd apps (their models, the admin, the API's schemas) and its
URL machinery took 1.2 of the 3.3 seconds a 10,000-record file cost from process start
to clusters written — more than the linkage itself. So such a command runs with the
installation's settings (language, ``VAR_DIR``, ``JARING_MATCHING``) but no installed
apps: translations still come from ``LOCALE_PATHS``, Jaring's logging is configured,
and the command is the same class ``call_command`` and ``jaring help`` find.

A command listed here must import no model (directly or through what it imports); the
test of each command runs it through the ``jaring`` script, so one that does fails
there with ``AppRegistryNotReady``.
"""

import importlib
import os

# Command name → the module holding its ``Command`` class.
COMMANDS = {
    "dedupe": "jaring.matching.management.commands.dedupe",
}


def run(args: list[str]) -> None:
    """Run ``args`` (``[name, *arguments]``, name in ``COMMANDS``) without the apps."""
    import logging.config

    from django.apps import apps
    from django.conf import settings

    module = importlib.import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "jaring.settings"))
    values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    settings.configure(**{**values, "INSTALLED_APPS": []})
    # Jaring's own logging only: Django's defaults add the e-mail-the-admins handler,
    # whose import of the debug views (0.3 s) serves no command without requests.
    logging.config.dictConfig(settings.LOGGING)
    apps.populate(settings.INSTALLED_APPS)
    command = importlib.import_module(COMMANDS[args[0]]).Command()
    command.run_from_argv(["jaring", *args])
