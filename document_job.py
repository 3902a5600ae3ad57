"""The per-document job a worker runs: one document's bytes in, its rows for every dataset out.

Everything heavy lives here (the readers for every kind of file, normalisation, the matcher), so that only worker
processes import it: the fork server imports this module once, and every worker forks from it ready to read, with the
national nomenclature's matcher already built. `process_document` depends on nothing but its arguments, so a process
pool or a Dask cluster can run it; a document that cannot be read becomes a `failed` row with the reason.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from .extract import UnreadableDocument, read_document
from .normalize.coding import matcher_for, region_columns, unit_columns
from .normalize.document import NormalizedDocument, normalize_document
from .normalize.metadata import DocumentMetadata
from .pipeline import DocumentResult, IngestOptions, document_row, failed_result, unreadable_id
from .runner import allow_more_time


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


def _kecamatan_expected(meta: DocumentMetadata, rows: list[dict[str, Any]]) -> bool:
    """Whether a document without a kecamatan in its title block lacks one: a kecamatan's document (or one whose
    unit cannot be told) does, unless every row names its own (files concatenating several kecamatan)."""
    unknown = not meta.instansi and not meta.bidang
    if not unknown and meta.bidang[:1] != ("7.01",):
        return False
    return not rows or not all(row.get("kecamatan") for row in rows)


def _status(normalized: NormalizedDocument, source_path: str) -> tuple[str, str | None]:
    """ok, partial (a printed cell was left out: placed in no column, or several values printed as one), or
    no_tables; with the reason for the last two. A value printed as words ("tdk dpt diprediksi", "#DIV/0!")
    is kept as printed in its `*_raw` column: its warning is said, but nothing was left out."""
    if not normalized.indicators:
        return "no_tables", f"{source_path}: no performance table found"
    unread = sum(1 for r in normalized.indicators for w in r["warnings"] if not _kept_as_printed(w))
    if unread:
        return "partial", f"{unread} cell(s) could not be read or placed; see warnings"
    return "ok", None


def _kept_as_printed(warning: str) -> bool:
    """A value without a number: its text is in the row as printed; or numbers a check doubts
    (`normalize.evidence`), kept as read."""
    return ": no number in " in warning or warning.endswith("left as read")


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
        extracted = read_document(data, source_path, on_ocr_page=partial(_allow_ocr_pages, options.page_timeout))
        matcher = matcher_for(options.overrides) if options.match else None
        normalized = normalize_document(extracted, doc_id, matcher)
    except UnreadableDocument as exc:
        return failed_result(doc_id, source_path, str(exc))
    except MemoryError:
        raise  # the worker's heap, not the document's content: the worker pool records it and replaces the worker
    except Exception as exc:  # a bug or a document no reader foresaw: fail this one, keep the batch going
        return failed_result(doc_id, source_path, f"unexpected {type(exc).__name__}: {exc}")
    meta = normalized.metadata
    status, error = _status(normalized, source_path)
    region, region_note = region_columns(meta.kecamatan, meta.kabupaten)
    if not meta.kecamatan and not _kecamatan_expected(meta, normalized.indicators):
        region_note = None  # a dinas, badan or inspektorat has no kecamatan: that is no defect of its document
    warnings = [*normalized.warnings, *([region_note] if region_note else [])]
    _row_regions(normalized.indicators, region, meta, warnings)
    document = document_row(
        doc_id,
        source_path,
        doc_type=_doc_type(meta, normalized),
        title=meta.title,
        instansi=meta.instansi,
        **unit_columns(meta.bidang),
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


def _allow_ocr_pages(per_page: int, pages: int) -> None:
    """In a worker: the document's time limit grows by `per_page` seconds for each page it reads by OCR."""
    if per_page:
        allow_more_time(pages * per_page, f"{pages} page{'s' if pages > 1 else ''} read by OCR × {per_page} s")


def process_path(path: str, options: IngestOptions) -> DocumentResult:
    """One document from its path: the job a worker process runs."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return failed_result(unreadable_id(path), path, f"cannot read: {exc}")
    return process_document(data, path, options)


def _warm() -> None:
    """Import every born-digital reader, load the canonical lists, build the default matcher and the region index,
    once, at import.

    Worker processes fork from a server that imported this module (`runner`), so they share what is built here
    instead of each building it for its first document: about 0.15 s of CPU per worker (the matcher, the readers'
    modules, the region index), paid once instead of once per worker, the difference between a worker that starts
    in milliseconds and one that eats its document's time limit. The OCR engine stays out: its thread pools must
    not be forked, and only scans need it.
    """
    from .extract import docx, pdf, xlsx  # noqa: F401 - imported for the workers forked from here
    from .normalize.matching import warm
    from .normalize.regions import warm_regions

    warm(matcher_for(frozenset()))
    warm_regions()


_warm()
