"""Which pages need OCR: no text layer, or a scanner's hidden OCR layer whose words cannot be trusted.

A born-digital page keeps its own text. A page that is one big image with text over it is a scanner's PDF with
an OCR layer; that layer is often garbage (`kine~a`, `RpA.868.180.000`, `Pro9ram`), and a table read from it
would carry the garbage into the dataset. The test is the shape of its words: characters no typed document
uses, and letters wedged between digits (or digits between letters) that no word or number has. When more than
`GARBAGE_SHARE` of the words look like that, the page is read from its image instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

GARBAGE_SHARE = 0.08
"""Share of suspicious words above which a hidden OCR layer is not trusted."""
IMAGE_COVER = 0.6
"""Share of the page an image must cover for the page to count as a scan."""
MIN_IMAGE = 0.05
"""A page without text must hold an image at least this large to be worth reading by OCR."""

_ODD_CHAR_RE = re.compile(r"[~^|{}\\@#*<>=_§¢¤¬¦]")
_WEDGED_RE = re.compile(r"\d[A-Za-z]\d|[a-z]\d[a-z]|\d[A-Za-z]\.\d|[A-Za-z]{2}[A-Z]\.\d")


def is_suspicious(word: str) -> bool:
    """A word no typist wrote: odd characters, or letters and digits interleaved (`1O0`, `Pro9ram`, `RpA.868`)."""
    return bool(_ODD_CHAR_RE.search(word) or _WEDGED_RE.search(word))


def garbage_share(words: Sequence[str]) -> float:
    """Share of the words (two characters or more) that look like OCR garbage."""
    tokens = [w for w in words if len(w) >= 2]
    if not tokens:
        return 0.0
    return sum(is_suspicious(w) for w in tokens) / len(tokens)


def ocr_reason(words: Sequence[str], image_cover: float) -> str | None:
    """Why a page must be read from its image (`no text layer`, `hidden OCR layer is garbage`), or None."""
    if not words:
        return "no text layer" if image_cover >= MIN_IMAGE else None  # a blank page has nothing to read
    if image_cover >= IMAGE_COVER:
        share = garbage_share(words)
        if share > GARBAGE_SHARE:
            return f"hidden OCR layer is garbage ({share:.0%} of its words)"
    return None


def image_cover(pdf: object, index: int) -> float:
    """Share of page `index` (0-based) of an open pypdfium2 document covered by its largest image."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        if not width or not height:
            return 0.0
        best = 0.0
        for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            w = max(0.0, min(right, width) - max(left, 0.0))
            h = max(0.0, min(top, height) - max(bottom, 0.0))
            best = max(best, w * h / (width * height))
        return best
    finally:
        page.close()
