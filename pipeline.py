"""The per-document job and the batch around it: bytes in, rows for every dataset out.

`process_document` depends on nothing but its arguments, so a process pool (or a cluster) can run it; a document
that cannot be read becomes a `failed` row with the reason, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .extract import UnreadableDocument, read_document
from .normalize.coding import matcher_for, region_columns
from .normalize.document import NormalizedDocument, normalize_document
from .normalize.metadata import DocumentMetadata
from .schema import SCHEMA_VERSION
from .store import DatasetWriter

READABLE_SUFFIXES = (".pdf", ".txt", ".text", ".docx", ".xlsx", ".xlsm")
# Collected so that they are reported as failed with the reason (and how to convert them), not skipped silently.
UNSUPPORTED_SUFFIXES = (".doc", ".xls", ".odt", ".ods")


@dataclass(frozen=True)
class IngestOptions:
    """Every tunable of a run, validated once at the door."""

    workers: int = 1
    overrides: frozenset[tuple[tuple[str, str], str]] = frozenset()
    """Reviewed decisions, (kind, name) → code or none, applied before any matching."""
    match: bool = True
    timeout: int = 300
    """Seconds one document may take before it is recorded as failed and the batch moves on (0: no limit)."""

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if self.timeout < 0:
            raise ValueError(f"timeout must be 0 (no limit) or more seconds, not {self.timeout}")


@dataclass
class DocumentResult:
    document: dict[str, Any]
    indicators: list[dict[str, Any]] = field(default_factory=list)
    periods: list[dict[str, Any]] = field(default_factory=list)


def _document_row(doc_id: str, source_path: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": doc_id, "source_path": source_path, "schema_version": SCHEMA_VERSION,
        "warnings": [], "n_tables": 0, "n_indicators": 0,
    }
    row.update(values)
    return row


def _row_regions(rows: list[dict[str, Any]], region: dict[str, Any], meta: DocumentMetadata,
                 warnings: list[str]) -> None:
    """Each row's kecamatan and region code: its own kecamatan row in files that concatenate several, else the
    document's."""
    resolved: dict[str, dict[str, Any]] = {}
    for row in rows:
        own = row["kecamatan"]
        if not own or own == region.get("kecamatan", meta.kecamatan):
            row["kecamatan"] = region.get("kecamatan", meta.kecamatan)
            row["kode_wilayah"] = region.get("kode_wilayah")
            continue
        if own not in resolved:
            resolved[own], note = region_columns(own, region.get("kabupaten") or meta.kabupaten)
            if note:
                warnings.append(f"kecamatan {own}: {note}")
        row["kecamatan"] = resolved[own].get("kecamatan", own)
        row["kode_wilayah"] = resolved[own].get("kode_wilayah")


def _failed(doc_id: str, source_path: str, reason: str) -> DocumentResult:
    return DocumentResult(_document_row(doc_id, source_path, status="failed", error=f"{source_path}: {reason}"))


def _status(normalized: NormalizedDocument, source_path: str) -> tuple[str, str | None]:
    """ok, partial (some cells could not be read or placed), or no_tables; with the reason for the last two."""
    if not normalized.indicators:
        return "no_tables", f"{source_path}: no performance table found"
    unread = sum(1 for r in normalized.indicators for _ in r["warnings"])
    if unread:
        return "partial", f"{unread} cell(s) could not be read or placed; see warnings"
    return "ok", None


def _doc_type(meta: DocumentMetadata, normalized: NormalizedDocument) -> str:
    """The title's document type, else the commonest kind of table in it."""
    kinds = Counter(r["table_kind"] for r in normalized.indicators)
    doc_type = meta.doc_type or (kinds.most_common(1)[0][0] if kinds else None)
    return {"tujuan_sasaran": "renstra", None: "other"}.get(doc_type, doc_type)


def process_document(data: bytes, source_path: str, options: IngestOptions | None = None) -> DocumentResult:
    """Extract and normalise one document; never raises for a bad document, says why in its row instead."""
    options = options or IngestOptions()
    doc_id = hashlib.sha256(data).hexdigest()
    try:
        extracted = read_document(data, source_path)
        matcher = matcher_for(options.overrides) if options.match else None
        normalized = normalize_document(extracted, doc_id, matcher)
    except UnreadableDocument as exc:
        return _failed(doc_id, source_path, str(exc))
    except Exception as exc:  # a bug or a document no reader foresaw: fail this one, keep the batch going
        return _failed(doc_id, source_path, f"unexpected {type(exc).__name__}: {exc}")
    meta = normalized.metadata
    status, error = _status(normalized, source_path)
    region, region_note = region_columns(meta.kecamatan, meta.kabupaten)
    warnings = [*normalized.warnings, *([region_note] if region_note else [])]
    _row_regions(normalized.indicators, region, meta, warnings)
    document = _document_row(
        doc_id,
        source_path,
        doc_type=_doc_type(meta, normalized),
        title=meta.title,
        instansi=meta.instansi,
        **{"kecamatan": meta.kecamatan, "kabupaten": meta.kabupaten, "provinsi": None, **region},
        tahun=meta.tahun,
        pages=extracted.pages,
        extractor=extracted.extractor,
        status=status,
        error=error,
        warnings=warnings,
        n_tables=len({r["table_index"] for r in normalized.indicators}),
        n_indicators=len(normalized.indicators),
    )
    return DocumentResult(document, normalized.indicators, normalized.periods)


class _TimedOut(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TimedOut


def _process_path(path: str, options: IngestOptions) -> DocumentResult:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        # no bytes to hash: the id is the path's, so the failure is still a row of its own
        return _failed(hashlib.sha256(f"unreadable:{path}".encode()).hexdigest(), path, f"cannot read: {exc}")
    if not options.timeout or not hasattr(signal, "SIGALRM"):
        return process_document(data, path, options)
    # a PDF that sends a parser into a near-endless loop fails alone instead of stalling the batch
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(options.timeout)
    try:
        return process_document(data, path, options)
    except _TimedOut:
        return _failed(hashlib.sha256(data).hexdigest(), path, f"took longer than {options.timeout}s; skipped")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every readable file under the directories named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES + UNSUPPORTED_SUFFIXES
                and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def run_documents(paths: list[Path], options: IngestOptions) -> Iterator[DocumentResult]:
    """Process documents, in parallel when asked; results come in the order of `paths`."""
    if options.workers == 1 or len(paths) < 2:
        for path in paths:
            yield _process_path(str(path), options)
        return
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=options.workers) as pool:
            for result in pool.map(_process_path, [str(p) for p in paths], [options] * len(paths), chunksize=4):
                done += 1
                yield result
    except BrokenProcessPool:
        # a worker died (out of memory, a crash in a native library): carry on one by one, in this process
        for path in paths[done:]:
            yield _process_path(str(path), options)


@dataclass
class IngestSummary:
    documents: int = 0
    indicators: int = 0
    periods: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def ingest(paths: list[Path], out_dir: Path, options: IngestOptions | None = None) -> IngestSummary:
    """Process every document and publish the datasets under `out_dir` in one atomic step."""
    options = options or IngestOptions()
    summary = IngestSummary()
    started = time.perf_counter()
    with DatasetWriter(out_dir) as writer:
        for result in run_documents(collect_paths(paths), options):
            writer.add("documents", [result.document])
            writer.add("indicators", result.indicators)
            writer.add("periods", result.periods)
            summary.documents += 1
            summary.indicators += len(result.indicators)
            summary.periods += len(result.periods)
            summary.statuses[result.document["status"]] += 1
            if result.document["status"] == "failed":
                summary.failures.append(result.document["error"])
    for stale in (Path(out_dir) / "findings", Path(out_dir) / "report.html"):
        # an audit of the previous data no longer describes this one
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.exists():
            stale.unlink()
    summary.seconds = time.perf_counter() - started
    return summary
