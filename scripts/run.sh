#!/usr/bin/env bash
# `make run`: migrate, load the demo, then run the web server, a Celery worker and Celery
# beat together until Ctrl-C. Without Redis, tasks run in-process so the demo still works.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT}}
mkdir -p var

if scripts/ensure-services.sh; then
  with_celery=true
else
  echo
  echo "No Redis: install it for the real thing (sudo apt-get install redis-server)."
  echo "Meanwhile Celery tasks run in-process (CELERY_TASK_ALWAYS_EAGER=true)."
  export CELERY_TASK_ALWAYS_EAGER=true
  with_celery=false
fi

$BIN/python manage.py migrate --noinput
for extra in generate_signing_key; do
  if $BIN/python manage.py help "$extra" >/dev/null 2>&1; then $BIN/python manage.py "$extra"; fi
done
$BIN/python manage.py seed_demo

pids=()
cleanup() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup INT TERM EXIT

if $with_celery; then
  $BIN/celery -A config worker --loglevel INFO --concurrency 2 >var/celery-worker.log 2>&1 &
  pids+=($!)
  $BIN/celery -A config beat --loglevel INFO >var/celery-beat.log 2>&1 &
  pids+=($!)
  echo "Celery worker and beat running (logs in var/celery-worker.log, var/celery-beat.log)."
fi
$BIN/python manage.py runserver "127.0.0.1:${PORT}" &
pids+=($!)
sleep 1
cat <<TXT

Export Licensing is running at http://127.0.0.1:${PORT}/
  API docs:  http://127.0.0.1:${PORT}/api/docs/
  Admin:     http://127.0.0.1:${PORT}/admin/
Demo logins are listed above (password for all: demo-password-2026). Ctrl-C stops everything.
TXT
wait
