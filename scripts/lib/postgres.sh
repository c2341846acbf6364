# start_private_postgres: a throwaway PostgreSQL cluster in a temp dir on a free loopback port,
# owned by the 'postgres' user (initdb refuses root). Exports ESCNI_TEST_POSTGRES (a Npgsql
# connection string) and PGPORT/PGHOST for psql. stop_private_postgres removes it.
# ESCNI_PG_PARENT (default /tmp) is the directory the cluster's temp dir is made in, e.g. to put PostgreSQL's
# data on the same filesystem as a journal it is compared with (bench/journal.sh).
start_private_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "postgresql is not installed (no initdb under /usr/lib/postgresql)" >&2; return 1; }
  ESCNI_PG_DIR=$(mktemp -d "${ESCNI_PG_PARENT:-/tmp}/escni-pg.XXXXXX")
  chown postgres:postgres "$ESCNI_PG_DIR"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  su postgres -s /bin/sh -c "$bin/initdb -D '$ESCNI_PG_DIR/data' -U postgres -A trust -E UTF8 >'$ESCNI_PG_DIR/initdb.log' 2>&1" \
    || { echo "initdb failed:"; cat "$ESCNI_PG_DIR/initdb.log"; return 1; } >&2
  su postgres -s /bin/sh -c "$bin/pg_ctl -D '$ESCNI_PG_DIR/data' -l '$ESCNI_PG_DIR/server.log' -w \
      -o \"-p $port -k $ESCNI_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=on\" start >/dev/null" \
    || { echo "PostgreSQL did not start:"; cat "$ESCNI_PG_DIR/server.log"; return 1; } >&2
  export ESCNI_PG_BIN="$bin" ESCNI_PG_DIR PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
  export ESCNI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  echo "== private PostgreSQL on 127.0.0.1:$port ($ESCNI_PG_DIR)"
}

stop_private_postgres() {
  [ -n "${ESCNI_PG_DIR:-}" ] || return 0
  su postgres -s /bin/sh -c "$ESCNI_PG_BIN/pg_ctl -D '$ESCNI_PG_DIR/data' -m immediate stop >/dev/null 2>&1"
  rm -rf "$ESCNI_PG_DIR"
}
