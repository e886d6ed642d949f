#!/usr/bin/env bash
# `make run`: migrate, load the demo, then run the web server, a Celery worker and Celery
# beat together until Ctrl-C. Says it is running only once all three answer; stops with a
# clear message if the port is taken or a process does not come up. Without Redis, tasks
# run in-process so the demo still works.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
START_TIMEOUT=${START_TIMEOUT:-90}
export PUBLIC_BASE_URL=${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT}}
mkdir -p var

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_taken "$PORT"; then
  echo "Port $PORT is already in use (another 'make run'?). Stop that process, or choose" >&2
  echo "another port: PORT=8001 make run" >&2
  exit 1
fi

if [ "${REDIS_URL-unset}" = "" ]; then
  echo "REDIS_URL is empty: Celery tasks run in-process (CELERY_TASK_ALWAYS_EAGER=true)."
  export CELERY_TASK_ALWAYS_EAGER=true
  with_celery=false
elif scripts/ensure-services.sh; then
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
trap 'cleanup; exit 130' INT TERM
trap cleanup EXIT

fail() {  # what did not come up, and the end of its log
  echo >&2
  echo "$1 did not start; the end of $2:" >&2
  tail -n 20 "$2" >&2
  exit 1
}
# wait_until NAME PID LOG CHECK...: until CHECK succeeds; fail if the process exits or time runs out
wait_until() {
  local name=$1 pid=$2 log=$3; shift 3
  for _ in $(seq 1 $((START_TIMEOUT * 5))); do
    kill -0 "$pid" 2>/dev/null || fail "$name" "$log"
    if "$@"; then return 0; fi
    sleep 0.2
  done
  fail "$name (no answer within ${START_TIMEOUT} s)" "$log"
}
web_answers() { curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/healthz" 2>/dev/null; }

: >var/web.log
$BIN/python manage.py runserver --noreload "127.0.0.1:${PORT}" >>var/web.log 2>&1 &
web_pid=$!; pids+=($web_pid)
if $with_celery; then
  : >var/celery-worker.log; : >var/celery-beat.log
  $BIN/celery -A config worker --loglevel INFO --concurrency 2 >var/celery-worker.log 2>&1 &
  worker_pid=$!; pids+=($worker_pid)
  $BIN/celery -A config beat --loglevel INFO >var/celery-beat.log 2>&1 &
  beat_pid=$!; pids+=($beat_pid)
fi

wait_until "The web server" "$web_pid" var/web.log web_answers
if $with_celery; then
  wait_until "The Celery worker" "$worker_pid" var/celery-worker.log \
    grep -q ' ready\.' var/celery-worker.log
  wait_until "Celery beat" "$beat_pid" var/celery-beat.log \
    grep -q 'beat: Starting' var/celery-beat.log
  echo "Celery worker and beat running (logs in var/celery-worker.log, var/celery-beat.log)."
fi
cat <<TXT

Export Licensing is running at http://127.0.0.1:${PORT}/  (log: var/web.log)
  API docs:  http://127.0.0.1:${PORT}/api/docs/
  Admin:     http://127.0.0.1:${PORT}/admin/
  Health:    http://127.0.0.1:${PORT}/healthz   Readiness: http://127.0.0.1:${PORT}/readyz
Demo logins and the red-flag requests are listed above (password for all:
demo-password-2026). Ctrl-C stops everything.
TXT
wait -n "${pids[@]}" || true
echo "A process stopped; stopping the others (logs in var/)." >&2
