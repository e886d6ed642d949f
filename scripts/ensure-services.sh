#!/usr/bin/env bash
# Start Redis (and with --postgres, PostgreSQL) if installed, local and not answering.
# Probes the addresses REDIS_URL (or CELERY_BROKER_URL) and DATABASE_URL name, defaulting to
# 127.0.0.1:6379 and 127.0.0.1:5432; a service on another host is only checked, never started.
# Prints what it did; exits non-zero only when a service that is needed cannot be reached.
set -uo pipefail
want_postgres=false
for arg in "$@"; do [ "$arg" = "--postgres" ] && want_postgres=true; done
[ -f .env ] && set -a && . ./.env && set +a

# host and port of a URL like scheme://user:pass@host:port/db (defaults when absent)
url_authority() { local rest=${1#*://}; rest=${rest##*@}; rest=${rest%%/*}; echo "${rest%%\?*}"; }
url_host() { local rest; rest=$(url_authority "$1")
             if [[ $rest == \[* ]]; then rest=${rest#[}; echo "${rest%%]*}"; return; fi
             local host=${rest%%:*}; echo "${host:-$2}"; }
url_port() { local rest; rest=$(url_authority "$1"); rest=${rest##*]}
             if [[ $rest == *:* ]]; then echo "${rest##*:}"; else echo "$2"; fi; }
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

redis_url=${CELERY_BROKER_URL:-${REDIS_URL-redis://127.0.0.1:6379/0}}
database_url=${DATABASE_URL:-}
[[ $database_url == postgres* ]] && want_postgres=true

if [[ -n $redis_url && $redis_url == redis* ]]; then
  redis_host=$(url_host "$redis_url" 127.0.0.1); redis_port=$(url_port "$redis_url" 6379)
  redis_up() { (exec 3<>"/dev/tcp/$redis_host/$redis_port" && printf 'PING\r\n' >&3 \
                && head -c 7 <&3 | grep -q -e PONG -e NOAUTH) 2>/dev/null; }
  if ! redis_up && is_local "$redis_host" && command -v redis-server >/dev/null; then
    mkdir -p /tmp/redis-licensing
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" \
      --appendonly no --dir /tmp/redis-licensing --logfile /tmp/redis-licensing/redis.log
    for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
    redis_up && echo "Started redis-server on $redis_host:$redis_port."
  fi
  redis_up || { echo "Redis is not answering on $redis_host:$redis_port (REDIS_URL)$(is_local "$redis_host" && ! command -v redis-server >/dev/null && echo ' and redis-server is not installed (apt-get install redis-server)')."; exit 1; }
fi

if $want_postgres; then
  pg_host=127.0.0.1; pg_port=5432
  if [[ $database_url == postgres* ]]; then
    pg_host=$(url_host "$database_url" 127.0.0.1); pg_port=$(url_port "$database_url" 5432)
  fi
  postgres_up() { pg_isready -h "$pg_host" -p "$pg_port" -q 2>/dev/null; }
  if ! postgres_up && is_local "$pg_host" && command -v pg_ctlcluster >/dev/null \
      && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 100); do postgres_up && break; sleep 0.1; done
    postgres_up && echo "Started PostgreSQL."
  fi
  postgres_up || { echo "PostgreSQL is not answering on $pg_host:$pg_port (DATABASE_URL)."; exit 1; }
fi
exit 0
