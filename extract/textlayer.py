"""Which pages need OCR: no text layer, or a scanner's hidden OCR layer whose words cannot be trusted.

A born-digital page keeps its own text. A page that is one big image with text over it is a scanner's PDF with
an OCR layer; that layer is often garbage (`kine~a`, `RpA.868.180.000`, `Pro9ram`), and a table read from it
would carry the garbage into the dataset. Two pieces of evidence decide:

- the shape of its words: characters no typed document uses, and letters wedged between digits (or digits
  between letters) that no word or number has. Above `SURE_GARBAGE` of its words, the layer is garbage;
- when the shape cannot settle it — a hidden (invisible) text layer over the image, which is what a scanner writes,
  or a visible one with more than `SURE_CLEAN` odd-looking words (names, abbreviations, e-mail addresses, formulas
  are odd-looking and right) — a sample of its words (`sample_words`) is read afresh from the image, each in its own
  box, and compared with the layer's text: the layer is kept when at least `MIN_AGREEMENT` of them agree.

A born-digital page (visible text, a clean vocabulary) is never read by OCR, even over a full-page background image.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

SURE_GARBAGE = 0.25
"""Share of suspicious words above which a text layer over a page image is garbage without further evidence."""
SURE_CLEAN = 0.03
"""Share of suspicious words up to which a visible text layer is trusted without a sample."""
SAMPLE_WORDS = 12
"""Words of the layer read afresh from the image when the shape of its words cannot settle it."""
MIN_AGREEMENT = 0.7
"""Share of the sampled words on which the layer and the fresh reading must agree for the layer to be kept."""
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
    """Why a page must be read from its image on the shape of its words alone (`no text layer`, `hidden OCR layer
    is garbage`), or None (trusted, or to be settled by `needs_sample`)."""
    if not words:
        return "no text layer" if image_cover >= MIN_IMAGE else None  # a blank page has nothing to read
    if image_cover >= IMAGE_COVER:
        share = garbage_share(words)
        if share > SURE_GARBAGE:
            return f"hidden OCR layer is garbage ({share:.0%} of its words)"
    return None


def needs_sample(words: Sequence[str], image_cover: float, hidden: bool) -> bool:
    """Whether a text layer that `ocr_reason` did not reject must be checked against the image: a layer over a
    page-sized image that is invisible (a scanner's) or has more odd-looking words than born-digital text has."""
    if not words or image_cover < IMAGE_COVER:
        return False
    return hidden or garbage_share(words) > SURE_CLEAN


def sample_words(words: Sequence[Any], n: int = SAMPLE_WORDS) -> list[Any]:
    """Up to `n` words (objects with `.text`) of three characters or more to read afresh: the odd-looking ones
    first (the doubt is about them), then others spread evenly over the page, so a layer garbled everywhere and a
    layer with a few odd but right names are both seen for what they are."""
    tokens = [w for w in words if len(w.text) >= 3]
    odd = [w for w in tokens if is_suspicious(w.text)]
    rest = [w for w in tokens if not is_suspicious(w.text)]
    picked = odd[:: max(1, len(odd) // (n // 2))][: n // 2] if odd else []
    want = n - len(picked)
    picked += rest[:: max(1, len(rest) // want)][:want] if rest and want else []
    return picked


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def sample_reason(pairs: Sequence[tuple[str, str]]) -> str | None:
    """Layer text beside the text read afresh from the image, word by word: why the layer is not trusted (too few
    agree), or None. Too small a sample is no evidence against the layer."""
    if len(pairs) < 3:
        return None
    agree = sum(_plain(layer) == _plain(read) for layer, read in pairs)
    if agree >= MIN_AGREEMENT * len(pairs):
        return None
    return f"hidden OCR layer disagrees with the image ({len(pairs) - agree} of {len(pairs)} sampled words)"


def hidden_text(pdf: object, index: int) -> bool:
    """Whether most text objects of page `index` of an open pypdfium2 document are invisible (a scanner's OCR
    layer laid over its image)."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]  # type: ignore[index]
    try:
        modes = [pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
                 for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3)]
    finally:
        page.close()
    return bool(modes) and sum(m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes) > len(modes) / 2


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
