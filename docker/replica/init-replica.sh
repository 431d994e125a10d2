#!/usr/bin/env bash
# Turns an empty PGDATA into a streaming replica of the primary: pg_basebackup copies the
# primary through this replica's slot and (-R) writes standby.signal, primary_conninfo and
# primary_slot_name. A data directory that already holds a cluster is left alone, so a
# restarted container resumes streaming. Any arguments are exec'd afterwards, which lets
# the container put this script in front of the image's own entrypoint.
set -Eeuo pipefail

: "${PGDATA:?PGDATA must name the replica data directory}"
: "${PRIMARY_HOST:?PRIMARY_HOST must name the primary}"
: "${REPLICATION_USER:?REPLICATION_USER must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
: "${SLOT_NAME:?SLOT_NAME must name this replica slot on the primary}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # --checkpoint=fast: otherwise the copy waits for the primary's next spread checkpoint.
  # On failure pg_basebackup removes what it wrote, so a retry starts from empty again.
  PGPASSWORD="$REPLICATION_PASSWORD" "${PG_BIN_DIR:+$PG_BIN_DIR/}pg_basebackup" \
    --pgdata="$PGDATA" \
    --host="$PRIMARY_HOST" --port="${PRIMARY_PORT:-5432}" \
    --username="$REPLICATION_USER" --no-password \
    --slot="$SLOT_NAME" --write-recovery-conf --checkpoint=fast
fi

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
