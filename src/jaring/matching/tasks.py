"""Background entry points of matching: the "run matching" button enqueues, `jaring
worker` runs. (After an intake, linking runs inside the intake task itself.)"""

from django_tasks import task

from jaring.accounts.models import User
from jaring.matching.services import link_registry


@task()
def link_registry_task(user_id: int | None = None) -> dict:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    run = link_registry(user=user)
    return {"run": run.pk, "new_pairs": run.new_pairs, "merged": run.merged, "queued": run.queued}
