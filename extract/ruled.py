"""Ruled tables: the cell boxes drawn by strokes (pdfplumber's finder rules, or camelot lattice) to a `Grid`.

Columns and rows are the distinct box edges, so a "Triwulan I" box over "Target | Rp." gets `colspan=2` at the
first column it covers, and a sasaran box spanning four indicator rows lands, once, on the first of them.
"""

from __future__ import annotations

import bisect
import io
import itertools
import logging
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .layout import (
    Grid,
    GridCell,
    PdfSettings,
    WordIndex,
    bbox_of,
    col_of,
    group_lines,
    join_words,
    min_confidence,
    nearest,
    round_box,
    snap,
    words_in,
)
from .model import BBox
from .pdfpage import Box, Edge, PageLayer, Word


def boxes_to_grid(
    boxes: Sequence[BBox], words: Sequence[Word] | WordIndex, page: int, settings: PdfSettings,
    rules: Sequence[BBox] = (),
    verticals: Sequence[BBox] = (),
) -> Grid | None:
    """Cell boxes of one table to a grid: columns and rows are the distinct box edges; spans fall out.

    `rules` are the page's horizontal strokes: words in a column left open (no right or left border) are cut
    into cells where a rule crosses that column. `verticals` are its vertical strokes: where the table's column
    rules run on below its last horizontal rule (the last row of a page printed below the final rule), the rows
    down to their end belong to the table."""
    index = words if isinstance(words, WordIndex) else WordIndex(words)
    tol = settings.snap_tolerance
    boxes = _outermost(boxes, tol)
    xs = snap([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _without_strips(snap([b[1] for b in boxes] + [b[3] for b in boxes], tol), xs, index)
    if len(xs) - 1 < settings.min_cols or len(ys) - 1 < settings.min_rows:
        return None
    hanging = [v[3] for v in verticals if v[1] <= ys[-1] + tol < v[3] - tol
               and any(abs((v[0] + v[2]) / 2 - x) <= tol for x in xs)]
    if len(hanging) >= 2:
        ys = [*ys, max(hanging)]
    cells = []
    covered: set[int] = set()
    for box in boxes:
        inside = index.inside(box)
        covered.update(id(w) for w in inside)
        text = join_words(inside, settings.line_tolerance)
        if not text:
            continue
        c0, c1 = nearest(xs, box[0]), nearest(xs, box[2])
        r0, r1 = nearest(ys, box[1]), nearest(ys, box[3])
        parts = _banded(inside, xs, c0, c1, tol) if c1 - c0 >= 3 else None
        for col, ws in parts or [(c0, inside)]:
            span = max(1, c1 - c0) if parts is None else 1
            cells.append(
                GridCell(
                    join_words(ws, settings.line_tolerance), r0, col, max(1, r1 - r0), span,
                    round_box(box if parts is None else bbox_of(ws)), all(w.bold for w in ws), min_confidence(ws),
                )
            )
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    cells += _orphan_cells(index, covered, bbox, xs, ys, settings, rules)
    if not cells:
        return None
    return Grid(page, round_box(bbox), tuple(xs), tuple(sorted(cells, key=lambda c: (c.row, c.col))), ruled=True)


_AMOUNT_RE = re.compile(r"^(?:Rp\.?\s*)?[-(]?\d[\d.,\s]*%?\)?,?-?$", re.IGNORECASE)


def _banded(
    words: Sequence[Word], xs: Sequence[float], c0: int, c1: int, tol: float
) -> list[tuple[int, list[Word]]] | None:
    """The words of a box spanning several columns, per column, when it is a row of a banded table (shaded
    rows drawn, the white rows between them only whitespace inside the frame) or a totals row (`J u m l a h`
    over the first columns, a sum under each value column): every word inside one column, two columns or more
    holding an amount. The words left of the first amount are one cell (the row's name or label). None when it
    is a real spanning cell (a section title, a sentence running across the columns)."""
    by_col: dict[int, list[Word]] = {}
    for w in words:
        col = max(c0, min(c1 - 1, bisect.bisect_right(xs, w.xc) - 1))
        if w.x0 < xs[col] - tol or w.x1 > xs[col + 1] + tol:
            return None
        by_col.setdefault(col, []).append(w)
    amounts = [col for col, ws in by_col.items() if _AMOUNT_RE.match(" ".join(w.text for w in ws))]
    if len(amounts) < 2:
        return None
    first = min(amounts)
    label = [w for col, ws in sorted(by_col.items()) if col < first for w in ws]
    out = [(min(by_col), label)] if label else []
    return out + sorted((col, ws) for col, ws in by_col.items() if col >= first)


def _without_strips(ys: list[float], xs: Sequence[float], index: WordIndex) -> list[float]:
    """Row edges without the thin empty strips a shaded table leaves between its rows (Word's cell padding drawn
    over some columns only): a strip thinner than half a line, holding no word, joins the row below it, so the
    cells of one printed row are on one grid row whether their shading starts at the strip or under it."""
    if len(ys) < 3:
        return ys
    heights = [w.bottom - w.top for w in index.inside((xs[0], ys[0], xs[-1], ys[-1]))]
    if not heights:
        return ys
    thin = 0.6 * statistics.median(heights)
    out = [ys[0]]
    for k in range(1, len(ys) - 1):
        if ys[k] - out[-1] < thin and not index.inside((xs[0], out[-1], xs[-1], ys[k])):
            continue
        out.append(ys[k])
    out.append(ys[-1])
    return out


def _outermost(boxes: Sequence[BBox], tol: float, size: float = 48.0) -> list[BBox]:
    """Boxes not lying inside another one: Word draws shading boxes per text line inside a cell's border, and a
    cell read twice (whole and line by line) would put its words into the table twice.

    A box holding another holds its centre, so each box is only tested against the boxes registered in the
    bucket of its centre: linear in boxes for a page of cells, not quadratic."""

    def inside(a: BBox, b: BBox) -> bool:
        return a != b and b[0] - tol <= a[0] and b[1] - tol <= a[1] and a[2] <= b[2] + tol and a[3] <= b[3] + tol

    buckets: dict[tuple[int, int], list[BBox]] = {}
    for b in boxes:
        for gx in range(math.floor((b[0] - tol) / size), math.floor((b[2] + tol) / size) + 1):
            for gy in range(math.floor((b[1] - tol) / size), math.floor((b[3] + tol) / size) + 1):
                buckets.setdefault((gx, gy), []).append(b)
    out = []
    for a in boxes:
        key = (math.floor((a[0] + a[2]) / 2 / size), math.floor((a[1] + a[3]) / 2 / size))
        if not any(inside(a, b) for b in buckets.get(key, ())):
            out.append(a)
    return out


def _orphan_cells(
    index: WordIndex,
    covered: set[int],
    bbox: BBox,
    xs: Sequence[float],
    ys: Sequence[float],
    settings: PdfSettings,
    rules: Sequence[BBox] = (),
) -> list[GridCell]:
    """Words inside a table but in no closed box: one cell per column and per stretch between the horizontal
    rules crossing that column (a last column drawn without its right border still has its row rules), on the
    grid row where the words start; without rules (a spanned cell left open at a page break) one cell.
    `covered`: ids of the words the boxes hold."""
    loose = [w for w in index.inside(bbox) if id(w) not in covered]
    by_col: dict[tuple[int, int], list[Word]] = {}
    for w in loose:
        cuts = sum(1 for r in rules if r[0] <= w.xc <= r[2] and (r[1] + r[3]) / 2 < w.yc)
        by_col.setdefault((col_of(xs, w.xc), cuts), []).append(w)
    cells = []
    for (col, _), ws in by_col.items():
        top = min(w.top for w in ws)  # an OCR box may start above the table's top rule: row 0 then
        row = max((i for i in range(len(ys) - 1) if ys[i] <= top + settings.snap_tolerance), default=0)
        cells.append(
            GridCell(
                join_words(ws, settings.line_tolerance), row, col, 1, 1, bbox_of(ws), all(w.bold for w in ws),
                min_confidence(ws),
            )
        )
    return cells


def ruled_grids(layer: PageLayer, settings: PdfSettings) -> list[Grid]:
    """The tables drawn by a page's strokes, each turned into a grid.

    Only strokes of objects lying wholly on the page count: browser prints draw page-sized background boxes that
    run off the page and would otherwise swallow the real table into one giant cell.
    """
    layer = without_tiles(layer)
    index = WordIndex(layer.words)
    edges = layer.edges(inside=True)
    rules = [(e.x0, e.top, e.x1, e.bottom) for e in edges if e.orientation == "h"]
    verticals = _vertical_strokes(layer)
    grids = [
        boxes_to_grid(cells, index, layer.number, settings, rules, verticals) for cells in ruled_cells(layer, settings)
    ]
    ink = _visible_strokes(layer)
    return [g for g in grids if g is not None and any(_overlaps(s, g.bbox) for s in ink)]


def _visible_strokes(layer: PageLayer) -> list[BBox]:
    """Every stroke that prints: lines, curves and rectangles other than white fills. A table drawn only with
    white cell backgrounds (Word's invisible borders) is unruled on paper and is read from its whitespace."""
    out = [(e.x0, e.top, e.x1, e.bottom) for e in layer.lines]
    out += [(r.x0, r.top, r.x1, r.bottom) for r in layer.rects if not _white(r)]
    for pts in layer.curves:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _vertical_strokes(layer: PageLayer) -> list[BBox]:
    """Drawn vertical rules: lines, and rectangles a rule thick and taller than wide (Word's cell borders)."""
    out = [(e.x0, e.top, e.x1, e.bottom) for e in layer.lines if e.orientation == "v"]
    out += [(r.x0, r.top, r.x1, r.bottom) for r in layer.rects
            if r.x1 - r.x0 <= _RULE_WIDTH < r.bottom - r.top and not _white(r)]
    return out


# --- shading drawn as tiles ------------------------------------------------------------------------------------

_RULE_WIDTH = 2.0
"""Points: a filled rectangle at most this thick is a rule drawn as a rectangle (Word and Excel draw borders so)."""
_TILE_GAP = 1.2
"""Points: same-coloured fills this close, edge to edge, are tiles of one shaded region."""


def _white(box: Box) -> bool:
    return box.colour is not None and min(box.colour) >= 250


def _shading(rects: Sequence[Box]) -> list[Box]:
    """The shading of a page: coloured, unstroked fills thicker than a rule, and thin fills in one of their
    colours (the strips Word puts between a cell's line tiles, invisible on the shading). White fills are no
    shading: Word draws cell backgrounds with them, and at a page break they are what closes a cell."""
    coloured = [r for r in rects if r.filled and not r.stroked and r.colour is not None and not _white(r)]
    thick = [r for r in coloured if min(r.x1 - r.x0, r.bottom - r.top) > _RULE_WIDTH]
    colours = {r.colour for r in thick}
    thin = [r for r in coloured if min(r.x1 - r.x0, r.bottom - r.top) <= _RULE_WIDTH and r.colour in colours]
    return thick + thin


def without_tiles(layer: PageLayer) -> PageLayer:
    """The page with its tiled shading replaced by the shaded regions the tiles make up.

    Word and Excel exports shade a cell with one fill per text line, per padding strip and per gap; every tile's
    sides would become a grid line (phantom 5-pt columns, one header row per text line)."""
    fills = _shading(layer.rects)
    if not fills:
        return layer
    tile_ids = {id(f) for f in fills}
    rules = [(r.x0, r.top, r.x1, r.bottom) for r in layer.rects if id(r) not in tile_ids and not _white(r)]
    rules += [(e.x0, e.top, e.x1, e.bottom) for e in layer.lines]
    regions = merge_tiles(fills, layer.words, rules)
    if len(regions) == len(fills):
        return layer
    rects = [r for r in layer.rects if id(r) not in tile_ids]
    rects += [Box(*region, True, False, fills[0].colour) for region in regions]
    return replace(layer, rects=rects)


def merge_tiles(
    fills: Sequence[Box], words: Sequence[Word] = (), rules: Sequence[BBox] = ()
) -> list[BBox]:
    """Shaded regions from their tiles, per colour. Tiles inside one another are one region; so are tiles edge to
    edge along a full side (stacked lines of one cell; a padding strip beside the text) unless a drawn rule parts
    them. Two tiles with text side by side stay two cells (Excel's banded rows have no vertical rules: the tiles
    are the columns); fills of different colours stay apart."""
    by_colour: dict[tuple[int, int, int] | None, list[list[float]]] = {}
    for f in fills:
        by_colour.setdefault(f.colour, []).append([f.x0, f.top, f.x1, f.bottom])
    out: list[BBox] = []
    for boxes in by_colour.values():
        out += [(b[0], b[1], b[2], b[3]) for b in _merged(boxes, words, rules)]
    return out


def _merged(boxes: list[list[float]], words: Sequence[Word], rules: Sequence[BBox]) -> list[list[float]]:
    """Repeated sweeps, each joining every box with the first earlier region it lies in or continues."""
    tol = 0.6

    def has_text(b: list[float]) -> bool:
        return bool(words_in(words, (b[0], b[1], b[2], b[3])))

    def parted(gap: tuple[float, float, float, float]) -> bool:
        """A drawn rule crosses the seam between two tiles."""
        return any(r[0] <= gap[2] and gap[0] <= r[2] and r[1] <= gap[3] and gap[1] <= r[3] for r in rules)

    def joins(a: list[float], b: list[float]) -> bool:
        if b[0] - tol <= a[0] and b[1] - tol <= a[1] and a[2] <= b[2] + tol and a[3] <= b[3] + tol:
            return True
        if a[0] - tol <= b[0] and a[1] - tol <= b[1] and b[2] <= a[2] + tol and b[3] <= a[3] + tol:
            return True
        same_rows = abs(a[1] - b[1]) <= tol and abs(a[3] - b[3]) <= tol
        same_cols = abs(a[0] - b[0]) <= tol and abs(a[2] - b[2]) <= tol
        if same_rows and (-tol <= b[0] - a[2] <= _TILE_GAP or -tol <= a[0] - b[2] <= _TILE_GAP):
            left, right = (a, b) if a[0] < b[0] else (b, a)
            gap = (left[2] - tol, max(a[1], b[1]) + 1, right[0] + tol, min(a[3], b[3]) - 1)
            return not (has_text(a) and has_text(b)) and not parted(gap)
        if same_cols and (-tol <= b[1] - a[3] <= _TILE_GAP or -tol <= a[1] - b[3] <= _TILE_GAP):
            upper, lower = (a, b) if a[1] < b[1] else (b, a)
            return not parted((max(a[0], b[0]) + 1, upper[3] - tol, min(a[2], b[2]) - 1, lower[1] + tol))
        return False

    while True:
        out: list[list[float]] = []
        for box in sorted(boxes, key=lambda b: (b[1], b[0])):
            for region in out:
                if joins(box, region):
                    region[:] = [min(box[0], region[0]), min(box[1], region[1]), max(box[2], region[2]),
                                 max(box[3], region[3])]
                    break
            else:
                out.append(list(box))
        if len(out) == len(boxes):
            return out
        boxes = out




def ruled_cells(layer: PageLayer, settings: PdfSettings) -> list[list[BBox]]:
    """The cell boxes of each ruled table on a page, from the strokes of objects lying wholly on it."""
    return cells_from_edges(layer.edges(inside=True), settings.snap_tolerance, frame_sides=True)


# pdfplumber's table finder ("lines" strategy, default settings), rewritten over tuples with sorted lookups: the
# same cells in the same order, but a page of thousands of drawn cell borders costs seconds less (its point-by-
# point search for the smallest cell rescans every later point, and the grouping of cells into tables rescans
# every remaining cell).
_JOIN = 3.0
_INTERSECT = 3.0
_MIN_LENGTH = 3.0

_Seg = tuple[float, float, float, float]
"""An edge as (x0, top, x1, bottom)."""


def cells_from_edges(edges: Sequence[Edge], snap_tolerance: float, frame_sides: bool = False) -> list[list[BBox]]:
    """Strokes → merged edges → intersections → cells → tables (lists of cell boxes), as pdfplumber's
    `find_tables` gives them; with `frame_sides`, the sides of a frame Word did not draw are added first."""
    v = [(e.x0, e.top, e.x1, e.bottom) for e in edges if e.orientation == "v" and e.bottom - e.top >= 1]
    h = [(e.x0, e.top, e.x1, e.bottom) for e in edges if e.orientation == "h" and e.x1 - e.x0 >= 1]
    v = _snap_edges(v, 0, snap_tolerance)
    h = _snap_edges(h, 1, snap_tolerance)
    h = [s for s in _join_edges(h, 1) if s[2] - s[0] >= _MIN_LENGTH]
    v = [s for s in _join_edges(v, 0) if s[3] - s[1] >= _MIN_LENGTH]
    if frame_sides:
        v += _frame_sides(v, h)
    return _cells_to_tables(_intersections_to_cells(_intersections(v, h)))


_OVERHANG = 5.0


def _frame_sides(v: list[_Seg], h: list[_Seg]) -> list[_Seg]:
    """The left and right sides of a table whose frame is drawn without them: when two or more row rules that
    cross a column rule run on to the same end past every column rule, that end is the table's side (Word
    pages where only the first page's shaded header closes the frame; without it the No and Target columns
    of the continuation page are lost)."""
    out: list[_Seg] = []
    for end in (0, 2):
        groups: dict[float, list[_Seg]] = {}
        for seg in h:
            crossing = [x for x, top, _, bottom in v
                        if seg[0] < x < seg[2] and top - _INTERSECT <= seg[1] <= bottom + _INTERSECT]
            if not crossing:
                continue
            nearest = min(crossing) if end == 0 else max(crossing)
            if abs(seg[end] - nearest) > _OVERHANG:
                groups.setdefault(round(seg[end]), []).append(seg)
        for x, segs in groups.items():
            if any(abs(vx - segs[0][end]) <= _INTERSECT for vx, _, _, _ in v):
                continue  # rules ending on a column rule broken there: an inner column, not a missing side
            for run in _linked_runs(sorted(segs, key=lambda s: s[1]), v):
                top, bottom = run[0][1], run[-1][1]
                if len(run) < 2 or any(abs(vx - x) <= _INTERSECT and vt <= top + _INTERSECT
                                       and vb >= bottom - _INTERSECT for vx, vt, _, vb in v):
                    continue
                out.append((run[0][end], top, run[0][end], bottom))
    return out


def _linked_runs(segs: list[_Seg], v: list[_Seg]) -> list[list[_Seg]]:
    """Row rules (top to bottom) cut into runs of one table: consecutive rules joined by a column rule."""
    runs: list[list[_Seg]] = []
    for seg in segs:
        last = runs[-1][-1] if runs else None
        if last is not None and any(
            max(seg[0], last[0]) < x < min(seg[2], last[2])
            and top - _INTERSECT <= last[1] and bottom + _INTERSECT >= seg[1]
            for x, top, _, bottom in v
        ):
            runs[-1].append(seg)
        else:
            runs.append([seg])
    return runs


def _snap_edges(segs: list[_Seg], axis: int, tolerance: float) -> list[_Seg]:
    """Edges whose position (x0 of a vertical, top of a horizontal) chain within `tolerance` move to their mean
    (pdfplumber's `snap_objects`, with its arithmetic, so equal positions stay exactly equal)."""
    if not segs or tolerance <= 0:
        return list(segs)
    values = sorted({s[axis] for s in segs})
    cluster_of: dict[float, int] = {}
    k, last = -1, None
    for value in values:
        if last is None or value > last + tolerance:
            k += 1
        cluster_of[value] = k
        last = value
    clusters: list[list[_Seg]] = [[] for _ in range(k + 1)]
    for s in segs:
        clusters[cluster_of[s[axis]]].append(s)
    out = []
    for cluster in clusters:
        avg = sum(s[axis] for s in cluster) / len(cluster)
        for x0, top, x1, bottom in cluster:
            if axis == 0:
                d = avg - x0
                out.append((x0 + d, top, x1 + d, bottom))
            else:
                d = avg - top
                out.append((x0, top + d, x1, bottom + d))
    return out


def _join_edges(segs: list[_Seg], axis: int) -> list[_Seg]:
    """Edges on one line that overlap or nearly meet become one (pdfplumber's `join_edge_group`)."""
    lo, hi = (1, 3) if axis == 0 else (0, 2)
    out: list[_Seg] = []
    by_line = sorted(segs, key=lambda s: s[axis])
    for _, group in itertools.groupby(by_line, key=lambda s: s[axis]):
        ordered = sorted(group, key=lambda s: s[lo])
        joined = [ordered[0]]
        for s in ordered[1:]:
            last = joined[-1]
            if s[lo] <= last[hi] + _JOIN:
                if s[hi] > last[hi]:
                    grown = list(last)
                    grown[hi] = s[hi]
                    joined[-1] = (grown[0], grown[1], grown[2], grown[3])
            else:
                joined.append(s)
        out.extend(joined)
    return out


def _intersections(v: list[_Seg], h: list[_Seg]) -> dict[tuple[float, float], tuple[set[_Seg], set[_Seg]]]:
    """Points where a vertical and a horizontal edge meet (within the tolerance), with the edges meeting there."""
    h_sorted = sorted(h, key=lambda s: s[1])
    tops = [s[1] for s in h_sorted]
    points: dict[tuple[float, float], tuple[set[_Seg], set[_Seg]]] = {}
    for seg in v:
        x, top, _, bottom = seg
        lo = bisect.bisect_left(tops, top - _INTERSECT)
        hi = bisect.bisect_right(tops, bottom + _INTERSECT)
        for hs in h_sorted[lo:hi]:
            meets = top <= hs[1] + _INTERSECT and bottom >= hs[1] - _INTERSECT
            if meets and hs[0] - _INTERSECT <= x <= hs[2] + _INTERSECT:
                vs_hs = points.setdefault((x, hs[1]), (set(), set()))
                vs_hs[0].add(seg)
                vs_hs[1].add(hs)
    return points


def _intersections_to_cells(points: dict[tuple[float, float], tuple[set[_Seg], set[_Seg]]]) -> list[BBox]:
    """For each point (in x, then y order) the smallest cell it is the top-left corner of: the first point below
    and the first point to the right joined to it by an edge whose far corner closes the box (pdfplumber's
    `intersections_to_cells`)."""
    ordered = sorted(points)
    column: dict[float, list[tuple[float, float]]] = {}
    row: dict[float, list[tuple[float, float]]] = {}
    for pt in ordered:
        column.setdefault(pt[0], []).append(pt)
        row.setdefault(pt[1], []).append(pt)
    position_in_column = {pt: i for pts in column.values() for i, pt in enumerate(pts)}
    position_in_row = {pt: i for pts in row.values() for i, pt in enumerate(pts)}
    cells: list[BBox] = []
    for pt in ordered:
        vs, hs = points[pt]
        below = column[pt[0]][position_in_column[pt] + 1 :]
        right = row[pt[1]][position_in_row[pt] + 1 :]
        found = None
        for b in below:
            if vs.isdisjoint(points[b][0]):
                continue
            for r in right:
                if hs.isdisjoint(points[r][1]):
                    continue
                corner = (r[0], b[1])
                far = points.get(corner)
                if far is not None and not far[0].isdisjoint(points[r][0]) and not far[1].isdisjoint(points[b][1]):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells touching at a corner form one table (pdfplumber's `cells_to_tables`: the same tables, cells in the
    same order), tables ordered top to bottom then left to right; a lone cell is no table."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(i)
    tables = []
    for members in sorted(groups.values(), key=lambda m: m[0]):
        tables.append([cells[i] for i in _pass_order(members, cells)])
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _pass_order(members: list[int], cells: list[BBox]) -> list[int]:
    """The order pdfplumber appends a table's cells: sweeps over the remaining cells in their order, each taking
    every cell that touches the corners gathered so far."""
    corners: set[tuple[float, float]] = set()
    remaining = list(members)
    order: list[int] = []
    while remaining:
        left = []
        for i in remaining:
            x0, top, x1, bottom = cells[i]
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not order or any(c in corners for c in own):
                corners.update(own)
                order.append(i)
            else:
                left.append(i)
        if len(left) == len(remaining):
            break  # cannot happen for a connected group; guards against looping forever
        remaining = left
    return order


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


def split_stacked_rows(grid: Grid, words: Sequence[Word], settings: PdfSettings) -> Grid:
    """A ruled row holding a list (bullets in the indicator cell, one short value per bullet in the target cell,
    no rule between them) split into one grid row per item.

    The items are anchored on the value cell: two or more short lines (`1 Dokumen`, `67%`) standing apart one
    below the other. Another cell of the row is cut at the anchors only when a line of it starts at every
    anchor (the bullets); a paragraph that merely runs past them (the sasaran) stays whole on the first item.
    """
    index = WordIndex(words)
    rows: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell)
    out: list[GridCell] = []
    shift = 0
    for r in sorted(rows):
        cells = rows[r]
        lines_of = {id(c): group_lines(index.inside(c.bbox), settings.line_tolerance) for c in cells}
        anchors: list[float] = []
        for c in cells:
            lines = lines_of[id(c)]
            texts = [" ".join(w.text for w in ln) for ln in lines]
            if len(lines) >= 2 and all(len(t) <= settings.short_value_chars and len(t.split()) <= 2 for t in texts):
                height = statistics.median(w.bottom - w.top for ln in lines for w in ln)
                gaps = [b[0].top - a[0].bottom for a, b in itertools.pairwise(lines)]
                if min(gaps) > 0.6 * height and len(lines) > len(anchors):
                    anchors = [ln[0].top for ln in lines]
        if len(anchors) < 2:
            out += [replace(c, row=c.row + shift) for c in cells]
            continue
        height = statistics.median(w.bottom - w.top for c in cells for ln in lines_of[id(c)] for w in ln)
        for c in cells:
            lines = lines_of[id(c)]
            starts = [ln[0].top for ln in lines]
            aligned = all(any(abs(s - a) <= 0.5 * height for s in starts) for a in anchors[1:])
            if not aligned:
                out.append(replace(c, row=c.row + shift))
                continue
            for k, top in enumerate(anchors):
                upper = anchors[k + 1] - 0.5 * height if k + 1 < len(anchors) else float("inf")
                lower = top - 0.5 * height if k else float("-inf")
                part = [w for ln in lines if lower <= ln[0].top < upper for w in ln]
                if part:
                    out.append(replace(
                        c, text=join_words(part, settings.line_tolerance), row=c.row + shift + k, rowspan=1,
                        bbox=round_box(bbox_of(part)), confidence=min_confidence(part),
                    ))
        shift += len(anchors) - 1
    return replace(grid, cells=tuple(sorted(out, key=lambda c: (c.row, c.col))))
