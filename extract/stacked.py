"""Ruled rows that print a list without rules between its items: one grid row per item.

Word and Excel tables often put several sub kegiatan in one drawn row: the names stacked in one cell (a blank
line between them, or a list number at each), and in the cells beside them one value per item, one below the
other (`120` / `90`, `100.000.000` / `36.000.000`). Read as one row, every value cell holds "more than one number"
and the names are one run-on text. Here such a row is cut into one grid row per item, pairing the i-th value of
each value column with the i-th name; a cell that is one paragraph (the sasaran the items serve) stays whole on
the first item. A row whose cells do not pair up cleanly is left as printed.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from .layout import Grid, GridCell, PdfSettings, WordIndex, bbox_of, group_lines, join_words, min_confidence, round_box
from .pdfpage import Word

_Line = Sequence[Word]

_VALUE_LINE_RE = re.compile(r"^(?:Rp\.?\s*)?(?:\(\d[\d.,]*\)|-?\d[\d.,]*(?:\s[\d.,]+)?%?(?:\s+[^\d\s()]{1,12})?)$",
                            re.IGNORECASE)
"""One value per printed line: `120`, `36.000.000`, `1,077,633.93 ton`, `5.00`, `2.3.01`, `1.800. 940`."""


_MARKER_RE = re.compile(r"^(?:\d{1,2}|[A-Za-z]|[A-Z]{1,3}\d{1,2})[.)](?:\s|$)|^[-•·](?:\s|$)")
"""A list item's mark: `3.`, `b.`, `1)`, `S1.` (sasaran 1, printed on a line of its own), a dash or a bullet."""


def _text(line: _Line) -> str:
    return " ".join(w.text for w in line)


def _is_value_line(line: _Line, settings: PdfSettings) -> bool:
    text = _text(line)
    return len(text) <= settings.short_value_chars + 6 and _VALUE_LINE_RE.match(text) is not None


def _blocks(lines: Sequence[_Line], height: float, pitch_gap: float) -> list[list[_Line]]:
    """A cell's lines in paragraphs: a gap clearly wider than the row's normal line spacing parts them."""
    out: list[list[_Line]] = []
    for line in lines:
        if out and line[0].top - out[-1][-1][0].bottom <= pitch_gap + 0.6 * height:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _numbered(lines: Sequence[_Line]) -> list[list[_Line]] | None:
    """A cell that is a numbered list (`3. Persentase …` / `4. Persentase …`, `a.` / `b.`): its items, or None."""
    if len(lines) < 2 or not _MARKER_RE.match(_text(lines[0])):
        return None
    out: list[list[_Line]] = []
    for line in lines:
        if _MARKER_RE.match(_text(line)) or not out:
            out.append([line])
        else:
            out[-1].append(line)
    return out if len(out) >= 2 else None


def _cut_at(lines: Sequence[_Line], anchors: Sequence[float], height: float) -> list[list[_Line]] | None:
    """A cell's lines cut where the value lines start: a lead (lines above the first value, a heading the items
    share) and one part per anchor. None when a line of the cell does not start at every anchor, or when a part
    starts in lower case (a sentence wrapped at the same pitch as the list, not a list)."""
    starts = [ln[0].top for ln in lines]
    if not all(any(abs(s - a) <= 0.3 * height for s in starts) for a in anchors):
        return None
    lead = [ln for ln in lines if ln[0].top < anchors[0] - 0.5 * height]
    parts: list[list[_Line]] = [lead]
    for k, top in enumerate(anchors):
        upper = anchors[k + 1] - 0.5 * height if k + 1 < len(anchors) else float("inf")
        parts.append([ln for ln in lines if top - 0.5 * height <= ln[0].top < upper])
    if any(not part or part[0][0].text[:1].islower() for part in parts[1:]):
        return None
    if any(len(part) > 1 and not _MARKER_RE.match(_text(part[0])) for part in parts[1:-1]):
        return None  # a paragraph that merely reaches past the next value is no list item
    return parts


def split_paired_lists(grid: Grid, words: Sequence[Word], settings: PdfSettings) -> Grid:
    """The grid with every ruled row that stacks k items (k values per value cell, k names) cut into k rows."""
    index = WordIndex(words)
    rows: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell)
    out: list[GridCell] = []
    shift = 0
    for r in sorted(rows):
        parts = _split_row(rows[r], index, settings)
        if parts is None:
            out += [replace(c, row=c.row + shift) for c in rows[r]]
            continue
        n_rows = max(k for _, pieces in parts for k, _ in pieces) + 1
        for cell, pieces in parts:
            for k, lines in pieces:
                if len(pieces) == 1 and not k:
                    out.append(replace(cell, row=cell.row + shift))
                    continue
                ws = [w for ln in lines for w in ln]
                out.append(replace(
                    cell, text=join_words(ws, settings.line_tolerance), row=cell.row + shift + k, rowspan=1,
                    bbox=round_box(bbox_of(ws)), bold=all(w.bold for w in ws), confidence=min_confidence(ws),
                ))
        shift += n_rows - 1
    return replace(grid, cells=tuple(sorted(out, key=lambda c: (c.row, c.col))))


def _split_row(
    cells: Sequence[GridCell], index: WordIndex, settings: PdfSettings
) -> list[tuple[GridCell, list[tuple[int, list[_Line]]]]] | None:
    """Each cell of one grid row with its pieces as (item number, lines), or None when the row is one item.

    The items are anchored on the value cell with the most lines. When every split cell holds as many pieces as
    there are anchors, the i-th piece is the i-th item; when they disagree (a value missing for the last item,
    whose target is printed on the next page), each piece goes to the anchor nearest to it, and a paragraph
    wholly above the first anchor (the end of the previous page's last name) is a lead row of its own.
    """
    lines_of = {id(c): group_lines(index.inside(c.bbox), settings.line_tolerance) for c in cells}
    valued = [c for c in cells if len(lines_of[id(c)]) >= 2
              and all(_is_value_line(ln, settings) for ln in lines_of[id(c)])]
    if not valued:
        return None
    main = max(valued, key=lambda c: len(lines_of[id(c)]))
    anchors = [ln[0].top for ln in lines_of[id(main)]]
    k = len(anchors)
    all_lines = [ln for c in cells for ln in lines_of[id(c)]]
    height = statistics.median(w.bottom - w.top for ln in all_lines for w in ln)
    gaps = [b[0].top - a[0].bottom for c in cells for a, b in itertools.pairwise(lines_of[id(c)])]
    pitch_gap = statistics.median([g for g in gaps if g > -0.5 * height] or [0.0])
    split: list[tuple[GridCell, list[list[_Line]]]] = []  # cells cut into pieces, in order
    cut_cells: list[tuple[GridCell, list[list[_Line]]]] = []  # cells cut at the anchors, lead first
    whole: list[GridCell] = []
    # cells printed vertically centred (the tujuan beside the middle of the list): a lone value is centred too
    centred = any(lines_of[id(c)] and lines_of[id(c)][0][0].top > anchors[0] + 2 * height for c in cells
                  if not _is_value_line(lines_of[id(c)][0], settings) and len(lines_of[id(c)]) > 2)
    for c in cells:
        lines = lines_of[id(c)]
        if any(c is v for v in valued):
            split.append((c, [[ln] for ln in lines]))
            continue
        pieces = _numbered(lines) or _blocks(lines, height, pitch_gap)
        if (len(lines) == 1 and _is_value_line(lines[0], settings) and lines[0][0].top > anchors[0] + height
                and not centred):
            split.append((c, pieces))  # one value printed beside a later item (the others' on the page before)
            continue
        if not lines or (len(pieces) == 1 and all(ln[0].top < anchors[1] - 0.5 * height for ln in lines)):
            whole.append(c)  # beside the first item only: the context of them all
            continue
        if len(pieces) > 1:
            split.append((c, pieces))
            continue
        cut = _cut_at(lines, anchors, height)
        if cut is not None:
            cut_cells.append((c, cut))
            continue
        whole.append(c)
    if not any(not any(c is v for v in valued) for c, _ in split + cut_cells):
        return None  # values with no names to pair them with: one item with several figures
    placed: list[tuple[GridCell, list[tuple[int, list[_Line]]]]] = []
    in_order = all(len(pieces) == k for _, pieces in split)
    for c, pieces in split:
        if in_order:
            placed.append((c, list(enumerate(pieces))))
            continue
        items = _nearest(pieces, anchors, height)
        if items is None:
            return None
        placed.append((c, items))
    placed += [(c, [(j - 1, part) for j, part in enumerate(cut) if part]) for c, cut in cut_cells]
    lead = any(j < 0 for _, items in placed for j, _ in items)
    out = [(c, [(0, list(lines_of[id(c)]))]) for c in whole]
    for c, items in placed:
        merged: dict[int, list[_Line]] = {}
        for j, lines in items:
            merged.setdefault(j + lead, []).extend(lines)
        out.append((c, sorted(merged.items())))
    return out


def _nearest(
    pieces: Sequence[list[_Line]], anchors: Sequence[float], height: float
) -> list[tuple[int, list[_Line]]] | None:
    """Each piece with the item of the anchor nearest its middle (-1: a paragraph wholly above the first anchor,
    the lead). None when two value lines would land on one item."""
    out: list[tuple[int, list[_Line]]] = []
    for piece in pieces:
        top, bottom = piece[0][0].top, max(w.bottom for w in piece[-1])
        if bottom < anchors[0] - 0.3 * height:
            out.append((-1, piece))
            continue
        middle = (top + bottom) / 2
        out.append((min(range(len(anchors)), key=lambda j: abs(anchors[j] + height / 2 - middle)), piece))
    items = [j for j, _ in out]
    if any(b < a for a, b in itertools.pairwise(items)):
        return None
    if all(len(p) == 1 for p in pieces) and len(set(items)) < len(items):
        return None
    return out
