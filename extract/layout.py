"""Shared shapes and word geometry of the PDF table finders: settings, `Grid`/`GridCell`, words grouped into
printed lines and column chunks, boxes, and page furniture (running headers and footers)."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from .model import BBox
from .pdfpage import Word

RULED_ENGINES = ("plumber", "camelot-lattice")
UNRULED_ENGINES = ("whitespace", "camelot-stream", "camelot-network", "none")


@dataclass(frozen=True)
class PdfSettings:
    """Every tunable of the PDF extractor, validated once at the door."""

    snap_tolerance: float = 3.0
    """Points: cell edges closer than this are the same grid line."""
    min_rows: int = 2
    min_cols: int = 2
    """A ruled box smaller than this is a frame or a highlighted word, not a table."""
    min_ruled_edges: int = 8
    """Pages with fewer straight edges than this skip the ruled-table finder altogether."""
    ruled_engine: str = "plumber"
    unruled_engine: str = "whitespace"
    line_tolerance: float = 2.5
    """Points: words whose tops differ by less sit on the same printed line."""
    column_gap: float = 7.0
    """Points of clear whitespace that separate two unruled columns (a word space is ~2 pt)."""
    band_gap: float = 1.45
    """Unruled rows: a vertical gap above this many line heights starts a new band of rows."""
    table_end_gap: float = 2.6
    """Unruled tables: a vertical gap above this many line heights ends the table."""
    furniture_band: float = 0.08
    """Share of the page height at top and bottom where running headers and footers live."""
    short_value_chars: int = 14
    """Unruled cells this short (and of at most two words) are values that each make their own row."""
    ocr: bool = True
    """Pages without a trustworthy text layer are read from their image (off: they give no tables)."""
    ocr_dpi: float = 300.0
    """Render resolution for OCR (capped so a page's long side stays within the engine's image size)."""

    def __post_init__(self) -> None:
        if self.ruled_engine not in RULED_ENGINES:
            raise ValueError(f"ruled_engine must be one of {RULED_ENGINES}, got {self.ruled_engine!r}")
        if self.unruled_engine not in UNRULED_ENGINES:
            raise ValueError(f"unruled_engine must be one of {UNRULED_ENGINES}, got {self.unruled_engine!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (int, float)) and value < 0:
                raise ValueError(f"{f.name} must not be negative, got {value!r}")

    @classmethod
    def from_options(cls, **options: Any) -> PdfSettings:
        """Settings from keyword options; an unknown option is an error, not silently ignored."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(
                f"unknown PDF option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        return cls(**options)



@dataclass(frozen=True)
class GridCell:
    """One printed cell on a page grid: its text and the grid rows/columns it covers."""

    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    bold: bool = False
    confidence: float = 1.0
    """The lowest confidence of the cell's words (1.0 for a text layer; the OCR score for recognised words)."""


@dataclass(frozen=True)
class Grid:
    """A table as found on one page: cells on a grid of column boundaries `xs` (len = columns + 1)."""

    page: int
    bbox: BBox
    xs: tuple[float, ...]
    cells: tuple[GridCell, ...]
    ruled: bool
    ocr: bool = False
    """Read from the page's image: its cells carry their OCR confidence into the model."""



def snap(values: Iterable[float], tolerance: float) -> list[float]:
    """Cluster coordinates closer than `tolerance` and return one representative (the mean) per cluster."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def nearest(lines: Sequence[float], value: float) -> int:
    """Index of the sorted grid line closest to `value` (the first of two equally close)."""
    i = bisect.bisect_left(lines, value)
    if i == 0:
        return 0
    if i == len(lines):
        return len(lines) - 1
    return i - 1 if value - lines[i - 1] <= lines[i] - value else i


def min_confidence(words: Iterable[Word]) -> float:
    """The lowest confidence among words: a cell is as sure as its least sure word."""
    return round(min((w.conf for w in words), default=1.0), 4)


def words_in(words: Sequence[Word], bbox: BBox) -> list[Word]:
    """The words whose centre lies inside a box."""
    x0, top, x1, bottom = bbox
    return [w for w in words if x0 <= w.xc <= x1 and top <= w.yc <= bottom]


class WordIndex:
    """A page's words bucketed by their centre, so the words inside a box are found without scanning the page:
    a table of thousands of cells (Word exports drawing every cell border) costs what its words cost, not
    cells × words."""

    def __init__(self, words: Sequence[Word], size: float = 24.0) -> None:
        self.words = list(words)
        self.size = size
        self.xc = [(w.x0 + w.x1) / 2 for w in self.words]
        self.yc = [(w.top + w.bottom) / 2 for w in self.words]
        self.buckets: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(zip(self.xc, self.yc)):
            self.buckets.setdefault((math.floor(x / size), math.floor(y / size)), []).append(i)

    def inside(self, bbox: BBox) -> list[Word]:
        """`words_in(words, bbox)`, in the words' order."""
        x0, top, x1, bottom = bbox
        s = self.size
        gx0, gx1, gy0, gy1 = math.floor(x0 / s), math.floor(x1 / s), math.floor(top / s), math.floor(bottom / s)
        if (gx1 - gx0 + 1) * (gy1 - gy0 + 1) > len(self.buckets):
            groups = [ids for (gx, gy), ids in self.buckets.items() if gx0 <= gx <= gx1 and gy0 <= gy <= gy1]
        else:
            get = self.buckets.get
            groups = [ids for gx in range(gx0, gx1 + 1) for gy in range(gy0, gy1 + 1) if (ids := get((gx, gy)))]
        xc, yc = self.xc, self.yc
        hits = sorted(i for ids in groups for i in ids if x0 <= xc[i] <= x1 and top <= yc[i] <= bottom)
        return [self.words[i] for i in hits]


_CURRENCY_WORDS = frozenset({"rp", "rp.", "rp.,"})
_CUT_GROUP_RE = re.compile(r"\d\.\d{3}\.(\d{1,2})$")
_LEAD_DIGITS_RE = re.compile(r"^(\d{1,2})(?!\d)")


def join_words(words: Sequence[Word], line_tolerance: float) -> str:
    """Words in reading order, lines joined by spaces: stacked `TW 1 : 8 unit` lines stay one cell text.

    Two things a narrow money column does are undone: an `Rp` printed at the left, centred beside an amount that
    wraps, comes first (not between the amount's lines), and an amount cut inside a thousands group
    (`1.506.190.00` / `0`) is joined back (`1.506.190.000`)."""
    lines = group_lines(words, line_tolerance)
    if len(lines) > 2:
        labels = [ln for ln in lines if len(ln) == 1 and ln[0].text.lower() in _CURRENCY_WORDS]
        rest = [w for ln in lines for w in ln if all(w is not lab[0] for lab in labels)]
        if len(labels) == 1 and rest and labels[0][0].x1 <= min(w.x0 for w in rest):
            lines = [labels[0], *(ln for ln in lines if ln is not labels[0])]
    text = ""
    for line in lines:
        part = " ".join(w.text for w in line)
        cut, lead = _CUT_GROUP_RE.search(text), _LEAD_DIGITS_RE.match(part)
        if cut and lead and len(cut.group(1)) + len(lead.group(1)) == 3:
            text += part  # the rest of a thousands group wrapped onto the next line
        else:
            text = f"{text} {part}" if text else part
    return text


def group_lines(words: Sequence[Word], tolerance: float) -> list[list[Word]]:
    """Words grouped into printed lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and _same_line(w, lines[-1][0], tolerance):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _same_line(word: Word, first: Word, tolerance: float) -> bool:
    """Whether a word stands on the printed line begun by `first`. A text layer's words of one line share their
    tops; an OCR box's top moves with its glyphs (`Rp.` boxed taller than the amount beside it, a list number
    boxed lower), so recognised words count as one line when their middles are within a third of a text
    height."""
    if abs(word.top - first.top) <= tolerance:
        return True
    if word.conf >= 1.0 and first.conf >= 1.0:
        return False
    height = min(word.bottom - word.top, first.bottom - first.top)
    return abs(word.yc - first.yc) <= max(tolerance, height / 3)


def split_chunks(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """A line cut where the whitespace between two words is wider than a column gap."""
    chunks: list[list[Word]] = []
    for w in line:
        if chunks and w.x0 - chunks[-1][-1].x1 < gap:
            chunks[-1].append(w)
        else:
            chunks.append([w])
    return chunks



def col_of(xs: Sequence[float], x: float) -> int:
    for i in range(len(xs) - 1):
        if x < xs[i + 1]:
            return i
    return len(xs) - 2



def bbox_of(words: Iterable[Word]) -> BBox:
    ws = list(words)
    return round_box(
        (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
    )


def round_box(b: Sequence[float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


# --- page furniture -----------------------------------------------------------------------------------------

_FURNITURE_RE = re.compile(
    r"^(?:https?://\S+.*|www\.\S+.*|(?:page|halaman|hal\.?)\s*\d+(?:\s*(?:of|dari|/)\s*\d+)?|\d{1,4}"
    r"|\d+\s*/\s*\d+|[ivxl]{1,6}|-\s*\d+\s*-"
    r"|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}(?:[ ,]+\d{1,2}[.:]\d{2}(?:\s*[AP]M)?)?)$",
    re.IGNORECASE,
)


def in_furniture(line: Sequence[Word], height: float, settings: PdfSettings) -> bool:
    """A line in the top or bottom band made only of URLs, dates, page numbers: running header or footer."""
    band = settings.furniture_band * height
    if band < line[0].top < height - band:
        return False
    return all(_FURNITURE_RE.match(" ".join(w.text for w in chunk)) for chunk in split_chunks(line, 6.0))


def normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())
