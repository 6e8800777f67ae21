#!/usr/bin/env bash
# Back up the archive's database with pg_dump, restore the dump into a new database, and
# compare every table's row count between the two: a backup is only known good once it
# has been restored.
#
#   scripts/backup_restore_check.sh [DATABASE_URL] [DUMP_FILE]
#
# DATABASE_URL defaults to the environment's; DUMP_FILE (custom format, for pg_restore)
# to a temporary file. The restored copy is dropped afterwards unless KEEP_RESTORE=1.
# Exits 0 when every table holds as many rows in the copy as in the original.
set -euo pipefail

source_url="${1:-${DATABASE_URL:?set DATABASE_URL or pass a database URL}}"
dump="${2:-$(mktemp -d)/briefings.dump}"
source_url="${source_url%%\?*}"
source_db="${source_url##*/}"
restore_db="${source_db}_restore_check_$$"
restore_url="${source_url%/*}/${restore_db}"

# Every base table of the archive with its row count, one "table|rows" line each.
count_rows="
SELECT table_name || '|' || (xpath('/row/c/text()', query_to_xml(
         format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
         false, true, '')))[1]::text
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
 ORDER BY table_name"

started=$(date +%s%N)
pg_dump --format=custom --no-owner --file="$dump" "$source_url"
dumped=$(date +%s%N)

psql -q -v ON_ERROR_STOP=1 "$source_url" -c "CREATE DATABASE \"$restore_db\""
cleanup() {
  if [ "${KEEP_RESTORE:-0}" != 1 ]; then
    psql -q "$source_url" -c "DROP DATABASE IF EXISTS \"$restore_db\" WITH (FORCE)" || true
  fi
}
trap cleanup EXIT

pg_restore --no-owner --exit-on-error --dbname="$restore_url" "$dump"
restored=$(date +%s%N)

original=$(psql -tA -v ON_ERROR_STOP=1 "$source_url" -c "$count_rows")
copy=$(psql -tA -v ON_ERROR_STOP=1 "$restore_url" -c "$count_rows")

tables=$(echo "$original" | wc -l)
rows=$(echo "$original" | awk -F'|' '{s += $2} END {print s}')
size=$(du -h "$dump" | cut -f1)
printf 'dump: %s (%s) in %d ms; restore into %s in %d ms\n' "$dump" "$size" \
  $(((dumped - started) / 1000000)) "$restore_db" $(((restored - dumped) / 1000000))
for table in briefings_briefing briefings_question briefings_answer briefings_transcriptrevision; do
  printf '  %-32s %s in the original, %s in the copy\n' "$table" \
    "$(echo "$original" | grep "^$table|" | cut -d'|' -f2)" \
    "$(echo "$copy" | grep "^$table|" | cut -d'|' -f2)"
done
if [ "$original" = "$copy" ]; then
  echo "identical: $tables tables, $rows rows"
else
  echo "DIFFERENT row counts (table|original vs copy):" >&2
  diff <(echo "$original") <(echo "$copy") >&2 || true
  exit 1
fi
