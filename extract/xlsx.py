"""Excel originals (.xlsx, openpyxl): every visible sheet's performance tables, values as Excel last saved them.

A workbook stores, for each formula cell, the formula and the value Excel computed when it last saved the file.
kinerja reads the values (`data_only=True`), never evaluates a formula, and says which formula cells have no saved
value (a file written by a program that does not calculate). Merged ranges are spread the way spanned PDF cells are:
the value once, on the range's first visible row and column, with the range's visible width as its `colspan`.
Hidden rows, hidden columns and hidden sheets are not printed, so they are not read; a sheet's empty trailing
area is never visited. A sheet may hold several tables: a table starts at a header row and ends at two empty rows
or at the next header; cells beyond its header's columns (helper calculations beside a form) are left out and
counted in a warning. Every cell is named by its reference (`P13`) on its sheet.

Stages: `open_workbook` → `uncached_formulas` (a streaming read-only pass) → per sheet `sheet_rows` (visible
rows of cells) → `sheet_tables` (header, body, caption) → `read_xlsx`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .headers import header_role, header_run, header_signature, is_column_number_row, is_subheader_row
from .model import Cell, ExtractedDocument, Row, Segment, Table, UnreadableDocument
from .office import body_rows, number_text

EXTRACTOR = "xlsx"

_FORMULA_NUMBERING_RE = re.compile(r"^\(?\d{1,2}\)?(?:\s*[=+\-x×*/:]\s*\(?\d{1,2}\)?)*(?:\s*[x×*]\s*100\s*%?)?$")
"""A column-number cell that also states the column's formula: `13 = 9 + 10 + 11 + 12`, `15 = 14 / 6 x 100`."""


@dataclass(frozen=True)
class SheetRow:
    """One visible sheet row: its number on the sheet and its cells (None for an empty row)."""

    number: int
    row: Row | None


def open_workbook(data: bytes) -> Any:
    """Open .xlsx bytes for their saved values; a damaged file raises `UnreadableDocument` with the reason."""
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, BadZipFile, lxml and its own errors for broken parts
        raise UnreadableDocument(f"damaged Excel workbook ({type(exc).__name__}: {exc})") from exc


_UNSAVED_RE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?"
                         rb"\s*</(?:\w+:)?c>")
"""A formula element closing its cell with no value after it (or an empty one): the mark of a formula cell
without a saved value in a worksheet part."""


def may_hold_unsaved_formulas(data: bytes) -> bool:
    """Whether any worksheet part could hold a formula without a saved value: a quick look at the XML that lets
    the exact (second) pass be skipped for the usual workbook, saved by Excel with every value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            return any(_UNSAVED_RE.search(archive.read(n)) for n in parts)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return True


def uncached_formulas(data: bytes, wanted: dict[str, set[tuple[int, int]]]) -> dict[str, dict[tuple[int, int], str]]:
    """The formulas of the `wanted` cells (per sheet: (row, column) of cells without a saved value), read in
    openpyxl's streaming read-only mode so that a large workbook is not held twice."""
    import openpyxl

    found: dict[str, dict[tuple[int, int], str]] = {}
    if not any(wanted.values()) or not may_hold_unsaved_formulas(data):
        return found
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return found
    try:
        for title, cells in wanted.items():
            if not cells:
                continue
            top = max(r for r, _ in cells)
            for row in book[title].iter_rows(min_row=min(r for r, _ in cells), max_row=top):
                for cell in row:
                    key = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if key in cells and isinstance(cell.value, str) and cell.value.startswith("="):
                        found.setdefault(title, {})[key] = cell.value
                    elif key in cells and cell.data_type == "f":
                        found.setdefault(title, {})[key] = str(getattr(cell.value, "text", cell.value))
    finally:
        book.close()
    return found


def _text(cell: Any) -> str:
    """A cell's saved value as text the normaliser reads: strings as typed (line breaks as spaces), numbers the
    Indonesian way with a percent format kept, dates as ISO dates, errors (`#DIV/0!`) as shown."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.replace("\u00a0", " ").split())
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, percent="%" in (cell.number_format or ""))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _hidden_columns(ws: Any) -> set[int]:
    hidden: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            hidden.update(range(dim.min, (dim.max or dim.min) + 1))
    return hidden


def used_extent(ws: Any) -> tuple[int, int]:
    """The last row and column holding a value or a merged range: formatting alone (borders drawn down to row
    1000, a coloured column) makes `max_row` large, and that empty trailing area is never visited."""
    cells = getattr(ws, "_cells", None)  # openpyxl keeps the cells it read by (row, column)
    if cells is None:
        return ws.max_row, ws.max_column
    rows = [r for (r, _), cell in cells.items() if cell.value is not None]
    cols = [c for (_, c), cell in cells.items() if cell.value is not None]
    for rng in ws.merged_cells.ranges:
        rows.append(rng.min_row)
        cols.append(rng.min_col)
    return (max(rows, default=0), max(cols, default=0))


def sheet_rows(ws: Any) -> tuple[list[SheetRow], set[tuple[int, int]]]:
    """A sheet's visible rows as model rows (columns numbered over the visible ones), and the (row, column) of
    empty cells, to look up which of them are formulas without a saved value."""
    from openpyxl.utils import get_column_letter

    max_row, max_col = used_extent(ws)
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols = _hidden_columns(ws)
    visible_cols = [c for c in range(1, max_col + 1) if c not in hidden_cols]
    position = {c: i for i, c in enumerate(visible_cols)}
    anchors: dict[tuple[int, int], tuple[int, int, int]] = {}  # anchor (row, col) → top-left (row, col), colspan
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        rows = [r for r in range(rng.min_row, rng.max_row + 1) if r not in hidden_rows]
        cols = [c for c in range(rng.min_col, rng.max_col + 1) if c not in hidden_cols]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                covered.add((r, c))
        if rows and cols:
            anchors[(rows[0], cols[0])] = (rng.min_row, rng.min_col, len(cols))
    out: list[SheetRow] = []
    empty: set[tuple[int, int]] = set()
    for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
        if r in hidden_rows:
            continue
        found: list[Cell] = []
        for c in visible_cols:
            source_r, source_c, span = r, c, 1
            if (r, c) in anchors:
                source_r, source_c, span = anchors[(r, c)]
            elif (r, c) in covered:
                continue
            cell = cells[c - 1] if source_r == r and source_c == c else ws.cell(source_r, source_c)
            text = _text(cell)
            if not text:
                if cell.value is None:
                    empty.add((source_r, source_c))
                continue
            ref = f"{get_column_letter(source_c)}{source_r}"
            found.append(Cell(text=text, col=position[c], colspan=span, ref=ref))
        out.append(SheetRow(r, Row(tuple(found)) if found else None))
    return out, empty


def _is_formula_numbering(row: Row) -> bool:
    """A column-number row whose cells may also state formulas (`13 = 9 + 10 + 11 + 12`)."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return len(texts) >= 3 and all(_FORMULA_NUMBERING_RE.match(t) for t in texts) and texts[0].strip("()") in "12"


def _is_unit_subheader(row: Row) -> bool:
    """Sub-columns under quarter groups: `K`, `%`, `Rp.` and the like, all short."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return len(texts) >= 2 and all(t.lower().rstrip(".") in ("k", "%", "rp", "rp.", "fisik", "keu") for t in texts)


def _numbering(row: Row) -> bool:
    return is_column_number_row(row, under_header=True) or _is_formula_numbering(row)


def _anchored_header(rows: Sequence[Row], start: int) -> int:
    """Forms whose long header phrases the vocabulary does not know ("Target Renstra Perangkat Daerah Pada Tahun
    2030 (Akhir Periode …)"): rows of three or more cells, one of them a header phrase, directly above a
    column-number row. Returns the end of those rows and the number row, or `start` when there is no such run."""
    k = start
    while k < len(rows) and k < start + 4 and not _numbering(rows[k]):
        if len(rows[k].cells) < 3 and k == start:
            return start
        k += 1
    if k == start or k >= len(rows) or not _numbering(rows[k]):
        return start
    if not any(header_role(c.text) is not None for row in rows[start:k] for c in row.cells):
        return start
    return k + 1


def header_end(rows: Sequence[Row], start: int) -> int:
    """End of the header rows beginning at `start` (== start when none): the vocabulary's header rows (or the rows
    above a column-number row), then any column-number rows (formulas included) and sub-column rows under them."""
    end = max(header_run(list(rows), start), _anchored_header(rows, start))
    if end == start:
        return start
    while end < len(rows) and (
        _numbering(rows[end])
        or is_subheader_row(rows[end])
        or _is_unit_subheader(rows[end])
    ):
        end += 1
    return end


@dataclass
class _Building:
    table: Table
    first_col: int
    last_col: int
    blanks: int = 0


def _extent(header: Sequence[Row]) -> tuple[int, int]:
    cells = [c for row in header for c in row.cells]
    return min(c.col for c in cells), max(c.col + c.colspan - 1 for c in cells)


def sheet_tables(
    title: str, rows: list[SheetRow], first_index: int
) -> tuple[list[Table], list[str], list[str]]:
    """A sheet's tables (header, body, caption), its loose text lines, and warnings for cells left out."""
    tables: list[Table] = []
    lines: list[str] = []
    warnings: list[str] = []
    above: list[str] = []
    current: _Building | None = None
    outside: list[str] = []
    present = [sr.row for sr in rows if sr.row is not None]
    numbers = [sr.number for sr in rows if sr.row is not None]
    gaps = {}
    previous = 0
    for sr in rows:
        if sr.row is None:
            previous += 1
        else:
            gaps[sr.number] = previous
            previous = 0
    i = 0
    while i < len(present):
        row = present[i]
        end = header_end(present, i)
        if current is not None and gaps[numbers[i]] >= 2:
            current = None  # two empty rows end a table
        if end > i:
            header = present[i:end]
            if current is not None and header_signature(header) == header_signature(current.table.header):
                i = end  # the header printed again (a form pasted twice, or print titles copied in)
                continue
            first, last = _extent(header)
            caption = " ".join(above[-3:])
            current = _Building(
                Table(segments=[Segment(header=list(header))], index=first_index + len(tables), title=caption,
                      sheet=title),
                first, last,
            )
            tables.append(current.table)
            above = []
            i = end
            continue
        i += 1
        if current is None:
            text = " ".join(row.texts())
            lines.append(text)
            above.append(text)
            continue
        kept = [c for c in row.cells if current.first_col <= c.col <= current.last_col]
        outside.extend(c.ref or "" for c in row.cells if c not in kept)
        if kept:
            clipped = Row(tuple(replace(c, colspan=min(c.colspan, current.last_col - c.col + 1)) for c in kept))
            current.table.segments[-1].rows.extend(body_rows([clipped]))
        if len(kept) < len(row.cells) and not kept:
            lines.append(" ".join(row.texts()))
    if outside:
        shown = ", ".join(outside[:5]) + (" …" if len(outside) > 5 else "")
        warnings.append(f"sheet {title!r}: {len(outside)} cell(s) beside the table, under no header, not read "
                        f"({shown})")
    return tables, lines, warnings


def read_xlsx(data: bytes, name: str = "") -> ExtractedDocument:
    """Read a workbook's performance tables into the neutral model; raise `UnreadableDocument` when it cannot
    be opened."""
    book = open_workbook(data)
    label = f"{name}: " if name else ""
    tables: list[Table] = []
    lines: list[str] = []
    warnings: list[str] = []
    empties: dict[str, set[tuple[int, int]]] = {}
    try:
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                warnings.append(f"{label}sheet {ws.title!r} is hidden; not read")
                continue
            rows, empty = sheet_rows(ws)
            empties[ws.title] = empty
            found, text, notes = sheet_tables(ws.title, rows, len(tables))
            tables.extend(found)
            lines.extend(text)
            warnings.extend(label + n for n in notes)
    finally:
        book.close()
    from openpyxl.utils import get_column_letter

    for title, formulas in uncached_formulas(data, empties).items():
        refs = [f"{get_column_letter(c)}{r}" for r, c in sorted(formulas)]
        first = formulas[min(formulas)]
        warnings.append(
            f"{label}sheet {title!r}: {len(refs)} formula cell(s) without a saved value, read as empty "
            f"({', '.join(refs[:5])}{' …' if len(refs) > 5 else ''}; e.g. {first}); the workbook was saved by a "
            "program that does not calculate: open it in Excel or LibreOffice and save it again"
        )
    return ExtractedDocument(tables=tables, text_lines=lines, extractor=EXTRACTOR, pages=None, warnings=warnings)
