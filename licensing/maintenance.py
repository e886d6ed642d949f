"""Housekeeping tasks for Celery beat that belong to no use case."""

from celery import shared_task

from licensing.services.uploads import remove_orphan_files


@shared_task(acks_late=True)
def remove_orphan_uploads() -> int:
    """Delete stored files no row refers to (services/uploads.py). Safe to run twice."""
    return len(remove_orphan_files())
