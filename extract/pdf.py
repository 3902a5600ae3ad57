"""Born-digital PDFs: pages to words and ruling edges, edges or whitespace to grid cells, cells to tables.

A PDF has no rows or cells, only glyphs and strokes. Ruled tables (Word, most Excel exports) are read from
their strokes: pdfplumber's finder turns lines and rectangle edges into cell boxes, which become a grid whose
columns are the distinct left/right edges, so a "Triwulan I" box over "Target | Rp." gets `colspan=2` at the
first column it covers, and a sasaran box spanning four indicator rows lands, once, on the first of them.
Unruled tables (Excel printed without gridlines) are read from whitespace: columns are the x-ranges no word
crosses, and physical lines are grouped back into rows (a wrapped name is one cell; `TW I  25%` lines stay
rows). camelot (lattice, stream, network) is available per flavour through the settings, but the default path
never calls it: pdfplumber's finder on the same strokes is several times faster and serves these documents.

Stages, each a plain function: `open_pdf` → per page `page_words` / `page_edge_count` → `plumber_ruled_grids`
or `unruled_grids` (→ `Grid`) → `grid_rows` → `assemble` (headers found, repeated headers dropped, page-split
parts merged into one `Table` as segments) → `ExtractedDocument`.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .headers import (
    DOC_TITLE_RE,
    header_run,
    header_signature,
    is_column_number_row,
    is_group_header_row,
    is_header_row,
    is_subheader_row,
)
from .model import BBox, Cell, ExtractedDocument, Row, Segment, Table, UnreadableDocument

EXTRACTOR = "pdf"
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


# --- intermediate shapes ------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Grid:
    """A table as found on one page: cells on a grid of column boundaries `xs` (len = columns + 1)."""

    page: int
    bbox: BBox
    xs: tuple[float, ...]
    cells: tuple[GridCell, ...]
    ruled: bool


@dataclass
class _Page:
    number: int
    height: float
    words: list[Word]
    grids: list[Grid] = field(default_factory=list)


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


# --- stage 2a: ruled tables ---------------------------------------------------------------------------------


def _snap(values: Iterable[float], tolerance: float) -> list[float]:
    """Cluster coordinates closer than `tolerance` and return one representative (the mean) per cluster."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _index(lines: Sequence[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def words_in(words: Sequence[Word], bbox: BBox) -> list[Word]:
    """The words whose centre lies inside a box."""
    x0, top, x1, bottom = bbox
    return [w for w in words if x0 <= w.xc <= x1 and top <= w.yc <= bottom]


def join_words(words: Sequence[Word], line_tolerance: float) -> str:
    """Words in reading order, lines joined by spaces: stacked `TW 1 : 8 unit` lines stay one cell text."""
    lines = _lines(words, line_tolerance)
    return " ".join(" ".join(w.text for w in line) for line in lines)


def boxes_to_grid(
    boxes: Sequence[BBox], words: Sequence[Word], page: int, settings: PdfSettings
) -> Grid | None:
    """Cell boxes of one table to a grid: columns and rows are the distinct box edges; spans fall out."""
    tol = settings.snap_tolerance
    boxes = _outermost(boxes, tol)
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) - 1 < settings.min_cols or len(ys) - 1 < settings.min_rows:
        return None
    cells = []
    for box in boxes:
        inside = words_in(words, box)
        text = join_words(inside, settings.line_tolerance)
        if not text:
            continue
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        cells.append(
            GridCell(text, r0, c0, max(1, r1 - r0), max(1, c1 - c0), _round(box), all(w.bold for w in inside))
        )
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    cells += _orphan_cells(words, boxes, bbox, xs, ys, settings)
    if not cells:
        return None
    return Grid(page, _round(bbox), tuple(xs), tuple(sorted(cells, key=lambda c: (c.row, c.col))), ruled=True)


def _outermost(boxes: Sequence[BBox], tol: float) -> list[BBox]:
    """Boxes not lying inside another one: Word draws shading boxes per text line inside a cell's border, and a
    cell read twice (whole and line by line) would put its words into the table twice."""
    def inside(a: BBox, b: BBox) -> bool:
        return a != b and b[0] - tol <= a[0] and b[1] - tol <= a[1] and a[2] <= b[2] + tol and a[3] <= b[3] + tol

    return [a for a in boxes if not any(inside(a, b) for b in boxes)]


def _orphan_cells(
    words: Sequence[Word],
    boxes: Sequence[BBox],
    bbox: BBox,
    xs: Sequence[float],
    ys: Sequence[float],
    settings: PdfSettings,
) -> list[GridCell]:
    """Words inside a table but in no closed box (a spanned cell left open at a page break): one cell per
    column, on the grid row where the words start."""
    covered = {id(w) for b in boxes for w in words_in(words, b)}
    loose = [w for w in words_in(words, bbox) if id(w) not in covered]
    by_col: dict[int, list[Word]] = {}
    for w in loose:
        by_col.setdefault(_col_of(xs, w.xc), []).append(w)
    cells = []
    for col, ws in by_col.items():
        row = max(i for i in range(len(ys) - 1) if ys[i] <= min(w.top for w in ws) + settings.snap_tolerance)
        cells.append(
            GridCell(
                join_words(ws, settings.line_tolerance), row, col, 1, 1, _bbox(ws), all(w.bold for w in ws)
            )
        )
    return cells


def plumber_ruled_grids(page: Any, words: Sequence[Word], number: int, settings: PdfSettings) -> list[Grid]:
    """pdfplumber's finder on the page's strokes, each table turned into a grid.

    Only strokes inside the page count: browser prints draw page-sized background boxes that run off the page
    and would otherwise swallow the real table into one giant cell.
    """
    found = page.within_bbox(page.bbox).find_tables({"snap_tolerance": settings.snap_tolerance})
    grids = [boxes_to_grid(t.cells, words, number, settings) for t in found]
    return [g for g in grids if g is not None]


def camelot_grids(
    data: bytes, number: int, height: float, words: Sequence[Word], flavor: str, settings: PdfSettings
) -> list[Grid]:
    """camelot's parse of one page, its merged cells (missing inner edges) turned back into boxes."""
    import camelot  # slow to import; only when asked for

    logging.getLogger("camelot").setLevel(logging.ERROR)
    found = camelot.read_pdf(
        io.BytesIO(data), pages=str(number), flavor=flavor, password="", suppress_stdout=True
    )
    grids = []
    for table in found:
        boxes = (
            _camelot_boxes(table.cells, height)
            if flavor == "lattice"
            else [(c.x1, height - c.y2, c.x2, height - c.y1) for row in table.cells for c in row]
        )
        grid = boxes_to_grid(boxes, words, number, settings)
        if grid is not None:
            grids.append(replace(grid, ruled=flavor == "lattice"))
    return grids


def _camelot_boxes(cells: list[list[Any]], height: float) -> list[BBox]:
    """Union camelot's unit cells across missing edges into the printed (possibly spanning) boxes."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            find((i, j))
            if j + 1 < len(row) and not cell.right:
                parent[find((i, j + 1))] = find((i, j))
            if i + 1 < len(cells) and not cell.bottom:
                parent[find((i + 1, j))] = find((i, j))
    groups: dict[tuple[int, int], list[Any]] = {}
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            groups.setdefault(find((i, j)), []).append(cell)
    return [
        (
            min(c.x1 for c in g),
            height - max(c.y2 for c in g),
            max(c.x2 for c in g),
            height - min(c.y1 for c in g),
        )
        for g in groups.values()
    ]


# --- stage 2b: unruled (whitespace-aligned) tables ----------------------------------------------------------


def _lines(words: Sequence[Word], tolerance: float) -> list[list[Word]]:
    """Words grouped into printed lines, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(w.top - lines[-1][0].top) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _chunks(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """A line cut where the whitespace between two words is wider than a column gap."""
    chunks: list[list[Word]] = []
    for w in line:
        if chunks and w.x0 - chunks[-1][-1].x1 < gap:
            chunks[-1].append(w)
        else:
            chunks.append([w])
    return chunks


def _chunk_row(chunks: Sequence[Sequence[Word]]) -> Row:
    return Row(tuple(Cell(" ".join(w.text for w in ch), col=i) for i, ch in enumerate(chunks)))


def _separators(lines: Sequence[Sequence[Word]], gap: float) -> list[float]:
    """Column boundaries of an unruled table: the x-ranges that no word of a multi-cell line crosses."""
    spans = sorted((w.x0, w.x1) for line in lines if len(_chunks(line, gap)) >= 2 for w in line)
    if not spans:
        return []
    merged = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 - merged[-1][1] < gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    inner = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(merged)]
    return [merged[0][0] - 1, *inner, merged[-1][1] + 1]


def _col_of(xs: Sequence[float], x: float) -> int:
    for i in range(len(xs) - 1):
        if x < xs[i + 1]:
            return i
    return len(xs) - 2


_MARKER_RE = re.compile(r"^(?:\d{1,2}|[A-Za-z])[.)]?\s")


def _is_short(text: str, settings: PdfSettings) -> bool:
    return len(text) <= settings.short_value_chars and len(text.split()) <= 2


def unruled_grids(
    words: Sequence[Word], number: int, page_height: float, settings: PdfSettings, avoid: Sequence[BBox] = ()
) -> list[Grid]:
    """Whitespace-aligned tables on a page: found from a header line, ended by a wide vertical gap."""
    free = [w for w in words if not any(words_in([w], b) for b in avoid)]
    lines = [
        ln for ln in _lines(free, settings.line_tolerance) if not _in_furniture(ln, page_height, settings)
    ]
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if not is_header_row(_chunk_row(_chunks(lines[i], settings.column_gap))):
            i += 1
            continue
        start = (
            i - 1
            if i > 0 and is_group_header_row(_chunk_row(_chunks(lines[i - 1], settings.column_gap)))
            else i
        )
        end = i + 1
        while end < len(lines):
            row = _chunk_row(_chunks(lines[end], settings.column_gap))
            if not (is_subheader_row(row) or is_column_number_row(row) or is_header_row(row)):
                break
            end += 1
        body_end = _body_end(lines, end, settings)
        grid = _whitespace_grid(lines[start:end], lines[end:body_end], number, settings)
        if grid is not None:
            grids.append(grid)
        i = max(body_end, i + 1)
    return grids


def _body_end(lines: Sequence[Sequence[Word]], start: int, settings: PdfSettings) -> int:
    """Index after the last body line: the table ends at the first gap several line heights tall."""
    if start >= len(lines):
        return start
    height = statistics.median(w.bottom - w.top for ln in lines[start : start + 20] for w in ln)
    end = start + 1
    while (
        end < len(lines) and lines[end][0].top - lines[end - 1][0].bottom <= settings.table_end_gap * height
    ):
        end += 1
    return end


def _whitespace_grid(
    header: Sequence[Sequence[Word]], body: Sequence[Sequence[Word]], number: int, settings: PdfSettings
) -> Grid | None:
    """Header and body lines to a grid; body lines regrouped into rows (wrapped text → one cell)."""
    if not body:
        return None
    xs = _separators([*header, *body], settings.column_gap)
    if len(xs) - 1 < settings.min_cols:
        return None
    cells: list[GridCell] = []
    for r, line in enumerate(header):
        chunks = _chunks(line, settings.column_gap)
        spans = [(_col_of(xs, ch[0].x0), _col_of(xs, ch[-1].x1 - 0.5)) for ch in chunks]
        if r == 0 and len(header) > 1 and is_group_header_row(_chunk_row(chunks)):
            spans = _group_spans(chunks, xs)
        for chunk, (c0, c1) in zip(chunks, spans, strict=True):
            cells.append(
                GridCell(
                    " ".join(w.text for w in chunk),
                    r,
                    c0,
                    1,
                    c1 - c0 + 1,
                    _bbox(chunk),
                    all(w.bold for w in chunk),
                )
            )
    cells += _body_cells(body, xs, len(header), settings)
    all_words = [w for ln in (*header, *body) for w in ln]
    return Grid(
        number, _bbox(all_words), tuple(xs), tuple(sorted(cells, key=lambda c: (c.row, c.col))), False
    )


def _group_spans(chunks: Sequence[Sequence[Word]], xs: Sequence[float]) -> list[tuple[int, int]]:
    """Centred group labels ("SASARAN … PROGRAM") over an unruled header: each covers the columns up to the
    midpoint between it and the next label, so the group starts at the first column it heads."""
    cuts = [(a[-1].x1 + b[0].x0) / 2 for a, b in itertools.pairwise(chunks)]
    starts = [0] + [
        _col_of(xs, cut) + (1 if (xs[_col_of(xs, cut)] + xs[_col_of(xs, cut) + 1]) / 2 < cut else 0)
        for cut in cuts
    ]
    ends = [s - 1 for s in starts[1:]] + [len(xs) - 2]
    return list(zip(starts, ends, strict=True))


def _body_cells(
    body: Sequence[Sequence[Word]], xs: Sequence[float], first_row: int, settings: PdfSettings
) -> list[GridCell]:
    """Unruled body lines to cells.

    Columns whose entries are short values ("TW I", "25%") give a row per line; in the other columns the
    consecutive lines of one band are one wrapped cell, put on the row of its first line.
    """
    ncols = len(xs) - 1
    entries: list[dict[int, list[Word]]] = []
    for line in body:
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(_col_of(xs, w.xc), []).append(w)
        entries.append(by_col)
    texts = {c: [" ".join(w.text for w in e[c]) for e in entries if c in e] for c in range(ncols)}
    value_cols = {c for c, t in texts.items() if t and sum(_is_short(x, settings) for x in t) >= 0.9 * len(t)}
    height = statistics.median(w.bottom - w.top for ln in body for w in ln)
    band_starts = {0} | {
        i for i in range(1, len(body)) if body[i][0].top - body[i - 1][0].bottom > settings.band_gap * height
    }
    row_starts = sorted(band_starts | {i for i, e in enumerate(entries) if value_cols & set(e)})
    row_of_line = [max(r for r in row_starts if r <= i) for i in range(len(body))]
    row_index = {start: first_row + k for k, start in enumerate(row_starts)}
    cells: list[GridCell] = []
    for c in range(ncols):
        block: list[list[Word]] = []
        block_first = block_last = 0
        for i, e in enumerate(entries):
            words = e.get(c)
            starts_new = (
                words is None
                or c in value_cols
                or i in band_starts
                or (block and _MARKER_RE.match(" ".join(w.text for w in words)) is not None)
            )
            if block and (starts_new or i != block_last + 1):
                cells.append(_text_cell(block, row_index[row_of_line[block_first]], c, settings))
                block = []
            if words is not None:
                if not block:
                    block_first = i
                block.append(words)
                block_last = i
        if block:
            cells.append(_text_cell(block, row_index[row_of_line[block_first]], c, settings))
    return cells


def _text_cell(block: Sequence[Sequence[Word]], row: int, col: int, settings: PdfSettings) -> GridCell:
    words = [w for ws in block for w in ws]
    return GridCell(
        join_words(words, settings.line_tolerance), row, col, 1, 1, _bbox(words), all(w.bold for w in words)
    )


def _bbox(words: Iterable[Word]) -> BBox:
    ws = list(words)
    return _round(
        (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
    )


def _round(b: Sequence[float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


# --- page furniture -----------------------------------------------------------------------------------------

_FURNITURE_RE = re.compile(
    r"^(?:https?://\S+.*|www\.\S+.*|(?:page|halaman|hal\.?)\s*\d+(?:\s*(?:of|dari|/)\s*\d+)?|\d{1,4}"
    r"|\d+\s*/\s*\d+|[ivxl]{1,6}|-\s*\d+\s*-"
    r"|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}(?:[ ,]+\d{1,2}[.:]\d{2}(?:\s*[AP]M)?)?)$",
    re.IGNORECASE,
)


def _in_furniture(line: Sequence[Word], height: float, settings: PdfSettings) -> bool:
    """A line in the top or bottom band made only of URLs, dates, page numbers: running header or footer."""
    band = settings.furniture_band * height
    if band < line[0].top < height - band:
        return False
    return all(_FURNITURE_RE.match(" ".join(w.text for w in chunk)) for chunk in _chunks(line, 6.0))


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def repeated_lines(pages: Sequence[_Page], settings: PdfSettings) -> set[str]:
    """Lines printed in the top or bottom band of at least half the pages (two or more): running titles."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for page in pages:
        band = settings.furniture_band * page.height * 1.5
        seen = {
            _normalised(" ".join(w.text for w in ln))
            for ln in _lines(page.words, settings.line_tolerance)
            if ln[0].top < band or ln[0].top > page.height - band
        }
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= max(2, len(pages) // 2)}


# --- stage 3: grids to rows, rows to tables -----------------------------------------------------------------


def grid_rows(grid: Grid, columns: Sequence[float] | None = None) -> list[tuple[Row, bool]]:
    """A grid's cells as model rows (text on the first row a cell spans), each flagged "all bold" or not.

    `columns` maps the cells onto another grid's column boundaries, so a table continued on a new page keeps
    the column numbers of its header.
    """
    xs = list(columns) if columns is not None else list(grid.xs)
    rows: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell)
    out = []
    for r in sorted(rows):
        cells = []
        for gc in sorted(rows[r], key=lambda c: c.col):
            if columns is None:
                col, span = gc.col, gc.colspan
            else:
                col = _index(xs, gc.bbox[0]) if grid.ruled else _col_of(xs, (gc.bbox[0] + gc.bbox[2]) / 2)
                span = max(1, _index(xs, gc.bbox[2]) - col) if grid.ruled else 1
            cells.append(Cell(gc.text, col=col, colspan=span, page=grid.page, bbox=gc.bbox))
        out.append((Row(tuple(cells)), all(gc.bold for gc in rows[r])))
    return out


def header_length(rows: Sequence[tuple[Row, bool]]) -> int:
    """How many leading rows are header: vocabulary first (as the text extractor), else the rows down to a
    column-number row, else leading all-bold rows."""
    i = header_run([row for row, _ in rows])
    if i:
        return i
    for k, (row, _) in enumerate(rows[:6]):
        if is_column_number_row(row) and k > 0:
            k += 1
            while k < len(rows) and is_subheader_row(rows[k][0]):
                k += 1
            return k
    k = 0
    while k < min(len(rows) - 1, 4) and rows[k][1]:
        k += 1
    return k


_CAPTION_RE = re.compile(r"^\s*tabel\s+\d", re.IGNORECASE)


def caption_above(grid: Grid, lines: Sequence[Sequence[Word]], skip: set[str], others: Sequence[Grid]) -> str:
    """The heading printed just above a table: up to three lines, stopping at a gap or a sentence."""
    above = [
        ln
        for ln in lines
        if ln[-1].bottom <= grid.bbox[1] + 1
        and ln[0].top >= grid.bbox[1] - 60
        and not any(words_in(ln, g.bbox) for g in others)
    ]
    picked: list[str] = []
    prev_top = grid.bbox[1]
    for ln in reversed(above):
        text = " ".join(w.text for w in ln)
        if _normalised(text) in skip:
            continue
        if prev_top - ln[-1].bottom > 24 or text.rstrip().endswith((".", ":")) or len(picked) >= 3:
            break
        picked.append(text)
        prev_top = ln[0].top
        if _CAPTION_RE.match(text):
            break
    return " ".join(reversed(picked))


@dataclass
class _Open:
    """The table being built and where it last printed (to know whether the next grid continues it)."""

    table: Table
    xs: tuple[float, ...]
    page: int
    last_on_page: bool


def assemble(pages: Sequence[_Page], skip: set[str], settings: PdfSettings) -> list[Table]:
    """Grids in page order to tables: a grid at the top of a page, right after a table that ended its page,
    continues it (its repeated header dropped, a different header opening a new segment)."""
    tables: list[Table] = []
    current: _Open | None = None
    for page in pages:
        lines = _lines(page.words, settings.line_tolerance)
        for k, grid in enumerate(page.grids):
            own = grid_rows(grid)
            n_head = header_length(own)
            continues = (
                current is not None
                and k == 0
                and current.page == page.number - 1
                and current.last_on_page
                and not _text_between_pages(lines, grid, skip)
            )
            if continues and current is not None:
                rows = grid_rows(grid, current.xs) if not n_head else own
                head = [r for r, _ in rows[:n_head]]
                seg = current.table.segments[-1]
                if head and header_signature(head) != header_signature(seg.header):
                    current.table.segments.append(Segment(header=head))
                    current.xs = grid.xs
                current.table.segments[-1].rows.extend(_body(rows[n_head:]))
                current.page = page.number
            else:
                head = [r for r, _ in own[:n_head]]
                table = Table(
                    segments=[Segment(header=head, rows=_body(own[n_head:]))],
                    index=len(tables),
                    title=caption_above(grid, lines, skip, page.grids),
                )
                if not table.rows and not head:
                    continue
                tables.append(table)
                current = _Open(table, grid.xs, page.number, False)
            if current is not None:
                current.last_on_page = k == len(page.grids) - 1 and not _text_below(
                    lines, grid, page, skip, settings
                )
    return tables


def _body(rows: Sequence[tuple[Row, bool]]) -> list[Row]:
    """Body rows without the repeated column-number rows and header rows a page break may leave inside."""
    return [r for r, _ in rows if not is_column_number_row(r) and not is_header_row(r)]


def _text_between_pages(lines: Sequence[Sequence[Word]], grid: Grid, skip: set[str]) -> bool:
    """Prose above a page's first table means it is a new table, not the previous one running on."""
    above = [ln for ln in lines if ln[-1].bottom <= grid.bbox[1] + 1]
    return any(
        _normalised(" ".join(w.text for w in ln)) not in skip
        and not _CAPTION_RE.match(ln[0].text)
        and len(ln) > 3
        for ln in above
    )


def _text_below(
    lines: Sequence[Sequence[Word]], grid: Grid, page: _Page, skip: set[str], settings: PdfSettings
) -> bool:
    below = [ln for ln in lines if ln[0].top >= grid.bbox[3] - 1]
    return any(
        _normalised(" ".join(w.text for w in ln)) not in skip and not _in_furniture(ln, page.height, settings)
        for ln in below
    )


# --- the front door -----------------------------------------------------------------------------------------


def read_pdf(
    data: bytes, name: str = "", settings: PdfSettings | None = None, **options: Any
) -> ExtractedDocument:
    """Read a PDF's tables into the neutral model; raise `UnreadableDocument` when the file cannot be opened.

    Options are `PdfSettings` fields (`read_pdf(data, unruled_engine="camelot-stream")`); unknown ones raise
    `ValueError`. A PDF without a text layer gives no tables and a warning: OCR is a later stage.
    """
    if settings is None:
        settings = PdfSettings.from_options(**options)
    elif options:
        settings = replace(settings, **PdfSettings.from_options(**options).__dict__)
    label = f"{name}: " if name else ""
    pdf = open_pdf(data)
    warnings: list[str] = []
    pages: list[_Page] = []
    try:
        for page in pdf.pages:
            try:
                pages.append(_read_page(page, data, settings))
            except Exception as exc:  # one broken page must not lose the rest of the document
                warnings.append(f"{label}page {page.page_number}: unreadable ({type(exc).__name__}: {exc})")
                pages.append(_Page(page.page_number, float(page.height), []))
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise UnreadableDocument("PDF has no pages")
    except (PDFSyntaxError, PSException) as exc:
        raise UnreadableDocument(f"truncated or damaged PDF ({type(exc).__name__}: {exc})") from exc
    finally:
        pdf.close()
    if not any(p.words for p in pages):
        warnings.append(f"{label}no text layer (scanned?)")
        return ExtractedDocument(
            tables=[], text_lines=[], extractor=EXTRACTOR, pages=n_pages, warnings=warnings
        )
    warnings += [f"{label}page {p.number}: no text layer (scanned?)" for p in pages if not p.words]
    skip = repeated_lines(pages, settings)
    tables = assemble(pages, skip, settings)
    return ExtractedDocument(
        tables=tables,
        text_lines=loose_text(pages, skip, settings),
        extractor=EXTRACTOR,
        pages=n_pages,
        warnings=warnings,
    )


def _read_page(page: Any, data: bytes, settings: PdfSettings) -> _Page:
    """One page to words and table grids: the ruled finder only where strokes exist, else whitespace."""
    number, height = page.page_number, float(page.height)
    words = page_words(page)
    result = _Page(number, height, words)
    if not words:
        return result
    if page_edge_count(page) >= settings.min_ruled_edges:
        if settings.ruled_engine == "plumber":
            result.grids = plumber_ruled_grids(page, words, number, settings)
        else:
            result.grids = camelot_grids(data, number, height, words, "lattice", settings)
    if not result.grids and settings.unruled_engine == "whitespace":
        result.grids = unruled_grids(words, number, height, settings)
    elif not result.grids and settings.unruled_engine.startswith("camelot-"):
        flavor = settings.unruled_engine.removeprefix("camelot-")
        result.grids = camelot_grids(data, number, height, words, flavor, settings)
    result.grids.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    return result


def loose_text(pages: Sequence[_Page], skip: set[str], settings: PdfSettings) -> list[str]:
    """Every line outside the tables, in reading order, without running headers and footers."""
    out = []
    seen: set[str] = set()
    for page in pages:
        outside = [w for w in page.words if not any(words_in([w], g.bbox) for g in page.grids)]
        for ln in _lines(outside, settings.line_tolerance):
            text = " ".join(" ".join(w.text for w in ch) for ch in _chunks(ln, settings.column_gap))
            key = _normalised(text)
            running = key in skip and (key in seen or not DOC_TITLE_RE.match(text))
            if running or _in_furniture(ln, page.height, settings):
                continue  # a running title naming the document is kept once: it is often the only title
            seen.add(key)
            out.append(text)
    return out
