#!/usr/bin/env bash
# Prepares the primary for streaming replicas. The postgres image runs it once, from
# /docker-entrypoint-initdb.d, while its temporary socket-only server is up; the docker
# test runs it against a throwaway primary. Inputs come from the environment only, so
# nothing secret is written into the image or this file.
set -Eeuo pipefail

: "${PGDATA:?PGDATA must name the primary data directory}"
: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
: "${SLOT_NAME:?SLOT_NAME must name the first replica slot}"

psql=("${PG_BIN_DIR:+$PG_BIN_DIR/}psql" -v ON_ERROR_STOP=1 --no-psqlrc --no-password
  # the image's superuser is POSTGRES_USER; plain PostgreSQL names it after the OS user
  --username "${PGUSER:-${POSTGRES_USER:-postgres}}" --dbname postgres)

# psql variables quote the name, password and slot, so no value can break out of the SQL
"${psql[@]}" --set user="$REPLICATION_USER" --set password="$REPLICATION_PASSWORD" --set slot="$SLOT_NAME" <<'SQL'
CREATE ROLE :"user" WITH LOGIN REPLICATION PASSWORD :'password';
-- reserve WAL from now on, so the replica finds every segment however late it starts
SELECT pg_create_physical_replication_slot(:'slot', true);
SQL

# A replication connection matches no "all" database line, so it needs its own rule.
# samenet admits the compose network (and loopback in the test), not any address.
printf 'host replication "%s" samenet scram-sha-256\n' "$REPLICATION_USER" >>"$PGDATA/pg_hba.conf"
# a primary that is already serving has to re-read pg_hba.conf to let the replica in
"${psql[@]}" --quiet --command 'SELECT pg_reload_conf()' >/dev/null
