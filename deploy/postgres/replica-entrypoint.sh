#!/bin/sh
# A streaming standby in the official postgres image: on the first start, copy the primary
# with pg_basebackup (-R writes standby.signal and primary_conninfo, so it starts as a hot
# standby following the primary through its replication slot); then start as usual.
set -eu

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGPASSWORD="$REPLICATION_PASSWORD"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  # The primary may still be starting: try until it answers.
  until gosu postgres pg_basebackup --host="$PRIMARY_HOST" --username=replicator \
      --pgdata="$PGDATA" --wal-method=stream --slot="$REPLICATION_SLOT" \
      --write-recovery-conf --progress; do
    echo "waiting for the primary at $PRIMARY_HOST" >&2
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi

# The same settings file as the primary (hot_standby = on lets the app read from it).
exec docker-entrypoint.sh postgres -c config_file=/etc/postgresql/postgresql.conf
