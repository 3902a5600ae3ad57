"""The batch: find the documents, decide what to read, hand them to workers, commit their rows in batches.

This is the parent's side of a run, and it imports no reader, normaliser or matcher: those are the per-document job
(`document_job`), which only worker processes import (from a fork server that imported it once). A parent that
imported them would spend its CPU on what the workers already hold, on the cores they need. The run's options and
the shape of a document's result are defined here, where both sides can take them without importing the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import os
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .runner import PoolStats, TaskFailed, WorkerPool, start_fork_server
from .schema import SCHEMA_VERSION, to_arrow
from .store import Store

try:
    KINERJA_VERSION = importlib.metadata.version("kinerja")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    KINERJA_VERSION = "0+unknown"

READABLE_SUFFIXES = (".pdf", ".txt", ".text", ".docx", ".xlsx", ".xlsm")
# Collected so that they are reported as failed with the reason (and how to convert them), not skipped silently.
UNSUPPORTED_SUFFIXES = (".doc", ".xls", ".xlsb", ".odt", ".ods")


@dataclass(frozen=True)
class IngestOptions:
    """Every tunable of a run, validated once at the door."""

    workers: int = 1
    overrides: frozenset[tuple[tuple[str, str], str]] = frozenset()
    """Reviewed decisions, (kind, name) → code or none, applied before any matching."""
    match: bool = True
    timeout: int = 300
    """Seconds one document may take before its worker is killed and it is recorded as failed (0: no limit)…"""
    page_timeout: int = 30
    """…plus this many for each of its pages read by OCR (a 200-page scan gets 300 + 200 × 30 s; a document stuck
    on one page still fails, since its allowance grows only as it reaches new pages)."""
    max_memory: int = 2048
    """Megabytes of resident memory a worker may use before it is killed and its document recorded as failed
    (0: no limit)."""
    force: bool = False
    """Read documents again even when the dataset holds them from this kinerja version."""
    replace: bool = False
    """The dataset ends holding only this run's documents (the others are removed at the end)."""
    engine: str = "local"
    """local (a process pool on this machine) or dask (a Dask cluster)."""
    scheduler: str | None = None
    """Address of a running Dask scheduler (tcp://host:8786); none starts a local cluster of `workers`."""
    batch_documents: int = 50
    """A batch is committed every this many documents…"""
    batch_seconds: float = 30.0
    """…or every this many seconds, whichever comes first: at most this much work is lost to a crash."""

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if self.timeout < 0:
            raise ValueError(f"timeout must be 0 (no limit) or more seconds, not {self.timeout}")
        if self.page_timeout < 0:
            raise ValueError(f"page-timeout must be 0 or more seconds, not {self.page_timeout}")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"engine must be local or dask, not {self.engine!r}")
        if self.scheduler and self.engine != "dask":
            raise ValueError("a scheduler address needs --engine dask")
        if self.batch_documents < 1 or self.batch_seconds <= 0:
            raise ValueError("batches need at least one document and a positive number of seconds")
        if self.max_memory < 0:
            raise ValueError(f"max-memory must be 0 (no limit) or more megabytes, not {self.max_memory}")


def default_max_memory(workers: int) -> int:
    """Megabytes per worker: 2 GB, or an equal share of 80% of the machine's memory when that is less."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        return 2048
    return max(256, min(2048, int(total * 0.8) // max(1, workers)))


@dataclass
class DocumentResult:
    """One document's rows for every dataset: its documents row, and its indicator and period rows (row dicts from
    `process_document`; Arrow tables once `packed` by a worker)."""

    document: dict[str, Any]
    indicators: list[dict[str, Any]] | pa.Table = field(default_factory=list)
    periods: list[dict[str, Any]] | pa.Table = field(default_factory=list)

    def packed(self) -> DocumentResult:
        """The same result with its indicator and period rows as Arrow tables: made in the worker, so the parent
        (one process for every worker's results, on the cores they need) neither unpickles nor converts row dicts,
        and only concatenates tables when it commits."""
        return DocumentResult(self.document, _as_table("indicators", self.indicators),
                              _as_table("periods", self.periods))

    def __getstate__(self) -> dict[str, Any]:
        """Arrow tables travel as IPC streams: one buffer each, read back in a tenth of a millisecond, where
        pickling a table column by column costs the receiving process more than the rows it holds."""
        state = dict(self.__dict__)
        for key in ("indicators", "periods"):
            if isinstance(state[key], pa.Table):
                state[key] = _IpcTable(_ipc_bytes(state[key]))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key in ("indicators", "periods"):
            if isinstance(state[key], _IpcTable):
                state[key] = pa.ipc.open_stream(state[key].data).read_all()
        self.__dict__.update(state)


@dataclass(frozen=True)
class _IpcTable:
    data: bytes


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _as_table(name: str, rows: list[dict[str, Any]] | pa.Table) -> pa.Table:
    return rows if isinstance(rows, pa.Table) else to_arrow(name, rows)


def document_row(doc_id: str, source_path: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": doc_id, "source_path": source_path, "schema_version": SCHEMA_VERSION,
        "warnings": [], "n_tables": 0, "n_indicators": 0, "source_paths": [source_path],
        "kinerja_version": KINERJA_VERSION,
    }
    row.update(values)
    return row


def failed_result(doc_id: str, source_path: str, reason: str) -> DocumentResult:
    return DocumentResult(document_row(doc_id, source_path, status="failed", error=f"{source_path}: {reason}"))


def unreadable_id(path: str) -> str:
    """No bytes to hash: the id is the path's, so the failure is still a row of its own."""
    return hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()


JOB_MODULE = f"{__package__}.document_job"
"""The module worker processes import before their first document (the fork server's preload)."""


@dataclass(frozen=True)
class ReadPath:
    """The task a worker runs: one document from its path. A picklable reference to `document_job.process_path`
    that does not import it here (pickling the function itself would: the parent would load every reader)."""

    options: IngestOptions

    def __call__(self, path: str) -> DocumentResult:
        from .document_job import process_path

        return process_path(path, self.options).packed()


def _worker_failure(path: str, failure: TaskFailed) -> DocumentResult:
    """A document whose worker was stopped from outside (time, memory) or died: a failed row with the reason."""
    try:
        doc_id = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        doc_id = unreadable_id(path)
    return failed_result(doc_id, path, failure.reason)


@dataclass(frozen=True)
class NotRead:
    """A path under the folders given that is not read, and why (every one is said, none is lost silently)."""

    path: str
    reason: str


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    not_read: list[NotRead] = field(default_factory=list)


_FILE_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
               stat.S_IFBLK: "a device"}


def find_documents(paths: Iterable[Path]) -> Found:
    """Files named directly, plus every file of a kind kinerja reads under the folders named, in a stable order;
    and every path under them that is not read, with the reason.

    Links to folders are followed (an archive assembled from links loses nothing); a folder reached a second time
    — a link loop, or two links to one folder — is read once. Hidden files, files of other kinds, broken links and
    anything that is not a regular file (a named pipe would block its reader forever) are listed as not read."""
    found = Found()
    seen: dict[tuple[int, int], str] = {}

    def walk(folder: Path) -> None:
        try:
            identity = folder.stat()
        except OSError as exc:
            found.not_read.append(NotRead(str(folder), f"cannot open the folder: {exc.strerror or exc}"))
            return
        key = (identity.st_dev, identity.st_ino)
        if key in seen:
            found.not_read.append(NotRead(str(folder), f"folder already read as {seen[key]} (a link loop or a "
                                                       "second link to it)"))
            return
        seen[key] = str(folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.not_read.append(NotRead(str(folder), f"cannot list the folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=True).st_mode
            except OSError:
                target = os.readlink(entry.path) if entry.is_symlink() else "?"
                found.not_read.append(NotRead(entry.path, f"broken link (to {target})"))
                continue
            if stat.S_ISDIR(mode):
                walk(path)
            elif not stat.S_ISREG(mode):
                kind = _FILE_KINDS.get(stat.S_IFMT(mode), "a special file")
                found.not_read.append(NotRead(entry.path, f"not a regular file ({kind})"))
            elif entry.name.startswith("."):
                found.not_read.append(NotRead(entry.path, "hidden file"))
            elif path.suffix.lower() not in READABLE_SUFFIXES + UNSUPPORTED_SUFFIXES:
                kind = path.suffix.lower() or "no extension"
                found.not_read.append(NotRead(entry.path, f"not a kind of file kinerja reads ({kind})"))
            else:
                found.files.append(path)

    for path in paths:
        if path.is_dir():
            walk(path)
        else:
            found.files.append(path)
    return found


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """The files `find_documents` would read."""
    return find_documents(paths).files


def run_documents(paths: list[Path], options: IngestOptions, stats: PoolStats | None = None,
                  on_last: Callable[[], None] | None = None) -> Iterator[DocumentResult]:
    """Process documents in worker processes (limits enforced from outside); results in the order they complete.
    `stats`, when given, is filled with what the pool's run cost; `on_last` is called when the last document has
    been handed to a worker."""
    pool = WorkerPool(ReadPath(options), workers=min(options.workers, max(1, len(paths))),
                      timeout=options.timeout, max_memory=options.max_memory * 2**20)
    if stats is not None:
        pool.stats = stats

    def hand_out() -> Iterator[str]:
        for number, path in enumerate(paths, 1):
            if number == len(paths) and on_last is not None:
                on_last()
            yield str(path)

    for path, outcome in pool.run(hand_out()):
        yield _worker_failure(path, outcome) if isinstance(outcome, TaskFailed) else outcome


class NothingToIngest(ValueError):
    """No file under the paths given could be read: the dataset is left as it was."""


@dataclass
class IngestSummary:
    documents: int = 0
    """Documents read in this run."""
    skipped: int = 0
    """Documents already in the dataset from this kinerja version, not read again."""
    removed: int = 0
    """Documents removed (older versions of changed files, or, with --replace, those not in this run)."""
    indicators: int = 0
    periods: int = 0
    pages: int = 0
    batches: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    log_path: Path | None = None
    not_read: list[NotRead] = field(default_factory=list)
    """Paths under the folders given that were not read (other kinds of file, broken links, loops), with why."""
    pool: PoolStats | None = None
    """Where the local pool's time went (start-up, busy, tail), for the benches; none on Dask."""
    commit_seconds: float = 0.0
    """Wall seconds this process spent writing and publishing batches (and compacting)."""


def describe_not_read(items: list[NotRead], examples: int = 3) -> str:
    """One line per reason: how many paths, and the first few of them."""
    by_reason: dict[str, list[str]] = {}
    for item in items:
        reason = item.reason if not item.reason.startswith("not a kind of file") else "not a kind of file kinerja reads"
        by_reason.setdefault(reason, []).append(item.path)
    lines = []
    for reason, paths in by_reason.items():
        shown = ", ".join(paths[:examples]) + (f" and {len(paths) - examples} more" if len(paths) > examples else "")
        lines.append(f"{len(paths)} {reason}: {shown}")
    return "; ".join(lines)


class IngestProgress:
    """What a run reports as it goes; the command line draws it, the default says nothing."""

    def start(self, total: int, skipped: int) -> None:
        """`total` documents to read, `skipped` already in the dataset."""

    def document(self, result: DocumentResult) -> None:
        """One document finished (ok or failed)."""

    def committed(self, documents: int, batches: int) -> None:
        """`documents` are now safely in the dataset, in `batches` commits."""


class RunLog:
    """A plain, line-per-event log of one run in DIR/logs/, for whoever looks after a three-hour batch."""

    def __init__(self, out_dir: Path) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        (Path(out_dir) / "logs").mkdir(parents=True, exist_ok=True)
        self.path = Path(out_dir) / "logs" / f"ingest-{stamp}-{os.getpid()}.log"
        self._file = open(self.path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - open for the whole run

    def __call__(self, message: str) -> None:
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._file.write(f"{now} {message}\n")

    def close(self) -> None:
        self._file.close()


@dataclass
class _Plan:
    """What a run must do, decided from the bytes of every file and the documents already in the dataset."""

    todo: list[str]
    """One path per distinct content that must be read."""
    paths: dict[str, list[str]]
    """doc_id → every path the document is known under after this run."""
    skipped: int
    drop_now: set[str]
    """Documents whose every path now holds other, already known bytes."""
    supersedes: dict[str, set[str]]
    """doc_id being read → older documents its commit removes (a file's previous version)."""
    updates: dict[str, dict[str, Any]]
    """Documents not read again whose paths changed."""
    seen: set[str]


def _hash_file(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _hashes(paths: list[str], cache: dict[str, tuple[int, int, str]], force: bool
            ) -> tuple[dict[str, str | None], dict[str, tuple[int, int, str]]]:
    """sha256 of every file, taken from the cache when its size and modification time are unchanged (as make and
    rsync judge a file); returns the hashes and the updated cache."""
    sha_of: dict[str, str | None] = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            sha_of[path] = None
            continue
        known = cache.get(path)
        if not force and known and known[:2] == (stat.st_size, stat.st_mtime_ns):
            sha_of[path] = known[2]
            continue
        sha = sha_of[path] = _hash_file(path)
        if sha is not None:
            cache[path] = (stat.st_size, stat.st_mtime_ns, sha)
    return sha_of, cache


def _plan(sha_of: dict[str, str | None], index: dict[str, dict[str, Any]], options: IngestOptions) -> _Plan:
    """Which files to read, and what happens to the documents already in the dataset."""
    groups: dict[str, list[str]] = {}
    for path, sha in sha_of.items():
        if sha is not None:
            groups.setdefault(sha, []).append(path)
    known_paths = {doc_id: list(row.get("source_paths") or [row["source_path"]]) for doc_id, row in index.items()}
    owner = {path: doc_id for doc_id, paths in known_paths.items() for path in paths}
    paths = {doc_id: list(p) for doc_id, p in known_paths.items()}
    lost_to: dict[str, set[str]] = {}  # old doc_id → the new doc_ids that took its paths
    for path, sha in sha_of.items():
        old = owner.get(path)
        new = sha or unreadable_id(path)
        if old is not None and old != new:
            paths[old].remove(path)
            lost_to.setdefault(old, set()).add(new)
    for sha, group in groups.items():
        paths[sha] = sorted(set(paths.get(sha, [])) | set(group))
    todo, skipped = [], 0
    for sha, group in groups.items():
        known = index.get(sha)
        if known and not options.force and known.get("kinerja_version") == KINERJA_VERSION:
            skipped += 1
        else:
            todo.append(sorted(group)[0])
    todo.extend(path for path, sha in sha_of.items() if sha is None)
    todo.sort()
    reading = {sha_of[p] for p in todo if sha_of[p]}
    drop_now, supersedes = set(), {}
    for old, news in lost_to.items():
        if paths[old]:
            continue
        pending = sorted(n for n in news if n in reading)
        if pending:  # removed in the same commit as its successor: never neither, never both
            supersedes.setdefault(pending[0], set()).add(old)
        else:
            drop_now.add(old)
    updates = {
        doc_id: {"source_paths": p, "source_path": p[0]}
        for doc_id, p in paths.items()
        if doc_id in index and doc_id not in reading and p and p != known_paths[doc_id]
    }
    seen = set(groups) | {unreadable_id(p) for p, s in sha_of.items() if not s}
    return _Plan(todo, {k: v for k, v in paths.items() if v}, skipped, drop_now, supersedes, updates, seen)


def _results(paths: list[str], options: IngestOptions, summary: IngestSummary,
             on_last: Callable[[], None]) -> Iterator[DocumentResult]:
    if options.engine == "dask":
        from .dask_engine import run_documents_dask

        return run_documents_dask([Path(p) for p in paths], options)
    summary.pool = PoolStats()
    return run_documents([Path(p) for p in paths], options, summary.pool, on_last)


def ingest(paths: list[Path], out_dir: Path, options: IngestOptions | None = None,
           progress: IngestProgress | None = None) -> IngestSummary:
    """Add the documents under `paths` to the dataset in `out_dir`, in committed batches.

    Documents already there (same bytes, same kinerja version) are skipped; a file whose bytes changed replaces its
    previous version; a run that is killed keeps every batch committed before, and the next run reads only the
    rest. Refuses (NothingToIngest) when no file could be read, leaving the dataset as it was.
    """
    options = options or IngestOptions()
    progress = progress or IngestProgress()
    started = time.perf_counter()
    if options.engine == "local":  # the workers' imports run on another core while the files are found and hashed
        start_fork_server([JOB_MODULE])
    found = find_documents(paths)
    files = found.files
    if not files:
        names = ", ".join(str(p) for p in paths)
        skipped = f"; not read: {describe_not_read(found.not_read)}" if found.not_read else ""
        raise NothingToIngest(f"no document found under {names} (kinerja reads {', '.join(READABLE_SUFFIXES)})"
                              + skipped)
    summary = IngestSummary(not_read=found.not_read)
    with Store(out_dir) as store:
        log = RunLog(out_dir)
        summary.log_path = log.path
        for item in found.not_read:
            log(f"not read: {item.path}: {item.reason}")
        try:
            _ingest_into(store, files, options, progress, summary, log)
        except BaseException as exc:
            log(f"stopped: {type(exc).__name__} {exc}; {summary.batches} batches committed")
            raise
        finally:
            summary.seconds = time.perf_counter() - started
            log.close()
    return summary


def _ingest_into(store: Store, files: list[Path], options: IngestOptions, progress: IngestProgress,
                 summary: IngestSummary, log: RunLog) -> None:
    absolute = [str(f.absolute()) for f in files]
    sha_of, cache = _hashes(absolute, store.read_hashes(), options.force)
    plan = _plan(sha_of, store.index, options)
    summary.skipped = plan.skipped
    log(f"start: {len(files)} files, {len(plan.todo)} to read, {plan.skipped} unchanged skipped "
        f"(kinerja {KINERJA_VERSION}, engine {options.engine}, {options.workers} workers)")
    progress.start(len(plan.todo), plan.skipped)
    # Largest files first: the run does not end on one worker reading a big document while the others wait.
    sizes = {path: cache[path][0] if path in cache else 0 for path in plan.todo}
    todo = sorted(plan.todo, key=lambda path: (-sizes[path], path))
    batches = _Batches(store, plan, cache, options, summary, progress, log)
    readable = plan.skipped > 0 or bool(plan.updates)
    handed_out = {"all": False, "committed": False}
    batch: list[DocumentResult] = []
    try:
        for result in _results(todo, options, summary, lambda: handed_out.update(all=True)):
            document = result.document
            summary.documents += 1
            summary.indicators += len(result.indicators)
            summary.periods += len(result.periods)
            summary.pages += document.get("pages") or 0
            summary.statuses[document["status"]] += 1
            if document["status"] == "failed":
                summary.failures.append(document["error"])
                log(f"failed: {document['error']}")
            else:
                readable = True
            progress.document(result)
            batch.append(result)
            # Once the last document is handed out, what has arrived is committed while the workers read the last
            # ones: the run ends with a commit of a few documents, not a whole batch written with the cores idle.
            last_round = handed_out["all"] and not handed_out["committed"] and summary.documents < len(todo)
            if readable and (len(batch) >= options.batch_documents or last_round
                             or time.monotonic() - batches.last >= options.batch_seconds):
                batches.commit(batch)
                batch = []
                handed_out["committed"] = handed_out["committed"] or handed_out["all"]
        if not readable:
            raise NothingToIngest(f"none of the {len(files)} files could be read "
                                  f"({summary.statuses['failed']} failed); the dataset was left as it was")
        batches.commit(batch, final=True)
    finally:
        batches.close()  # a batch being written is finished (or fails) before the store's lock is let go
    log(f"done: {summary.documents} read, {summary.skipped} skipped, {summary.removed} removed, "
        f"{len(summary.failures)} failed, {summary.batches} batches")


class _Batches:
    """A run's commits, written on a thread of their own one at a time while the run goes on receiving results and
    handing out documents: the workers never wait for a batch to be written (Arrow, Parquet and fsync let go of the
    GIL). What a commit reports (log, progress, summary) is said on the run's thread when it has finished."""

    def __init__(self, store: Store, plan: _Plan, cache: dict[str, tuple[int, int, str]], options: IngestOptions,
                 summary: IngestSummary, progress: IngestProgress, log: RunLog) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.store, self.plan, self.cache, self.options = store, plan, cache, options
        self.summary, self.progress, self.log = summary, progress, log
        self.drop_first: set[str] = set(plan.drop_now)
        self.update_first: dict[str, dict[str, Any]] = dict(plan.updates)
        self.hashes_written = False
        self.submitted = 0
        self.last = time.monotonic()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinerja-commit")
        self._in_flight: list[tuple[Any, int, int, int]] = []  # (future, documents, read so far, removed)

    def commit(self, results: list[DocumentResult], final: bool = False) -> None:
        """Hand `results` (and, with the first batch, the plan's removals and path changes) to the writer."""
        self.settle()  # the store's index must be the committed one to decide what this batch replaces
        index = self.store.index
        docs, indicators, periods = [], [], []
        drop = set(self.drop_first)
        for result in results:
            doc = dict(result.document)
            doc_id = doc["doc_id"]
            known = self.plan.paths.get(doc_id) or [doc["source_path"]]
            doc["source_paths"], doc["source_path"] = known, known[0]
            if doc_id in index:
                drop.add(doc_id)
            drop |= self.plan.supersedes.get(doc_id, set())
            docs.append(doc)
            indicators.append(_as_table("indicators", result.indicators))
            periods.append(_as_table("periods", result.periods))
        if final and self.options.replace:
            drop |= {d for d in index if d not in self.plan.seen}
        new_ids = {r.document["doc_id"] for r in results}
        removed = len([d for d in drop if d in index and d not in new_ids])
        hashes = final or not self.hashes_written  # with the first commit: the hashing is not lost to a kill after it
        self.hashes_written = True
        if not (docs or drop or self.update_first):
            if hashes:
                self.store.write_hashes(self.cache)
            return
        self.submitted += 1
        compact = self.submitted % 64 == 0 or final
        add = {"documents": docs, "indicators": indicators, "periods": periods}
        future = self._writer.submit(self._write, add, drop, self.update_first, hashes, compact)
        self._in_flight.append((future, len(docs), self.summary.documents, removed))
        self.drop_first, self.update_first = set(), {}
        self.last = time.monotonic()
        if final:
            self.settle()

    def _write(self, add: dict[str, list[dict[str, Any]]], drop: set[str], update: dict[str, dict[str, Any]],
               hashes: bool, compact: bool) -> tuple[float, tuple[int, int]]:
        started = time.perf_counter()
        if hashes:
            self.store.write_hashes(self.cache)
        self.store.commit(add=add, drop=drop, update=update)
        compacted = self.store.compact(min_files=16) if compact else (0, 0)
        return time.perf_counter() - started, compacted

    def settle(self) -> None:
        """Wait for the batch being written; its failure is the run's."""
        while self._in_flight:
            future, count, read, removed = self._in_flight.pop(0)
            seconds, (before, after) = future.result()
            summary = self.summary
            summary.commit_seconds += seconds
            summary.batches += 1
            summary.removed += removed
            if before != after:
                self.log(f"compacted: {before} files into {after}")
            self.log(f"committed batch {summary.batches}: {count} documents ({read} of {len(self.plan.todo)} read)"
                     + (f", {removed} removed" if removed else ""))
            self.progress.committed(read, summary.batches)

    def close(self) -> None:
        """Let the batch being written finish and say it (a failure of it was raised already, or is not raised over
        the run's own), then stop the writer."""
        self._writer.shutdown(wait=True)
        with contextlib.suppress(Exception):
            self.settle()
