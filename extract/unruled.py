"""Unruled tables (Excel printed without gridlines) from whitespace: columns are the x-ranges no word crosses,
and physical lines are grouped back into rows (a wrapped name is one cell; `TW I  25%` lines stay rows)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from .headers import is_column_number_row, is_group_header_row, is_header_row, is_subheader_row
from .layout import (
    Grid,
    GridCell,
    PdfSettings,
    bbox_of,
    col_of,
    group_lines,
    in_furniture,
    join_words,
    min_confidence,
    split_chunks,
    words_in,
)
from .model import BBox, Cell, Row
from .pdfpage import Word


def chunk_row(chunks: Sequence[Sequence[Word]]) -> Row:
    return Row(tuple(Cell(" ".join(w.text for w in ch), col=i) for i, ch in enumerate(chunks)))


def _separators(lines: Sequence[Sequence[Word]], gap: float) -> list[float]:
    """Column boundaries of an unruled table: the x-ranges that no word of a multi-cell line crosses."""
    spans = sorted((w.x0, w.x1) for line in lines if len(split_chunks(line, gap)) >= 2 for w in line)
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



_CURRENCY_RE = re.compile(r"^Rp\.?$", re.IGNORECASE)


def _without_currency_columns(xs: list[float], body: Sequence[Sequence[Word]]) -> list[float]:
    """Column boundaries with every column that holds only a currency mark (`Rp.` printed apart from its amount,
    under no header of its own) joined to the column on its right: the mark belongs to the amounts, and a column
    of its own would push each amount out of the budget column."""
    if len(xs) < 3:
        return xs
    entries: dict[int, list[str]] = {}
    for line in body:
        for w in line:
            entries.setdefault(col_of(xs, w.xc), []).append(w.text)
    marks = {c for c, texts in entries.items()
             if c + 1 < len(xs) - 1 and c + 1 in entries and all(_CURRENCY_RE.match(t) for t in texts)}
    return [x for i, x in enumerate(xs) if i - 1 not in marks]


_MARKER_RE = re.compile(r"^(?:\d{1,2}|[A-Za-z])[.)]?\s")


def _is_short(text: str, settings: PdfSettings) -> bool:
    return len(text) <= settings.short_value_chars and len(text.split()) <= 2


def unruled_grids(
    words: Sequence[Word], number: int, page_height: float, settings: PdfSettings, avoid: Sequence[BBox] = ()
) -> list[Grid]:
    """Whitespace-aligned tables on a page: found from a header line, ended by a wide vertical gap."""
    free = [w for w in words if not any(words_in([w], b) for b in avoid)]
    lines = _without_furniture(group_lines(free, settings.line_tolerance), page_height, settings)
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if not is_header_row(chunk_row(split_chunks(lines[i], settings.column_gap))):
            i += 1
            continue
        start = (
            i - 1
            if i > 0 and is_group_header_row(chunk_row(split_chunks(lines[i - 1], settings.column_gap)))
            else i
        )
        end = i + 1
        while end < len(lines):
            row = chunk_row(split_chunks(lines[end], settings.column_gap))
            if not (is_subheader_row(row) or is_column_number_row(row) or is_header_row(row)
                    or _continues_header(lines[end - 1], lines[end], settings)):
                break
            end += 1
        body_end = _body_end(lines, end, settings)
        grid = _whitespace_grid(lines[start:end], lines[end:body_end], number, settings)
        if grid is not None:
            grids.append(grid)
        i = max(body_end, i + 1)
    return grids


def _without_furniture(
    lines: Sequence[Sequence[Word]], page_height: float, settings: PdfSettings
) -> list[Sequence[Word]]:
    """The page's lines without its running header and footer: furniture-like lines (a lone number, a date)
    above the first line of content or below the last. A list number printed under a table header near the top
    of the page (`1` of a budget list) is the table's, not a page number."""
    furniture = [in_furniture(ln, page_height, settings) for ln in lines]
    content = [i for i, f in enumerate(furniture) if not f]
    if not content:
        return []
    first, last = content[0], content[-1]
    return [ln for i, ln in enumerate(lines) if not furniture[i] or first < i < last]


def _body_end(lines: Sequence[Sequence[Word]], start: int, settings: PdfSettings) -> int:
    """Index after the last body line: the table ends at the first gap several line heights tall."""
    if start >= len(lines):
        return start
    height = statistics.median(w.bottom - w.top for ln in lines[start : start + 20] for w in ln)
    left = min(w.x0 for ln in lines[max(start - 1, 0) : start + 1] for w in ln)
    end = start + 1
    while end < len(lines):
        gap = lines[end][0].top - lines[end - 1][0].bottom
        if gap > settings.table_end_gap * height:
            break
        if gap > settings.band_gap * height and _closes_table(lines[end], left, height):
            break
        end += 1
    return end


_MONTHS = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember")
_SIGNING_RE = re.compile(rf"^[A-Z][A-Za-z.' -]{{2,30}},(?:\s*\d{{1,2}}\s+(?i:{_MONTHS})\s+\d{{4}})?$")
"""The place and date over the signatures (`Bandung,` / `Bandung, 3 Februari 2017`)."""


def _closes_table(line: Sequence[Word], left: float, height: float) -> bool:
    """A line after a gap that starts the signature block, not a row: the place and date of signing, or text
    starting well left of the table's header (a signatory's title under a table indented on the page)."""
    text = " ".join(w.text for w in line)
    return _SIGNING_RE.match(text) is not None or line[0].x0 < left - 2 * height


def _whitespace_grid(
    header: Sequence[Sequence[Word]], body: Sequence[Sequence[Word]], number: int, settings: PdfSettings
) -> Grid | None:
    """Header and body lines to a grid; body lines regrouped into rows (wrapped text → one cell)."""
    if not body:
        return None
    xs = _without_currency_columns(_separators([*header, *body], settings.column_gap), body)
    if len(xs) - 1 < settings.min_cols:
        return None
    header = _joined_header_lines(header, settings)
    cells: list[GridCell] = []
    for r, line in enumerate(header):
        chunks = split_chunks(line, settings.column_gap)
        spans = [(col_of(xs, ch[0].x0), col_of(xs, ch[-1].x1 - 0.5)) for ch in chunks]
        if r == 0 and len(header) > 1 and is_group_header_row(chunk_row(chunks)):
            spans = _group_spans(chunks, xs)
        for chunk, (c0, c1) in zip(chunks, spans, strict=True):
            cells.append(
                GridCell(
                    " ".join(w.text for w in chunk),
                    r,
                    c0,
                    1,
                    c1 - c0 + 1,
                    bbox_of(chunk),
                    all(w.bold for w in chunk),
                    min_confidence(chunk),
                )
            )
    cells += _body_cells(body, xs, len(header), settings)
    all_words = [w for ln in (*header, *body) for w in ln]
    return Grid(
        number, bbox_of(all_words), tuple(xs), tuple(sorted(cells, key=lambda c: (c.row, c.col))), False
    )


def _continues_header(above: Sequence[Word], line: Sequence[Word], settings: PdfSettings) -> bool:
    """A header cell printed over two or three lines ("INDIKATOR / KINERJA", "PENANGGUNG / JAWAB"): the next line
    sits right under the header line, holds no digit, is printed in capitals like a header, and each of its
    pieces lies under exactly one piece of the line above (a sub-header splits one group into several)."""
    if not line or not above or _has_digit(line):
        return False
    letters = "".join(ch for w in line for ch in w.text if ch.isalpha())
    if not letters or not letters.isupper():
        return False
    height = max(w.bottom - w.top for w in above)
    if min(w.top for w in line) - max(w.bottom for w in above) > 0.6 * height:
        return False
    upper = split_chunks(above, settings.column_gap)
    used: set[int] = set()
    for chunk in split_chunks(line, settings.column_gap):
        x0, x1 = chunk[0].x0, chunk[-1].x1
        under = [k for k, u in enumerate(upper) if u[0].x0 < x1 and x0 < u[-1].x1]
        if len(under) != 1 or under[0] in used:
            return False
        used.add(under[0])
    return True


def _joined_header_lines(
    header: Sequence[Sequence[Word]], settings: PdfSettings
) -> list[Sequence[Word]]:
    """Header lines with each continuation line's words moved into the line above, so that a header printed
    over two lines is one header cell (its words ordered line by line within the cell)."""
    joined: list[list[Word]] = []
    for line in header:
        if joined and _continues_header(joined[-1], line, settings):
            above = joined[-1]
            merged: list[Word] = []
            chunks = split_chunks(above, settings.column_gap)
            below = split_chunks(line, settings.column_gap)
            for chunk in chunks:
                merged += chunk
                merged += [w for b in below if b[0].x0 < chunk[-1].x1 and chunk[0].x0 < b[-1].x1 for w in b]
            joined[-1] = merged
        else:
            joined.append(list(line))
    return joined


def _group_spans(chunks: Sequence[Sequence[Word]], xs: Sequence[float]) -> list[tuple[int, int]]:
    """Centred group labels ("SASARAN … PROGRAM") over an unruled header: each covers the columns up to the
    midpoint between it and the next label, so the group starts at the first column it heads."""
    cuts = [(a[-1].x1 + b[0].x0) / 2 for a, b in itertools.pairwise(chunks)]
    starts = [0] + [
        col_of(xs, cut) + (1 if (xs[col_of(xs, cut)] + xs[col_of(xs, cut) + 1]) / 2 < cut else 0)
        for cut in cuts
    ]
    ends = [s - 1 for s in starts[1:]] + [len(xs) - 2]
    return list(zip(starts, ends, strict=True))


def _body_cells(
    body: Sequence[Sequence[Word]], xs: Sequence[float], first_row: int, settings: PdfSettings
) -> list[GridCell]:
    """Unruled body lines to cells.

    Columns whose entries are short values ("TW I", "25%") give a row per line; in the other columns the
    consecutive lines of one band are one wrapped cell, put on the row of its first line. Rows come from the
    table's own evidence, not one gap threshold: a wide gap, a new value in a value column, and a new list number
    in the first column (rows printed only ~1.3 line heights apart, where no gap tells them apart).
    """
    ncols = len(xs) - 1
    entries: list[dict[int, list[Word]]] = []
    for line in body:
        by_col: dict[int, list[Word]] = {}
        for w in line:
            by_col.setdefault(col_of(xs, w.xc), []).append(w)
        entries.append(by_col)
    texts = {c: [" ".join(w.text for w in e[c]) for e in entries if c in e] for c in range(ncols)}
    value_cols = {c for c, t in texts.items() if t and sum(_is_short(x, settings) for x in t) >= 0.9 * len(t)}
    height = statistics.median(w.bottom - w.top for ln in body for w in ln)
    band_starts = {0} | {
        i for i in range(1, len(body)) if body[i][0].top - body[i - 1][0].bottom > settings.band_gap * height
    }
    numbered = _numbered_lines(entries)
    band_starts |= numbered
    row_starts = sorted(band_starts | _value_starts(entries, value_cols, numbered))
    row_of_line = [max(r for r in row_starts if r <= i) for i in range(len(body))]
    row_index = {start: first_row + k for k, start in enumerate(row_starts)}
    cells: list[GridCell] = []
    for c in range(ncols):
        block: list[list[Word]] = []
        block_first = block_last = 0
        for i, e in enumerate(entries):
            words = e.get(c)
            if words is None:
                continue
            starts_new = (
                c in value_cols
                or i in band_starts
                or (block and _MARKER_RE.match(" ".join(w.text for w in words)) is not None)
                # a line of other columns only (a value centred on a wrapped name) does not cut the name
                or (i != block_last + 1 and row_of_line[i] != row_of_line[block_last])
            )
            if block and starts_new:
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


def _value_starts(entries: Sequence[dict[int, list[Word]]], value_cols: set[int], numbered: set[int]) -> set[int]:
    """Lines where a new value in a value column starts a row. In a numbered list, a value printed beside the
    middle of its item's wrapped name (`Rp 177.792.500` centred on three lines) belongs to that item: it starts a
    row only when its column holds more than one value within the item."""
    starts = {i for i, e in enumerate(entries) if value_cols & set(e)}
    if not numbered:
        return starts
    bounds = sorted(numbered)
    out = set()
    for i in starts:
        first = max((n for n in bounds if n <= i), default=None)
        if first is None:
            out.add(i)
            continue
        last = min((n for n in bounds if n > first), default=len(entries))
        stacked = any(sum(1 for e in entries[first:last] if c in e and _has_digit(e[c])) > 1
                      for c in value_cols & set(entries[i]))
        if stacked:
            out.add(i)
    return out


def _has_digit(words: Sequence[Word]) -> bool:
    """A value line that is a number (`177.792.500`), not a wrapped word (`(Dekonsentrasi)` under `APBN`)."""
    return any(ch.isdigit() for w in words for ch in w.text)


_LIST_NUMBER_RE = re.compile(r"^(?:\d{1,3}|[A-Za-z])[.)]?$|^\d{1,2}(?:\.\d{1,2}){1,3}\.?$")


def _numbered_lines(entries: Sequence[dict[int, list[Word]]]) -> set[int]:
    """Lines whose first printed column holds a lone list number (`2.`, `b.`, `1.2`): each starts a row. Only
    when the table numbers at least two lines so."""
    columns = [min(e) for e in entries if e]
    if not columns:
        return set()
    first = min(columns)
    found = {i for i, e in enumerate(entries)
             if first in e and _LIST_NUMBER_RE.match(" ".join(w.text for w in e[first]).strip())}
    return found if len(found) >= 2 else set()


def _text_cell(block: Sequence[Sequence[Word]], row: int, col: int, settings: PdfSettings) -> GridCell:
    words = [w for ws in block for w in ws]
    return GridCell(
        join_words(words, settings.line_tolerance), row, col, 1, 1, bbox_of(words), all(w.bold for w in words),
        min_confidence(words),
    )
