"""kinerja's Parquet datasets: incremental, partitioned, crash-safe, one writer at a time.

Layout of a dataset directory `DIR`:

    DIR/_manifest.json                       the committed state: every data file of every dataset
    DIR/documents/tahun=2023/provinsi=…/part-000012-1a2b3c4d.parquet
    DIR/indicators/tahun=…/provinsi=…/part-….parquet, DIR/periods/… (same partitions as their document)
    DIR/.lock                                held by the one process writing (pid inside)
    DIR/.staging-…/                          files of a commit in progress

Partitions are hive-style so DuckDB, pandas, Polars and Spark read the directories without glue; the partition
columns (`tahun`, `provinsi`) live in the path, not in the files (`tahun=0` and `provinsi=tidak-diketahui` stand
for a year or province that could not be read, since pandas cannot read null partitions).

A commit writes new immutable files into a staging directory, fsyncs them, then atomically replaces the manifest
(write, fsync, rename) with one that lists them and records the pending renames and deletions; the renames and
deletions follow. A crash before the manifest rename leaves the previous state (the staging directory is removed by
the next writer); a crash after it is rolled forward by the next writer, and readers follow the pending renames
meanwhile. Files are never modified in place: a changed or removed document's files are rewritten without it.
Datasets written before the manifest existed (schema 1.0, `DIR/<name>/*.parquet`) are read as they are and adopted
by the first writer.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schema import SCHEMA_VERSION, SCHEMAS, to_arrow

if TYPE_CHECKING:  # pandas is imported by whoever reads a frame, not by every writer (half a second at start-up)
    import pandas as pd

DATASETS = ("documents", "indicators", "periods")
MANIFEST_FILE = "_manifest.json"
HASHES_FILE = "_hashes.parquet"
"""path, size, mtime → sha256 of the files seen: a re-run of a large archive hashes only what changed."""
LOCK_FILE = ".lock"
STAGING_PREFIX = ".staging-"
PARTITION_KEYS = ("tahun", "provinsi")
UNKNOWN_TAHUN = 0
UNKNOWN_PROVINSI = "tidak-diketahui"
FILE_ROWS = 1_000_000
"""Compaction closes a file at this many rows."""
SMALL_FILE_ROWS = 250_000
"""Files below this many rows are merged by compaction; bigger ones are left as they are."""

Partition = tuple[int | None, str | None]


class DatasetLocked(RuntimeError):
    """Another process is writing the dataset."""


class DatasetError(ValueError):
    """A directory that is not a readable kinerja dataset."""


# --- reading -------------------------------------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The committed manifest of `out_dir`, or None for a dataset written before manifests (or none at all)."""
    path = Path(out_dir) / MANIFEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}: not a kinerja manifest ({exc})") from exc
    _check_version(path, manifest.get("schema_version", "?"))
    return manifest


def _check_version(path: Path, version: str) -> None:
    if str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise DatasetError(f"{path}: written with schema {version}, this kinerja reads {SCHEMA_VERSION}")


def _legacy_files(out_dir: Path, name: str) -> list[Path]:
    return sorted(p for p in (Path(out_dir) / name).rglob("*.parquet")
                  if not any(part.startswith((".", "_")) for part in p.relative_to(out_dir).parts))


def _resolve(out_dir: Path, manifest: Mapping[str, Any], rel: str) -> Path:
    """Where a committed file is now: its place, or still in staging when the commit's renames are pending."""
    path = Path(out_dir) / rel
    if not path.exists():
        for src, dst in manifest.get("pending", {}).get("moves", []):
            if dst == rel and (Path(out_dir) / src).exists():
                return Path(out_dir) / src
    return path


def _read_file(path: Path, name: str, entry: Mapping[str, Any] | None, columns: list[str] | None) -> pa.Table:
    file = pq.ParquetFile(path)
    metadata = file.schema_arrow.metadata or {}
    _check_version(path, metadata.get(b"kinerja_schema_version", b"?").decode())
    wanted = None if columns is None else [c for c in columns if c in file.schema_arrow.names]
    table = file.read(columns=wanted)
    if entry is not None and "tahun" in entry and name == "documents":
        for key in PARTITION_KEYS:  # partition columns live in the path
            if key not in table.column_names and (columns is None or key in columns):
                table = table.append_column(key, pa.array([entry[key]] * len(table), SCHEMAS[name].field(key).type))
    return table


def read_table(out_dir: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """Read one dataset whole (every committed batch, nothing half-written); a missing dataset is an error."""
    out_dir = Path(out_dir)
    for attempt in range(10):
        manifest = read_manifest(out_dir)
        try:
            if manifest is None or name not in manifest["files"]:
                if not (out_dir / name).is_dir():
                    raise FileNotFoundError(f"{out_dir / name}: no '{name}' dataset here (run `kinerja ingest` first)")
                tables = [_read_file(p, name, None, columns) for p in _legacy_files(out_dir, name)]
            else:
                tables = [_read_file(_resolve(out_dir, manifest, e["path"]), name, e, columns)
                          for e in manifest["files"][name]]
            break
        except FileNotFoundError:
            if manifest is None or attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))  # a writer replaced files between our manifest read and theirs
    schema = SCHEMAS[name] if columns is None else pa.schema([SCHEMAS[name].field(c) for c in columns])
    if not tables:
        empty = pa.Table.from_batches([], schema=schema)  # not schema.empty_table(): that imports pandas
        return empty.replace_schema_metadata({"kinerja_schema_version": SCHEMA_VERSION})
    return conform(pa.concat_tables([conform(t, name, schema) for t in tables]), name, schema)


def conform(table: pa.Table, name: str, schema: pa.Schema | None = None) -> pa.Table:
    """A table written by an earlier minor version of the schema, with the columns added since as nulls."""
    schema = schema or SCHEMAS[name]
    columns = [
        table.column(f.name).cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema.with_metadata(table.schema.metadata or {}))


def read_frame(out_dir: Path, name: str) -> pd.DataFrame:
    return read_table(out_dir, name).to_pandas()


def data_files(out_dir: Path, name: str) -> list[Path]:
    """The committed files of one dataset, for readers that take a file list (DuckDB)."""
    manifest = read_manifest(out_dir)
    if manifest is None or name not in manifest["files"]:
        return _legacy_files(out_dir, name) if (Path(out_dir) / name).is_dir() else []
    return [_resolve(out_dir, manifest, e["path"]) for e in manifest["files"][name]]


def is_dataset(out_dir: Path) -> bool:
    """A directory kinerja wrote: a manifest, or the documents/ directory of a 1.0 dataset."""
    return (Path(out_dir) / MANIFEST_FILE).is_file() or (Path(out_dir) / "documents").is_dir()


# --- the lock ------------------------------------------------------------------------------------------------------

_HELD: set[Path] = set()


def _acquire_lock(out_dir: Path) -> int:
    """An exclusive POSIX lock on DIR/.lock: released by the kernel when the holder dies, never inherited by its
    worker processes, so a lock left by a killed run is simply taken over."""
    key = out_dir.resolve()
    path = out_dir / LOCK_FILE
    if key in _HELD:
        raise DatasetLocked(f"{out_dir}: this process is already writing it")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise DatasetLocked(
            f"{out_dir}: another kinerja run is writing this dataset ({holder}); wait for it to finish"
        ) from None
    os.ftruncate(fd, 0)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {started}\n".encode(), 0)
    _HELD.add(key)
    return fd


def _release_lock(out_dir: Path, fd: int) -> None:
    _HELD.discard(out_dir.resolve())
    os.ftruncate(fd, 0)
    os.close(fd)  # closing releases the lock


def lock_holder(out_dir: Path) -> str | None:
    """Who holds the lock of `out_dir`, from its file (for messages); None when nobody wrote one."""
    try:
        return (Path(out_dir) / LOCK_FILE).read_text().strip() or None
    except OSError:
        return None


# --- writing -------------------------------------------------------------------------------------------------------


def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(job: tuple[Path, pa.Table]) -> None:
    """One Parquet file written and fsynced."""
    target, table = job
    pq.write_table(table, target, compression="zstd")
    _fsync_path(target)


def _in_parallel(func: Callable[[Any], None], items: Iterable[Any]) -> None:
    """`func` over `items` on a few threads: a commit's files are encoded and fsynced together (Arrow and fsync let
    go of the GIL, and the file system joins concurrent fsyncs into one journal commit), not one disk wait after
    another while the workers wait for their next document. The first error is raised after all have finished."""
    items = list(items)
    if len(items) < 2:
        for item in items:
            func(item)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(items)), thread_name_prefix="kinerja-write") as threads:
        futures = [threads.submit(func, item) for item in items]
    for future in futures:
        future.result()


def _write_json_atomic(path: Path, data: Mapping[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_path(path.parent, directory=True)


def partition_of(document: Mapping[str, Any]) -> Partition:
    """The (tahun, provinsi) partition a document's rows live in; None where unknown."""
    tahun = document.get("tahun")
    provinsi = document.get("provinsi")
    return (int(tahun) if not _missing(tahun) and tahun != UNKNOWN_TAHUN else None,
            provinsi if isinstance(provinsi, str) and provinsi else None)


def _missing(value: Any) -> bool:
    """None, NaN or NaT (a year read back from a pandas frame), or pandas' NA (which cannot be compared)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def _partition_dir(name: str, partition: Partition) -> str:
    tahun, provinsi = partition
    prov = quote(provinsi, safe=" -.,()'&") if provinsi else UNKNOWN_PROVINSI
    return f"{name}/tahun={tahun if tahun is not None else UNKNOWN_TAHUN}/provinsi={prov}"


def _entry_partition(entry: Mapping[str, Any]) -> Partition | None:
    return (entry["tahun"], entry["provinsi"]) if "tahun" in entry else None


class Store:
    """The one writer of a dataset directory: lock, recovery of a dead run, and atomic commits.

    Use as a context manager; `commit` adds rows, drops documents and updates document columns in one atomic step.
    """

    def __init__(self, out_dir: Path, create: bool = True) -> None:
        self.out_dir = Path(out_dir)
        self.create = create
        """False for commands that change an existing dataset: a directory that is none is refused, not adopted."""
        self._lock_fd: int | None = None
        self.manifest: dict[str, Any] = {}
        self.index: dict[str, dict[str, Any]] = {}
        """doc_id → the document's row (without warnings), for skip decisions and partition look-ups."""

    def __enter__(self) -> Store:
        if not self.create and not is_dataset(self.out_dir):
            raise DatasetError(f"{self.out_dir}: not a kinerja dataset (no {MANIFEST_FILE}, no documents/)")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _acquire_lock(self.out_dir)
        try:
            self._recover()
            self._load_index()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._lock_fd is not None:
            _release_lock(self.out_dir, self._lock_fd)
            self._lock_fd = None

    # recovery

    def _recover(self) -> None:
        """Finish a committed run's renames, remove what dead runs left, adopt a dataset older than manifests."""
        manifest = read_manifest(self.out_dir)
        if manifest is not None and manifest.get("pending"):
            self._apply_pending(manifest["pending"])
            manifest = {**manifest, "pending": {}}
            _write_json_atomic(self.out_dir / MANIFEST_FILE, manifest)
        for stale in self.out_dir.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in self.out_dir.parent.glob(f".{self.out_dir.name}.staging-*"):  # the 1.0 store's staging
            shutil.rmtree(stale, ignore_errors=True)
        for stale in [*self.out_dir.glob(f".{MANIFEST_FILE}.*.tmp"), *self.out_dir.glob(f".{HASHES_FILE}.*.tmp")]:
            stale.unlink(missing_ok=True)
        if manifest is None:
            files = {name: [{"path": str(p.relative_to(self.out_dir)), "rows": pq.ParquetFile(p).metadata.num_rows}
                            for p in _legacy_files(self.out_dir, name)] for name in DATASETS}
            manifest = {"format": 1, "schema_version": SCHEMA_VERSION, "generation": 0, "files": files,
                        "pending": {}}
            _write_json_atomic(self.out_dir / MANIFEST_FILE, manifest)
        self.manifest = manifest

    def _apply_pending(self, pending: Mapping[str, Any]) -> None:
        for src, dst in pending.get("moves", []):
            source, target = self.out_dir / src, self.out_dir / dst
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for rel in pending.get("deletes", []):
            (self.out_dir / rel).unlink(missing_ok=True)
        _in_parallel(lambda directory: _fsync_path(directory, directory=True),
                     {(self.out_dir / dst).parent for _, dst in pending.get("moves", [])})
        for rel in pending.get("deletes", []):  # drop partition directories left empty
            parent = (self.out_dir / rel).parent
            while parent != self.out_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def _load_index(self) -> None:
        columns = [c for c in SCHEMAS["documents"].names if c != "warnings"]
        table = read_table(self.out_dir, "documents", columns)
        self.index = {row["doc_id"]: row for row in table.to_pylist()}

    # committing

    def _partition_for(self, doc_id: str, new_docs: Mapping[str, Partition]) -> Partition:
        if doc_id in new_docs:
            return new_docs[doc_id]
        known = self.index.get(doc_id)
        return partition_of(known) if known else (None, None)

    def commit(
        self,
        add: Mapping[str, Iterable[Mapping[str, Any] | pa.Table]] | None = None,
        drop: Iterable[str] = (),
        update: Mapping[str, Mapping[str, Any]] | None = None,
        replace_datasets: Iterable[str] = (),
    ) -> int:
        """Atomically: drop every row of the `drop` documents, change the `update` documents' columns, replace the
        `replace_datasets` wholesale, then add the `add` rows. Returns the new generation.

        The rows of a dataset are row dicts, or Arrow tables of the dataset's schema each holding one document's rows
        (as workers send them: the parent then only concatenates)."""
        add = {name: list(rows) for name, rows in (add or {}).items()}
        drop, update, replace_datasets = set(drop), dict(update or {}), set(replace_datasets)
        generation = int(self.manifest.get("generation", 0)) + 1
        staging = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}-{generation}-{uuid.uuid4().hex[:8]}"
        files = {name: list(entries) for name, entries in self.manifest["files"].items()}
        moves: list[list[str]] = []
        deletes: list[str] = []
        new_docs = {row["doc_id"]: partition_of(row) for row in add.get("documents", [])}

        writes: list[tuple[Path, pa.Table]] = []

        def write(name: str, partition: Partition | None, table: pa.Table) -> None:
            """Plan one new file; the files are written together below."""
            rel_dir = _partition_dir(name, partition) if partition is not None else name
            rel = f"{rel_dir}/part-{generation:06d}-{uuid.uuid4().hex[:8]}.parquet"
            target = staging / rel.replace("/", "~")  # flat: no partition directories to make and remove
            if partition is not None and name == "documents":
                table = table.drop_columns([k for k in PARTITION_KEYS if k in table.column_names])
            writes.append((target, table))
            moves.append([str(target.relative_to(self.out_dir)), rel])
            entry: dict[str, Any] = {"path": rel, "rows": len(table)}
            if partition is not None:
                entry["tahun"], entry["provinsi"] = partition
            files.setdefault(name, []).append(entry)

        touched = drop | set(update)
        affected = {self._partition_for(d, {}) for d in touched}
        ids = pa.array(sorted(touched), pa.string())
        dropped = pa.array(sorted(drop), pa.string())
        for name in list(files):
            if name in replace_datasets:
                deletes.extend(e["path"] for e in files[name])
                files[name] = []
                continue
            if not touched:
                continue
            rewrite: list[tuple[Partition | None, pa.Table]] = []
            keep = []
            for entry in files[name]:
                part = _entry_partition(entry)
                path = _resolve(self.out_dir, self.manifest, entry["path"])
                if (part is not None and part not in affected) or not pc.any(
                        pc.is_in(pq.ParquetFile(path).read(columns=["doc_id"]).column("doc_id"), ids)).as_py():
                    keep.append(entry)
                    continue
                table = _read_file(path, name, entry, None)
                table = table.filter(pc.invert(pc.is_in(table.column("doc_id"), dropped)))
                if name == "documents" and update:
                    table = _apply_updates(table, update)
                deletes.append(entry["path"])
                rewrite.append((part, table))
            files[name] = keep
            for part, table in rewrite:
                if len(table):
                    write(name, part, conform(table, name))

        for name, items in add.items():
            groups: dict[Partition, list[Mapping[str, Any]]] = defaultdict(list)
            tables: dict[Partition, list[pa.Table]] = defaultdict(list)
            for item in items:
                if not isinstance(item, pa.Table):
                    groups[self._partition_for(item["doc_id"], new_docs)].append(item)
                elif len(item):
                    tables[self._partition_for(item.column("doc_id")[0].as_py(), new_docs)].append(item)
            for partition in sorted(groups.keys() | tables.keys(), key=lambda p: (p[0] or 0, p[1] or "")):
                parts = [t if t.schema.equals(SCHEMAS[name]) else conform(t, name) for t in tables[partition]]
                if groups[partition]:
                    parts.append(to_arrow(name, groups[partition]))
                write(name, partition, parts[0] if len(parts) == 1 else pa.concat_tables(parts))

        if not moves and not deletes:
            return int(self.manifest.get("generation", 0))
        if writes:
            staging.mkdir()
            _in_parallel(_write_durably, writes)
            _fsync_path(staging, directory=True)  # their names too, for the renames a crash leaves pending
        manifest = {"format": 1, "schema_version": SCHEMA_VERSION, "generation": generation, "files": files,
                    "pending": {"moves": moves, "deletes": deletes}}
        _write_json_atomic(self.out_dir / MANIFEST_FILE, manifest)  # the commit point
        self._apply_pending(manifest["pending"])
        shutil.rmtree(staging, ignore_errors=True)
        manifest = {**manifest, "pending": {}}
        _write_json_atomic(self.out_dir / MANIFEST_FILE, manifest)
        self.manifest = manifest
        for doc_id in drop:
            self.index.pop(doc_id, None)
        for doc_id, changes in update.items():
            if doc_id in self.index:
                self.index[doc_id].update(changes)
        for row in add.get("documents", []):
            self.index[row["doc_id"]] = {k: v for k, v in row.items() if k != "warnings"}
        (self.out_dir / "report.html").unlink(missing_ok=True)  # it no longer describes the data
        if drop:
            _drop_findings(self.out_dir, drop)
        return generation

    def read_hashes(self) -> dict[str, tuple[int, int, str]]:
        """The hash cache: path → (size, mtime_ns, sha256); empty when absent or unreadable (it is only a cache)."""
        try:
            table = pq.ParquetFile(self.out_dir / HASHES_FILE).read()  # one file: no pyarrow.dataset (and pandas)
        except (OSError, pa.ArrowInvalid):
            return {}
        return {row["path"]: (row["size"], row["mtime_ns"], row["sha256"]) for row in table.to_pylist()}

    def write_hashes(self, hashes: Mapping[str, tuple[int, int, str]]) -> None:
        """Replace the hash cache atomically."""
        table = pa.table({
            "path": pa.array(list(hashes), pa.string()),
            "size": pa.array([v[0] for v in hashes.values()], pa.int64()),
            "mtime_ns": pa.array([v[1] for v in hashes.values()], pa.int64()),
            "sha256": pa.array([v[2] for v in hashes.values()], pa.string()),
        })
        tmp = self.out_dir / f".{HASHES_FILE}.{os.getpid()}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, self.out_dir / HASHES_FILE)

    def replace_dataset(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Replace every row of one dataset (a recode), partitioned by each row's document."""
        self.commit(add={name: rows}, replace_datasets=[name])

    # compaction

    def small_file_groups(self, min_files: int = 2) -> list[tuple[str, Partition | None]]:
        """(dataset, partition) groups holding at least `min_files` files; legacy (unpartitioned) files always."""
        groups: dict[tuple[str, Partition | None], int] = defaultdict(int)
        for name in DATASETS:
            for entry in self.manifest["files"].get(name, []):
                if _small(entry):
                    groups[(name, _entry_partition(entry))] += 1
        return [g for g, n in groups.items() if g[1] is None or n >= min_files]

    def compact(self, min_files: int = 2) -> tuple[int, int]:
        """Merge the files of every partition holding `min_files` or more into files of up to FILE_ROWS rows, and
        move unpartitioned (1.0) files into partitions. Returns (files before, files after)."""
        before = sum(len(v) for v in self.manifest["files"].values())
        groups = self.small_file_groups(min_files)
        if not groups:
            return before, before
        generation = int(self.manifest.get("generation", 0)) + 1
        staging = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}-{generation}-{uuid.uuid4().hex[:8]}"
        files = {name: list(entries) for name, entries in self.manifest["files"].items()}
        moves: list[list[str]] = []
        deletes: list[str] = []
        for name, partition in groups:
            members = [e for e in files[name] if _entry_partition(e) == partition and _small(e)]
            files[name] = [e for e in files[name] if e not in members]
            deletes.extend(e["path"] for e in members)
            writers: dict[Partition, _RollingWriter] = {}
            for entry in members:
                table = conform(_read_file(_resolve(self.out_dir, self.manifest, entry["path"]), name, entry, None),
                                name)
                if partition is not None:
                    parts = {partition: table}
                else:
                    keys = [self._partition_for(d, {}) for d in table.column("doc_id").to_pylist()]
                    parts = {p: table.filter(pa.array([k == p for k in keys])) for p in set(keys)}
                for part, piece in parts.items():
                    if part not in writers:
                        writers[part] = _RollingWriter(self.out_dir, staging, name, part, generation)
                    writers[part].write(piece)
            for writer in writers.values():
                for rel_src, rel, rows in writer.close():
                    moves.append([rel_src, rel])
                    files[name].append({"path": rel, "rows": rows, "tahun": writer.partition[0],
                                        "provinsi": writer.partition[1]})
        manifest = {"format": 1, "schema_version": SCHEMA_VERSION, "generation": generation, "files": files,
                    "pending": {"moves": moves, "deletes": deletes}}
        _write_json_atomic(self.out_dir / MANIFEST_FILE, manifest)
        self._apply_pending(manifest["pending"])
        shutil.rmtree(staging, ignore_errors=True)
        self.manifest = {**manifest, "pending": {}}
        _write_json_atomic(self.out_dir / MANIFEST_FILE, self.manifest)
        return before, sum(len(v) for v in files.values())


def _small(entry: Mapping[str, Any]) -> bool:
    return "tahun" not in entry or entry["rows"] < SMALL_FILE_ROWS


class _RollingWriter:
    """Streams tables of one (dataset, partition) into staging files of at most FILE_ROWS rows."""

    def __init__(self, out_dir: Path, staging: Path, name: str, partition: Partition, generation: int) -> None:
        self.out_dir, self.staging, self.name, self.partition = out_dir, staging, name, partition
        self.generation = generation
        self.done: list[tuple[str, str, int]] = []
        self._writer: pq.ParquetWriter | None = None
        self._current: tuple[Path, str] | None = None
        self._rows = 0

    def write(self, table: pa.Table) -> None:
        if self.name == "documents":
            table = table.drop_columns([k for k in PARTITION_KEYS if k in table.column_names])
        offset = 0
        while offset < len(table):
            if self._writer is None:
                rel = f"{_partition_dir(self.name, self.partition)}/part-{self.generation:06d}-{uuid.uuid4().hex[:8]}" \
                      ".parquet"
                target = self.staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                self._writer = pq.ParquetWriter(target, table.schema, compression="zstd")
                self._current, self._rows = (target, rel), 0
            piece = table.slice(offset, FILE_ROWS - self._rows)
            self._writer.write_table(piece)
            self._rows += len(piece)
            offset += len(piece)
            if self._rows >= FILE_ROWS:
                self._finish()

    def _finish(self) -> None:
        if self._writer is None or self._current is None:
            return
        self._writer.close()
        target, rel = self._current
        _fsync_path(target)
        self.done.append((str(target.relative_to(self.out_dir)), rel, self._rows))
        self._writer = None

    def close(self) -> list[tuple[str, str, int]]:
        self._finish()
        return self.done


def _apply_updates(table: pa.Table, update: Mapping[str, Mapping[str, Any]]) -> pa.Table:
    rows = table.to_pylist()
    for row in rows:
        row.update(update.get(row["doc_id"], {}))
    return pa.Table.from_pylist(rows, schema=table.schema)


def _drop_findings(out_dir: Path, doc_ids: set[str]) -> None:
    """Findings about documents that changed or left no longer describe the data: remove them (others stay)."""
    for path in sorted((out_dir / "findings").glob("*.parquet")) if (out_dir / "findings").is_dir() else []:
        table = pq.read_table(path)
        kept = table.filter(pc.invert(pc.is_in(table.column("doc_id"), pa.array(sorted(doc_ids), pa.string()))))
        if len(kept) == len(table):
            continue
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(kept, tmp)
        os.replace(tmp, path)


def write_table(out_dir: Path, name: str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Replace one dataset of `out_dir` with `rows`, atomically (used by steps that rewrite a dataset)."""
    with Store(out_dir, create=False) as store:
        store.replace_dataset(name, rows)
    return Path(out_dir) / name


def iter_documents(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The documents rows of a dataset as dicts (small: one per source file)."""
    yield from read_table(out_dir, "documents").to_pylist()


def remove_sources(out_dir: Path, source_paths: list[str]) -> tuple[int, int]:
    """Remove the documents found under `source_paths` (files, or folders: everything under them). A document also
    known under another path keeps that path. Returns (documents removed, documents kept under other paths)."""
    targets = [str(Path(p).absolute()) for p in source_paths]

    def gone(path: str) -> bool:
        return any(path == t or path.startswith(t.rstrip("/") + "/") for t in targets)

    with Store(out_dir, create=False) as store:
        drop, update = set(), {}
        for doc_id, row in store.index.items():
            paths = list(row.get("source_paths") or [row["source_path"]])
            left = [p for p in paths if not gone(p)]
            if not left:
                drop.add(doc_id)
            elif left != paths:
                update[doc_id] = {"source_paths": left, "source_path": left[0]}
        if drop or update:
            store.commit(drop=drop, update=update)
    return len(drop), len(update)
