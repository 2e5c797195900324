from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# The SQLite collation lists of persons sort by (``registry.queries.name_order``).
NAME_COLLATION = "jaring_nama"


def add_name_collation(sender, connection, **kwargs) -> None:
    """SQLite knows only code-point and ASCII-case orders: each connection gets the
    name order of ``core.names.sort_key``. PostgreSQL has it in the column's collation."""
    if connection.vendor == "sqlite":
        from jaring.core.names import compare_for_sort

        connection.connection.create_collation(NAME_COLLATION, compare_for_sort)


class RegistryConfig(AppConfig):
    name = "jaring.registry"
    label = "registry"
    verbose_name = _("Registri pekerja")

    def ready(self) -> None:
        connection_created.connect(add_name_collation, dispatch_uid="jaring-name-collation")
