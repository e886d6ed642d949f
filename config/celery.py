import os

from celery import Celery

import ops.request_id  # noqa: F401 - connects the signals that carry the request id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("export_licensing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
