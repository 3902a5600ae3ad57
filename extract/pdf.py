"""Born-digital PDFs: the orchestration from pages to tables.

A PDF has no rows or cells, only glyphs and strokes. Each page is read into words and strokes (`pdfpage`);
ruled tables become grids from their strokes (`ruled`), unruled ones from whitespace (`unruled`); here the grids
become model rows, headers are found, repeated headers dropped, page-split parts merged into one `Table` as
segments, captions and loose text kept, running headers and footers dropped. camelot (lattice, stream, network)
is available per flavour through the settings, but the default path never calls it: the ruled finder on the
same strokes is many times faster and serves these documents.

Stages, each a plain function: `open_pdf` → per page `read_page` (words, strokes) → `ruled_grids`
or `unruled_grids` (→ `Grid`) → `grid_rows` → `assemble` → `ExtractedDocument`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .headers import (
    DOC_TITLE_RE,
    UNIT_TITLE_RE,
    header_run,
    header_signature,
    is_column_number_row,
    is_header_row,
    is_subheader_row,
)
from .layout import (
    RULED_ENGINES,
    UNRULED_ENGINES,
    Grid,
    GridCell,
    PdfSettings,
    col_of,
    group_lines,
    in_furniture,
    nearest,
    normalised,
    split_chunks,
    words_in,
)
from .model import Cell, ExtractedDocument, Row, Segment, Table, UnreadableDocument
from .pdfpage import PageLayer, Word, open_pdf, read_page
from .ruled import camelot_grids, ruled_grids, split_stacked_rows
from .stacked import split_paired_lists
from .textlayer import hidden_text, image_cover, needs_sample, ocr_reason, sample_reason, sample_words
from .unruled import unruled_grids

if TYPE_CHECKING:
    from .scan import ScanPage

__all__ = ["EXTRACTOR", "RULED_ENGINES", "UNRULED_ENGINES", "Grid", "GridCell", "PdfSettings", "Word", "read_pdf"]

EXTRACTOR = "pdf"


@dataclass
class _Page:
    number: int
    height: float
    words: list[Word]
    grids: list[Grid] = field(default_factory=list)
    scan: ScanPage | None = None
    """Set when the page was read from its image: how its upright boxes map back onto the page."""



def repeated_lines(pages: Sequence[_Page], settings: PdfSettings) -> set[str]:
    """Lines printed in the top or bottom band of at least half the pages (two or more): running titles."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for page in pages:
        band = settings.furniture_band * page.height * 1.5
        seen = {
            normalised(" ".join(w.text for w in ln))
            for ln in group_lines(page.words, settings.line_tolerance)
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
                col = nearest(xs, gc.bbox[0]) if grid.ruled else col_of(xs, (gc.bbox[0] + gc.bbox[2]) / 2)
                span = max(1, nearest(xs, gc.bbox[2]) - col) if grid.ruled else 1
            conf = gc.confidence if grid.ocr else None
            cells.append(Cell(gc.text, col=col, colspan=span, page=grid.page, bbox=gc.bbox, confidence=conf))
        out.append((Row(tuple(cells)), all(gc.bold for gc in rows[r])))
    return out


def header_length(rows: Sequence[tuple[Row, bool]], bold: bool = True) -> int:
    """How many leading rows are header: vocabulary first (as the text extractor), else the rows down to a
    column-number row, else (with `bold`) leading all-bold rows. A page continuing a table passes `bold=False`:
    its leading bold rows are programs printed in bold, not a header."""
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
    while bold and k < min(len(rows) - 1, 4) and rows[k][1]:
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
        if normalised(text) in skip:
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
        lines = group_lines(page.words, settings.line_tolerance)
        for k, grid in enumerate(page.grids):
            own = grid_rows(grid)
            continues = (
                current is not None
                and k == 0
                and current.page == page.number - 1
                and current.last_on_page
                and not _text_between_pages(lines, grid, skip)
            )
            n_head = header_length(own, bold=not continues)
            if continues and current is not None and n_head:
                # a header naming none of the continued table's columns opens another table (the budget list
                # printed at the top of the page after a PK table), whose rows carry none of its context
                before = set(header_signature(current.table.segments[-1].header))
                continues = not before or bool(before & set(header_signature([r for r, _ in own[:n_head]])))
            if continues and current is not None:
                head = [r for r, _ in own[:n_head]]
                seg = current.table.segments[-1]
                new_header = bool(head) and header_signature(head) != header_signature(seg.header)
                # a continuation, with or without its header repeated, keeps the columns of the header it continues
                rows = own if new_header else grid_rows(grid, current.xs)
                if new_header:
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
        normalised(" ".join(w.text for w in ln)) not in skip
        and not _CAPTION_RE.match(ln[0].text)
        and len(ln) > 3
        for ln in above
    )


def _text_below(
    lines: Sequence[Sequence[Word]], grid: Grid, page: _Page, skip: set[str], settings: PdfSettings
) -> bool:
    below = [ln for ln in lines if ln[0].top >= grid.bbox[3] - 1]
    return any(
        normalised(" ".join(w.text for w in ln)) not in skip and not in_furniture(ln, page.height, settings)
        for ln in below
    )


# --- the front door -----------------------------------------------------------------------------------------


def read_pdf(
    data: bytes,
    name: str = "",
    settings: PdfSettings | None = None,
    on_ocr_page: Callable[[int], None] | None = None,
    **options: Any,
) -> ExtractedDocument:
    """Read a PDF's tables into the neutral model; raise `UnreadableDocument` when the file cannot be opened.

    Options are `PdfSettings` fields (`read_pdf(data, unruled_engine="camelot-stream")`); unknown ones raise
    `ValueError`. Pages without a text layer, or whose hidden OCR layer is garbage, are read from their image
    (`extract.scan`); their words and strokes then go through the same table finders and assembly.
    `on_ocr_page(n)` is called before the n-th page read by OCR is read.
    """
    if settings is None:
        settings = PdfSettings.from_options(**options)
    elif options:
        settings = replace(settings, **PdfSettings.from_options(**options).__dict__)
    label = f"{name}: " if name else ""
    pdf = open_pdf(data)
    warnings: list[str] = []
    pages: list[_Page] = []
    ocr_pages = 0

    def before_ocr() -> None:
        nonlocal ocr_pages
        ocr_pages += 1
        if on_ocr_page is not None:
            on_ocr_page(ocr_pages)

    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise UnreadableDocument("PDF has no pages")
        for index in range(n_pages):
            try:
                pages.append(_read_any_page(pdf, index, data, settings, warnings, label, before_ocr))
            except MemoryError:
                raise  # the worker's limit, not a broken page: the worker pool records it
            except Exception as exc:  # one broken page must not lose the rest of the document
                warnings.append(f"{label}page {index + 1}: unreadable ({type(exc).__name__}: {exc})")
                pages.append(_Page(index + 1, _page_height(pdf, index), []))
    finally:
        pdf.close()
    scanned = sum(p.scan is not None for p in pages)
    extractor = "ocr" if scanned == n_pages else "pdf+ocr" if scanned else EXTRACTOR
    if not any(p.words for p in pages):
        warnings.append(f"{label}no text layer (scanned?)" if not settings.ocr else f"{label}no text found")
        return ExtractedDocument(tables=[], text_lines=[], extractor=extractor, pages=n_pages, warnings=warnings)
    if not settings.ocr:
        warnings += [f"{label}page {p.number}: no text layer (scanned?)" for p in pages if not p.words]
    skip = repeated_lines(pages, settings)
    tables = _on_page([p for p in pages if p.scan is not None], assemble(pages, skip, settings))
    return ExtractedDocument(
        tables=tables,
        text_lines=loose_text(pages, skip, settings),
        extractor=extractor,
        pages=n_pages,
        warnings=warnings,
    )


def _read_any_page(
    pdf: Any, index: int, data: bytes, settings: PdfSettings, warnings: list[str], label: str,
    before_ocr: Callable[[], None],
) -> _Page:
    """A page from its text layer, or from its image when it has no text layer to trust; a ruled row stacking a
    list (k names, k values per value cell, no rule between them) becomes one row per item."""
    layer = read_page(pdf, index)
    if settings.ocr:
        texts = [w.text for w in layer.words]
        cover = image_cover(pdf, index)
        reason = ocr_reason(texts, cover)
        if reason is None and needs_sample(texts, cover, hidden_text(pdf, index)):
            reason = sample_reason(_read_sample(pdf, index, sample_words(layer.words), settings))
        if reason is not None:
            if layer.words:
                warnings.append(f"{label}page {index + 1}: {reason}; read from the image")
            before_ocr()
            return _read_scanned(pdf, index, data, settings)
    page = _read_page(layer, data, settings)
    page.grids = [split_paired_lists(g, layer.words, settings) if g.ruled else g for g in page.grids]
    return page


def _read_sample(pdf: Any, index: int, words: Sequence[Word], settings: PdfSettings) -> list[tuple[str, str]]:
    """Each sampled word of a page's text layer beside the text read afresh from the image in its box."""
    if not words:
        return []
    from .scan import ScanSettings, read_boxes

    page = pdf[index]
    try:
        read = read_boxes(page, [(w.x0, w.top, w.x1, w.bottom) for w in words], ScanSettings(dpi=settings.ocr_dpi))
    finally:
        page.close()
    return [(w.text, text) for w, text in zip(words, read, strict=True)]


def _read_scanned(pdf: Any, index: int, data: bytes, settings: PdfSettings) -> _Page:
    """A page read from its image: OCR words and ruling strokes in upright points, through the same table
    finders as a born-digital page; a ruled row holding a bulleted list is split into one row per item."""
    from .scan import ScanSettings, read_scanned_page

    page = pdf[index]
    try:
        scan = read_scanned_page(page, index + 1, ScanSettings(dpi=settings.ocr_dpi))
    finally:
        page.close()
    result = _read_page(scan.layer, data, settings)
    result.grids = [
        replace(split_stacked_rows(g, scan.layer.words, settings) if g.ruled else g, ocr=True) for g in result.grids
    ]
    result.scan = scan
    return result


def _on_page(scanned: Sequence[_Page], tables: list[Table]) -> list[Table]:
    """Boxes of cells read from a turned or levelled page image mapped back onto the page as it is displayed,
    so every cell's box means the same on scanned and born-digital pages."""
    moved = {p.number: p.scan for p in scanned if p.scan is not None and (p.scan.rotation or p.scan.skew)}
    if not moved:
        return tables

    def fix(row: Row) -> Row:
        return Row(tuple(
            replace(c, bbox=moved[c.page].to_page(c.bbox)) if c.page in moved and c.bbox is not None else c
            for c in row.cells
        ))

    for table in tables:
        for seg in table.segments:
            seg.header = [fix(r) for r in seg.header]
            seg.rows = [fix(r) for r in seg.rows]
    return tables


def _page_height(pdf: Any, index: int) -> float:
    try:
        return float(pdf.get_page_size(index)[1])
    except Exception:  # a page too broken to say its size
        return 842.0


def _read_page(layer: PageLayer, data: bytes, settings: PdfSettings) -> _Page:
    """One page's words and strokes to table grids: the ruled finder only where strokes exist, else whitespace."""
    number, height, words = layer.number, layer.height, layer.words
    result = _Page(number, height, words)
    if not words:
        return result
    if layer.edge_count() >= settings.min_ruled_edges:
        if settings.ruled_engine == "plumber":
            result.grids = ruled_grids(layer, settings)
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
        for ln in group_lines(outside, settings.line_tolerance):
            text = " ".join(" ".join(w.text for w in ch) for ch in split_chunks(ln, settings.column_gap))
            key = normalised(text)
            titled = DOC_TITLE_RE.match(text) or UNIT_TITLE_RE.match(text)
            running = key in skip and (key in seen or not titled)
            if running or in_furniture(ln, page.height, settings):
                continue  # a running title naming the document or its unit is kept once: often the only one
            seen.add(key)
            out.append(text)
    return out
