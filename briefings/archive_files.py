"""The whole archive as files and back: `export_archive DIR`, `import_archive DIR`.

A folder holds `manifest.json` and one JSON Lines file per table. The manifest names the
format and its version, the migrations the data was exported at, and for each table in
dependency order its model, its file, its columns and how many rows it holds. Each line
of a table's file is one row: a JSON array of its column values in the manifest's order
(dates and times in ISO 8601, JSON columns as JSON, arrays as lists, binary columns as
base64, search vectors in PostgreSQL's text form). Rows that point to a content type or
a permission name it (`["briefings", "briefing"]`, `["briefings", "add_briefing"]`)
rather than by id, since a new database numbers those itself.

Every table of every installed app is exported, so a table added later is included
without a change here, except the ones `migrate` fills (content types, permissions)
and logged-in sessions. Users come along with their password hashes: keep an export as
private as a database backup.

The import loads into an empty, migrated database, in one transaction: with the
archive's triggers off while it loads (the rows already hold what they would compute),
then every sequence set past the largest id. A database that holds anything beyond what
its migrations put there is refused, and nothing is changed.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_iso_string

from .models.versions import raise_version

FORMAT = "briefing-archive"
VERSION = 1
MANIFEST = "manifest.json"
# Filled by `migrate` in every database (content types, permissions), or transient (the
# archive's version number belongs to the database it counts writes in).
NOT_EXPORTED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "briefings.archiveversion",
}
# Rows the archive's data migrations put in a new database (starting entities, outlet
# aliases, the Editors group): an import replaces them with the exported ones.
SEEDED_BY_MIGRATIONS = {
    "briefings.entity",
    "briefings.entityalias",
    "auth.group",
    "auth.group_permissions",
}
CHUNK = 5000


class ArchiveFilesError(Exception):
    """An export or import that cannot go ahead, with the reason to show."""


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def exported_models() -> list[type[models.Model]]:
    """Every table to export, each after the tables it points to (cycles aside)."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if label(model) not in NOT_EXPORTED and not model._meta.proxy and model._meta.managed
    ]
    ordered: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in ordered or model in visiting:
            return  # a cycle: the constraints are checked at commit, so any order loads
        visiting.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and target in chosen and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in sorted(chosen, key=label):
        visit(model)
    return ordered


def natural_key_kind(field: models.Field) -> str | None:
    """'contenttype' or 'permission' for a column that points to one, else None."""
    if field.related_model is ContentType:
        return "contenttype"
    if field.related_model is Permission:
        return "permission"
    return None


class Keys:
    """Content types and permissions by id and by natural key, read once."""

    def __init__(self) -> None:
        self.types = {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()}
        self.type_ids = {tuple(key): pk for pk, key in self.types.items()}
        perms = Permission.objects.select_related("content_type")
        self.perms = {p.pk: [p.content_type.app_label, p.codename] for p in perms}
        self.perm_ids = {tuple(key): pk for pk, key in self.perms.items()}

    def name(self, kind: str, pk: int | None) -> list[str] | None:
        return None if pk is None else (self.types if kind == "contenttype" else self.perms)[pk]

    def resolve(self, kind: str, key: list[str] | None) -> int | None:
        if key is None:
            return None
        ids = self.type_ids if kind == "contenttype" else self.perm_ids
        try:
            return ids[tuple(key)]
        except KeyError:
            raise ArchiveFilesError(
                f"This database has no {kind} {'.'.join(key)}; migrate it first."
            ) from None


class ArchiveEncoder(json.JSONEncoder):
    """Dates and times in full ISO 8601 (Django's encoder would cut microseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, datetime.timedelta):
            return duration_iso_string(o)
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


def plain(value: Any) -> Any:
    """A column value as JSON can hold it."""
    if isinstance(value, memoryview | bytes):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def export_rows(model: type[models.Model], keys: Keys) -> Iterator[str]:
    """The table's rows as JSON lines, by primary key, read through a server-side cursor."""
    fields = model._meta.concrete_fields
    named = [(n, natural_key_kind(f)) for n, f in enumerate(fields) if natural_key_kind(f)]
    rows = (
        model._base_manager.order_by(model._meta.pk.attname)
        .values_list(*[f.attname for f in fields])
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        values = [plain(value) for value in row]
        for n, kind in named:
            values[n] = keys.name(kind, values[n])  # type: ignore[arg-type]
        yield json.dumps(values, cls=ArchiveEncoder, ensure_ascii=False) + "\n"


def export_archive(folder: Path, progress: Any = None) -> dict[str, Any]:
    """Write every table to `folder` (created, or empty) with its manifest; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise ArchiveFilesError(f"{folder} is not empty; export into a new or empty folder.")
    keys = Keys()
    tables = []
    # One snapshot: every table as it stood at the same moment (a caller's transaction
    # is one already).
    snapshot = not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in exported_models():
            name = f"{label(model)}.jsonl"
            count = 0
            with (folder / name).open("w", encoding="utf-8") as out:
                for line in export_rows(model, keys):
                    out.write(line)
                    count += 1
            tables.append(
                {
                    "model": label(model),
                    "table": model._meta.db_table,
                    "file": name,
                    "columns": [f.column for f in model._meta.concrete_fields],
                    "rows": count,
                }
            )
            if progress:
                progress(f"{label(model)}: {count:,} rows")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": applied_migrations(),
        "tables": tables,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def applied_migrations() -> dict[str, str]:
    """Each app's latest applied migration."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, checked: our format, a version this code reads."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ArchiveFilesError(f"{folder} holds no {MANIFEST}: it is not an exported archive.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ArchiveFilesError(f"{path} cannot be read as JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveFilesError(f"{path} is not a {FORMAT} manifest.")
    if manifest.get("version") != VERSION:
        raise ArchiveFilesError(
            f"{path} is format version {manifest.get('version')}; this code reads {VERSION}."
        )
    return manifest


def occupied_tables(models_by_label: dict[str, type[models.Model]]) -> list[str]:
    """The tables that already hold rows beyond what the migrations seed."""
    return [
        name
        for name, model in models_by_label.items()
        if name not in SEEDED_BY_MIGRATIONS and model._base_manager.exists()
    ]


def import_archive(folder: Path, progress: Any = None) -> dict[str, int]:
    """Load an exported archive into this (empty, migrated) database; rows per table."""
    manifest = read_manifest(folder)
    here = applied_migrations()
    behind = {app: name for app, name in manifest["migrations"].items() if here.get(app, "") < name}
    if behind:
        wanted = ", ".join(f"{app} {name}" for app, name in sorted(behind.items()))
        raise ArchiveFilesError(f"The archive was exported at migrations this database lacks "
                                f"({wanted}); run `manage.py migrate` first.")  # fmt: skip
    models_by_label = {label(model): model for model in exported_models()}
    unknown = [t["model"] for t in manifest["tables"] if t["model"] not in models_by_label]
    if unknown:
        raise ArchiveFilesError(f"This database has no table for {', '.join(unknown)}.")
    occupied = occupied_tables(models_by_label)
    if occupied:
        raise ArchiveFilesError(
            "The database is not empty (" + ", ".join(occupied[:5])
            + (", …" if len(occupied) > 5 else "")
            + "): import into a new, migrated database."
        )  # fmt: skip
    keys = Keys()
    loaded: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        tables = [(t, models_by_label[t["model"]]) for t in manifest["tables"]]
        # The rows hold what the archive's triggers would write (search copies, month
        # totals), so those stay off while they load; foreign keys are still checked,
        # all at once before the triggers come back on.
        for _, model in tables:
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" DISABLE TRIGGER USER')
        for _, model in reversed(tables):
            if label(model) in SEEDED_BY_MIGRATIONS:
                model._base_manager.all()._raw_delete(model._base_manager.db)
        for table, model in tables:
            loaded[table["model"]] = load_table(cursor, folder, table, model, keys)
            if progress:
                progress(f"{table['model']}: {loaded[table['model']]:,} rows")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, model in tables:
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" ENABLE TRIGGER USER')
        # The triggers that raise the archive's version were off too: raise it once, so
        # no page cached before the import is served after it.
        raise_version(cursor)
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for _, m in tables]):
            cursor.execute(statement)
    return loaded


def column_reader(field: models.Field, keys: Keys) -> Any:
    """How to turn one exported value back into what COPY takes for the column."""
    kind = natural_key_kind(field)
    if kind:
        return lambda value: keys.resolve(kind, value)
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(field, ArrayField):
        return lambda value: None if value is None else array_literal(value)
    if isinstance(field, models.BinaryField):
        return lambda value: None if value is None else base64.b64decode(value)
    if isinstance(field, models.BooleanField):
        return lambda value: value
    return lambda value: value if value is None or isinstance(value, str) else str(value)


def array_literal(values: Iterable[Any]) -> str:
    """A flat list as a PostgreSQL array literal: {1,2} or {"a","b"}."""
    parts = []
    for value in values:
        if value is None:
            parts.append("NULL")
        elif isinstance(value, int | float):
            parts.append(str(value))
        else:
            parts.append('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


def load_table(
    cursor: Any, folder: Path, table: dict[str, Any], model: type[models.Model], keys: Keys
) -> int:
    """COPY one table's file into it; its row count must be the manifest's."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    missing = [column for column in table["columns"] if column not in fields]
    if missing:
        raise ArchiveFilesError(f"{table['model']} has no column {', '.join(missing)} here.")
    readers = [column_reader(fields[column], keys) for column in table["columns"]]
    columns = ", ".join(f'"{column}"' for column in table["columns"])
    path = folder / table["file"]
    if not path.is_file():
        raise ArchiveFilesError(f"{path} is missing.")
    count = 0
    with path.open(encoding="utf-8") as rows, cursor.cursor.copy(
        f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
    ) as copy:  # fmt: skip
        for number, line in enumerate(rows, start=1):
            try:
                values = json.loads(line)
            except ValueError:
                raise ArchiveFilesError(f"{path}, line {number}: not a JSON row.") from None
            if not isinstance(values, list) or len(values) != len(readers):
                raise ArchiveFilesError(f"{path}, line {number}: not a row of this table.")
            copy.write_row([read(value) for read, value in zip(readers, values, strict=True)])
            count += 1
    if count != table["rows"]:
        raise ArchiveFilesError(
            f"{path} holds {count:,} rows; the manifest says {table['rows']:,}."
        )
    return count
