"""The page layer of a born-digital PDF: open the file, read a page's words and count its ruling strokes.

Everything above this module sees only `Word`s (text, box in PDF points, top-left origin, bold or not) and plain
numbers, so another source of words (OCR) can feed the same table finders.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .model import UnreadableDocument


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2



# --- stage 0: bytes to an open document ---------------------------------------------------------------------


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """Open PDF bytes (an empty user password is tried, as viewers do); unreadable input raises."""
    if not data:
        raise UnreadableDocument("empty file (zero bytes)")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument("not a PDF (no %PDF- signature at the start of the file)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
        pdf.pages  # noqa: B018 - forces the page tree to be read, where truncation shows
    except (
        Exception
    ) as exc:  # pdfplumber wraps pdfminer's errors (and pdfminer raises assertions on bad input)
        raise UnreadableDocument(_open_failure(exc)) from exc
    return pdf


def _open_failure(exc: Exception) -> str:
    """Plain words for why pdfminer could not open a file."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower():
        return "encrypted: a password is needed to open it"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted with an unsupported scheme ({inner})"
    kind = (
        "truncated or damaged PDF"
        if isinstance(inner, (PDFSyntaxError, PSException, AssertionError, ValueError, KeyError, TypeError))
        else "unreadable PDF"
    )
    return f"{kind} ({type(inner).__name__}: {inner})"


# --- stage 1: page to words and edges -----------------------------------------------------------------------


def page_words(page: Any) -> list[Word]:
    """The upright words of a page, each knowing whether it is set in bold (headers often are)."""
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname"])
    return [
        Word(
            w["text"],
            float(w["x0"]),
            float(w["top"]),
            float(w["x1"]),
            float(w["bottom"]),
            "bold" in w["fontname"].lower(),
        )
        for w in raw
        if w.get("upright", True)
    ]


def page_edge_count(page: Any) -> int:
    """How many straight strokes (lines, rectangle sides) a page holds: the cheap test for a ruled table."""
    return len(page.lines) + 4 * len(page.rects)
