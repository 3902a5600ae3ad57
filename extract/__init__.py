"""Extractors: source bytes in, the neutral table model out (`read_document` is the one front door)."""

from __future__ import annotations

from collections.abc import Callable

from .linedump import looks_like_line_dump, read_line_dump
from .model import ExtractedDocument, UnreadableDocument
from .office import DOCX, XLSX, office_kind
from .sniff import foreign_kind
from .text import read_tab_text

__all__ = ["ExtractedDocument", "UnreadableDocument", "read_document"]


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []  # Notepad's "Unicode"
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("binary file that is neither a PDF nor text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ["not UTF-8; read as Windows-1252"]


def read_document(
    data: bytes, name: str = "", on_ocr_page: Callable[[int], None] | None = None
) -> ExtractedDocument:
    """Pick the extractor from what the bytes are, not from the file name; raise UnreadableDocument if none fits.

    `on_ocr_page(n)` is called before the n-th page that must be read by OCR (the slow part of a scan), so a
    caller can scale a time limit with the document."""
    if not data.strip():
        raise UnreadableDocument("empty file (0 bytes)" if not data else "file holds only whitespace")
    # containers first: a ZIP holding a PDF stored uncompressed shows "%PDF-" in its first kilobyte too
    kind = office_kind(data)  # raises for legacy, OpenDocument, encrypted and damaged office files
    if kind == DOCX:
        from .docx import read_docx

        return read_docx(data, name)
    if kind == XLSX:
        from .xlsx import read_xlsx

        return read_xlsx(data, name)
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        try:
            from .pdf import read_pdf
        except ImportError as exc:  # pragma: no cover - the PDF reader ships with the package
            raise UnreadableDocument(f"PDF reader unavailable: {exc}") from exc
        return read_pdf(data, name, on_ocr_page=on_ocr_page)
    foreign = foreign_kind(data)
    if foreign:
        raise UnreadableDocument(foreign)
    text, warnings = _decode(data)
    doc = read_line_dump(text) if looks_like_line_dump(text) else read_tab_text(text)
    doc.warnings.extend(warnings)
    return doc
