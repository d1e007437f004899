#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, starting the machine's own servers when
# they are installed but down. Exits non-zero, naming what is missing, when one cannot be had.
set -uo pipefail
PGHOST=${AUTOMAHNTION_TEST_PGHOST:-127.0.0.1}
PGPORT=${AUTOMAHNTION_TEST_PGPORT:-5432}
REDIS_PORT=${AUTOMAHNTION_TEST_REDIS_PORT:-6379}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
fi
if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.25; done
fi

status=0
pg_up || { echo "PostgreSQL does not answer on $PGHOST:$PGPORT" >&2; status=1; }
redis_up || { echo "Redis does not answer on 127.0.0.1:$REDIS_PORT" >&2; status=1; }
exit $status
