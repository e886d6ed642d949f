"""Running the project as a service: request ids, structured logs, health and readiness,
Prometheus metrics. Not a Django app (no models): imported by settings, urls and Celery."""
