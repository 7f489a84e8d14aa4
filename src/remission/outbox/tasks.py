from django.tasks import task

from remission.outbox.services import deliver


@task()
def deliver_outbox() -> int:
    return deliver()
