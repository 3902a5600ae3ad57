"""Ruled tables: the cell boxes drawn by strokes (pdfplumber's finder, or camelot lattice) to a `Grid`.

Columns and rows are the distinct box edges, so a "Triwulan I" box over "Target | Rp." gets `colspan=2` at the
first column it covers, and a sasaran box spanning four indicator rows lands, once, on the first of them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .layout import Grid, GridCell, PdfSettings, bbox_of, col_of, join_words, nearest, round_box, snap, words_in
from .model import BBox
from .pdfpage import PageLayer, Word


def boxes_to_grid(
    boxes: Sequence[BBox], words: Sequence[Word], page: int, settings: PdfSettings
) -> Grid | None:
    """Cell boxes of one table to a grid: columns and rows are the distinct box edges; spans fall out."""
    tol = settings.snap_tolerance
    boxes = _outermost(boxes, tol)
    xs = snap([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = snap([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) - 1 < settings.min_cols or len(ys) - 1 < settings.min_rows:
        return None
    cells = []
    for box in boxes:
        inside = words_in(words, box)
        text = join_words(inside, settings.line_tolerance)
        if not text:
            continue
        c0, c1 = nearest(xs, box[0]), nearest(xs, box[2])
        r0, r1 = nearest(ys, box[1]), nearest(ys, box[3])
        cells.append(
            GridCell(text, r0, c0, max(1, r1 - r0), max(1, c1 - c0), round_box(box), all(w.bold for w in inside))
        )
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    cells += _orphan_cells(words, boxes, bbox, xs, ys, settings)
    if not cells:
        return None
    return Grid(page, round_box(bbox), tuple(xs), tuple(sorted(cells, key=lambda c: (c.row, c.col))), ruled=True)


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
        by_col.setdefault(col_of(xs, w.xc), []).append(w)
    cells = []
    for col, ws in by_col.items():
        row = max(i for i in range(len(ys) - 1) if ys[i] <= min(w.top for w in ws) + settings.snap_tolerance)
        cells.append(
            GridCell(
                join_words(ws, settings.line_tolerance), row, col, 1, 1, bbox_of(ws), all(w.bold for w in ws)
            )
        )
    return cells


def ruled_grids(layer: PageLayer, settings: PdfSettings) -> list[Grid]:
    """The tables drawn by a page's strokes, each turned into a grid.

    Only strokes of objects lying wholly on the page count: browser prints draw page-sized background boxes that
    run off the page and would otherwise swallow the real table into one giant cell.
    """
    grids = [boxes_to_grid(cells, layer.words, layer.number, settings) for cells in ruled_cells(layer, settings)]
    return [g for g in grids if g is not None]


def ruled_cells(layer: PageLayer, settings: PdfSettings) -> list[list[BBox]]:
    """The cell boxes of each ruled table: pdfplumber's table finder (default settings, "lines" strategy) run on
    the edges of the page layer, so the cells are the ones pdfplumber's `find_tables` gives."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    edges = [
        {
            "x0": e.x0,
            "x1": e.x1,
            "top": e.top,
            "bottom": e.bottom,
            "width": e.x1 - e.x0,
            "height": e.bottom - e.top,
            "orientation": e.orientation,
            "object_type": f"{e.kind}_edge" if e.kind != "line" else "line",
        }
        for e in layer.edges(inside=True)
    ]
    edges = filter_edges(edges, "v", min_length=1) + filter_edges(edges, "h", min_length=1)
    tol = settings.snap_tolerance
    edges = filter_edges(merge_edges(edges, tol, tol, 3, 3), min_length=3)
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    return [list(group) for group in cells_to_tables(cells)]


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
