"""The command line and the per-document job: bytes in, rows for every dataset out.

`process_document` depends on nothing but its arguments, so a process pool (or a cluster) can run it; a document
that cannot be read becomes a `failed` row with the reason, and the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .extract import UnreadableDocument, read_document
from .normalize.coding import OVERRIDES_FILE, matcher_for, read_overrides, region_columns
from .normalize.document import NormalizedDocument, normalize_document
from .normalize.metadata import DocumentMetadata
from .schema import SCHEMA_VERSION
from .store import DatasetWriter, read_table

READABLE_SUFFIXES = (".pdf", ".txt", ".text")
# Collected so that they are reported as failed with the reason, not skipped silently.
UNSUPPORTED_SUFFIXES = (".docx", ".doc", ".xlsx", ".xls", ".odt")


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


@click.group()
@click.version_option(package_name="kinerja")
def main() -> None:
    """kinerja: performance tables of Indonesian government documents into one auditable dataset."""
    # a batch scheduler's SIGTERM ends the run like Ctrl-C: staging removed, the previous dataset left whole
    signal.signal(signal.SIGTERM, signal.default_int_handler)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory: documents/, indicators/, periods/ are (re)written there.")
@click.option("--workers", type=int, default=min(2, os.cpu_count() or 1), show_default=True,
              help="Documents processed in parallel.")
@click.option("--overrides", "overrides_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Reviewed matching decisions (default: DIR/{OVERRIDES_FILE}, kept across rebuilds).")
@click.option("--timeout", type=int, default=300, show_default=True,
              help="Seconds one document may take before it is recorded as failed (0: no limit).")
def ingest_command(paths: tuple[Path, ...], out_dir: Path, workers: int, overrides_path: Path | None,
                   timeout: int) -> None:
    """Read PATHS (files or directories) and write the normalised datasets to --out."""
    try:
        overrides = read_overrides(overrides_path or out_dir / OVERRIDES_FILE)
        options = IngestOptions(workers=workers, overrides=frozenset(overrides.items()), timeout=timeout)
        matcher_for(options.overrides)  # an override naming an unknown code stops the run here, not per document
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    summary = ingest(list(paths), out_dir, options)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items()))
    click.echo(
        f"{summary.documents} documents ({statuses}), {summary.indicators} indicator rows, "
        f"{summary.periods} period values in {summary.seconds:.1f}s -> {out_dir}"
    )
    for failure in summary.failures:
        click.echo(f"failed: {failure}", err=True)
    if summary.failures:
        sys.exit(3)


@main.command("show")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rows", "sample", type=int, default=8, show_default=True, help="Sample indicator rows to print.")
def show_command(out_dir: Path, sample: int) -> None:
    """Summarise a dataset: its documents, rows per table kind, and a sample of rows."""
    import pandas as pd
    import pyarrow as pa

    def frame(name: str) -> pd.DataFrame:  # nullable integers stay integers (tahun 2023, not 2023.0)
        return read_table(out_dir, name).to_pandas(types_mapper={pa.int32(): pd.Int32Dtype()}.get)

    documents, indicators, periods = frame("documents"), frame("indicators"), frame("periods")
    with pd.option_context("display.width", 160, "display.max_colwidth", 48, "display.max_columns", 20):
        click.echo(f"{len(documents)} documents, {len(indicators)} indicator rows, {len(periods)} period values\n")
        docs = documents[["source_path", "doc_type", "kecamatan", "kabupaten", "tahun", "status", "n_indicators"]]
        docs = docs.assign(source_path=docs["source_path"].map(lambda p: Path(p).name))
        click.echo(docs.to_string(index=False))
        if len(indicators):
            click.echo("\nrows per table kind and level")
            counts = indicators.groupby(["table_kind", "level"], dropna=False).size().rename("rows")
            click.echo(counts.to_string())
            click.echo("\nsample rows")
            cols = ["kecamatan", "table_kind", "level", "indikator", "satuan", "target", "target_label", "anggaran",
                    "kode"]
            picked = indicators.sample(min(sample, len(indicators)), random_state=0)[cols]
            picked = picked.assign(indikator=picked["indikator"].str.slice(0, 50))
            click.echo(picked.to_string(index=False))
        failed = documents[documents["status"] == "failed"]
        for _, row in failed.iterrows():
            click.echo(f"\nfailed: {row['error']}")


@main.command("audit")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--no-report", is_flag=True, help="Write findings/ only, not report.html.")
def audit_command(out_dir: Path, no_report: bool) -> None:
    """Check DIR for inconsistent targets and budgets: writes DIR/findings/ and DIR/report.html."""
    from .audit import audit_dataset

    findings = audit_dataset(out_dir, report=not no_report)
    by_severity = findings["severity"].value_counts().to_dict() if len(findings) else {}
    summary = ", ".join(f"{by_severity.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    click.echo(f"{len(findings)} findings ({summary}) -> {out_dir / 'findings'}"
               + ("" if no_report else f", {out_dir / 'report.html'}"))


@main.command("review")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--export", "export_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the names waiting for review, with their top three candidates, to this CSV.")
@click.option("--apply", "apply_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Record the decisions filled in a review CSV (a code, or none) and recode DIR.")
@click.option("--overrides", "overrides_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Overrides file (default: DIR/{OVERRIDES_FILE}).")
def review_command(out_dir: Path, export_path: Path | None, apply_path: Path | None,
                   overrides_path: Path | None) -> None:
    """Export the matching review queue of DIR, or apply a reviewed CSV to it."""
    from .review import apply_review, export_review

    if (export_path is None) == (apply_path is None):
        raise click.UsageError("give exactly one of --export FILE or --apply FILE")
    if export_path is not None:
        n = export_review(out_dir, export_path, overrides_path)
        click.echo(f"{n} names waiting for review -> {export_path} (fill in the decision column: a code, or none)")
        return
    try:
        decisions, changed = apply_review(out_dir, apply_path, overrides_path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{decisions} decisions recorded in {overrides_path or out_dir / OVERRIDES_FILE}; "
               f"{changed} indicator rows recoded in {out_dir}")


if __name__ == "__main__":  # pragma: no cover
    main()
