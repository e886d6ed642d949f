#!/usr/bin/env bash
# Start Redis (and with --postgres, PostgreSQL) if installed and not answering.
# Prints what it did; exits non-zero only when a service that was asked for cannot run.
set -uo pipefail
want_postgres=false
for arg in "$@"; do [ "$arg" = "--postgres" ] && want_postgres=true; done

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
postgres_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    mkdir -p /tmp/redis-licensing
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /tmp/redis-licensing --logfile /tmp/redis-licensing/redis.log
    for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
    redis_up && echo "Started redis-server on 127.0.0.1:6379."
  fi
fi
redis_up || { echo "Redis is not answering on 127.0.0.1:6379 and redis-server is not installed (apt-get install redis-server)."; exit 1; }

if $want_postgres && ! postgres_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 100); do postgres_up && break; sleep 0.1; done
    postgres_up && echo "Started PostgreSQL."
  fi
  postgres_up || { echo "PostgreSQL is not answering on 127.0.0.1:5432."; exit 1; }
fi
exit 0
