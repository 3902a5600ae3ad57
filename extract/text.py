"""Tab-separated text renditions of PDFs: markup debris out, tables found, headers and page furniture skipped.

A rendition is a stream of lines. Lines holding tabs are table rows (one field per cell); everything else is
narrative, headings, running page titles, or now and then a table row whose cells lost their tabs and came out
one per line. Runs of tab lines are blocks; a block continues the previous table when only page furniture stands
between them (running titles, repeated headers), and starts a new one after a caption or a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .headers import (
    DOC_TITLE_RE,
    INDIKATOR,
    SASARAN,
    TARGET,
    TUJUAN,
    URAIAN,
    header_role,
    header_run,
    header_signature,
    is_column_number_row,
)
from .model import Cell, ExtractedDocument, Row, Segment, Table

_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_TEXT_CMD_RE = re.compile(r"\\(?:text|mathrm|textbf|mathbf)\{([^{}]*)\}")
_FRAC_RE = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_MATH_RE = re.compile(r"\$([^$]*)\$")
_HEADING_RE = re.compile(r"^\s*#{1,6}\s+")
_CAPTION_RE = re.compile(r"^\s*tabel\s+\d", re.IGNORECASE)
_SECTION_RE = re.compile(r"^\s*(?:bab\s+[ivx\d]+\b|(?:\d+\.){1,3}\d*\s+\S)", re.IGNORECASE)
_NUMERIC_TOKENS_RE = re.compile(r"^[\d.,%\s]+$")


def _math_to_text(expr: str) -> str:
    expr = _TEXT_CMD_RE.sub(r"\1", expr)
    expr = _FRAC_RE.sub(r"(\1) / (\2)", expr)
    expr = expr.replace("\\times", "×").replace("\\cdot", "·").replace("\\%", "%")
    return " ".join(expr.replace("\\", "").split())


def clean_markup(text: str) -> str:
    """Strip the markdown, HTML and LaTeX a PDF-to-text converter leaves in cells; keep the words."""
    text = _TAG_RE.sub("", text)
    text = _MATH_RE.sub(lambda m: _math_to_text(m.group(1)), text)
    text = _HEADING_RE.sub("", text)
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split())


def is_title_line(raw: str) -> bool:
    """Headings, bold lines and all-caps lines: running page titles and captions, not table content."""
    stripped = raw.strip()
    if _HEADING_RE.match(stripped) or (stripped.startswith("**") or stripped.endswith("**")):
        return True
    letters = [ch for ch in stripped if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) / len(letters) > 0.9


def _is_narrative(text: str) -> bool:
    """A sentence or paragraph: the text between two separate tables, never page furniture."""
    words = text.split()
    return len(text) >= 200 or (len(words) >= 8 and text.rstrip().endswith((".", ":")))


@dataclass
class _Block:
    rows: list[Row]
    gap: list[tuple[int, str]] = field(default_factory=list)
    """The non-tab lines (line number, raw text) between the previous block and this one."""


def _row_from_fields(fields: list[str], line: int) -> Row | None:
    cells = tuple(
        Cell(text=text, col=col, line=line, line_last=line)
        for col, raw in enumerate(fields)
        if (text := clean_markup(raw))
    )
    return Row(cells) if cells else None


def _blocks(lines: list[str]) -> tuple[list[_Block], list[tuple[int, str]]]:
    blocks: list[_Block] = []
    gap: list[tuple[int, str]] = []
    current: _Block | None = None
    for number, raw in enumerate(lines, start=1):
        row = _row_from_fields(raw.split("\t"), number) if "\t" in raw else None
        if row is None:
            current = None
            gap.append((number, raw))
            continue
        if current is None:
            current = _Block(rows=[], gap=gap)
            blocks.append(current)
            gap = []
        current.rows.append(row)
    return blocks, gap


def _column_number_strays(row: Row) -> Row | None:
    """A column-number row that swallowed a data cell: the stray cells, else None if it is a clean one."""
    numeric = [c for c in row.cells if c.text.isdigit() and len(c.text) <= 2]
    if len(numeric) >= 5 and len(numeric) >= 0.75 * len(row.cells) and len(numeric) < len(row.cells):
        return Row(tuple(c for c in row.cells if c not in numeric))
    return None


def _gap_breaks_table(gap: list[tuple[int, str]]) -> bool:
    texts = [clean_markup(raw) for _, raw in gap if raw.strip()]
    return len(gap) > 40 or any(
        _CAPTION_RE.match(t) or _SECTION_RE.match(t) or _is_narrative(t) for t in texts
    )


def _gap_row(gap: list[tuple[int, str]]) -> Row | None:
    """A table row printed one cell per line between two blocks of the same table (lost its tabs)."""
    cells: list[Cell] = []
    for number, raw in gap:
        if not raw.strip() or is_title_line(raw):
            continue
        text = clean_markup(raw)
        parts = text.split() if _NUMERIC_TOKENS_RE.match(text) else [text]
        for part in parts:
            cells.append(Cell(text=part, col=len(cells), line=number, line_last=number))
    return Row(tuple(cells)) if len(cells) >= 2 else None


def _caption(gap: list[tuple[int, str]]) -> str:
    """The table's caption: the title lines nearest above it, read top-down."""
    picked: list[str] = []
    for _, raw in reversed(gap):
        if not raw.strip():
            continue
        text = clean_markup(raw)
        if _is_narrative(text) or not (is_title_line(raw) or _CAPTION_RE.match(text)):
            break
        picked.append(text)
        if len(picked) >= 6 or _CAPTION_RE.match(text):
            break
    return " ".join(reversed(picked))


def _is_running_title(row: Row) -> bool:
    """A page title printed inside the table area ("RENCANA AKSI KANTOR KECAMATAN …"), not a program row."""
    return len(row.cells) == 1 and bool(DOC_TITLE_RE.match(row.cells[0].text)) and is_title_line(row.cells[0].text)


def tables_from_lines(lines: list[str]) -> list[Table]:
    """Find every table in a rendition's lines, merging page-split parts and dropping repeated headers."""
    blocks, _ = _blocks(lines)
    tables: list[Table] = []
    current: Table | None = None
    for block in blocks:
        start = header_run(block.rows, 0)
        header, body = block.rows[:start], block.rows[start:]
        if current is not None and not _gap_breaks_table(block.gap):
            segment = current.segments[-1]
            gap_row = _gap_row(block.gap)
            if gap_row is not None:
                segment.rows.append(gap_row)
            if header and header_signature(header) != header_signature(segment.header):
                current.segments.append(Segment(header=header))
        elif header:
            current = Table(segments=[Segment(header=header)], index=len(tables), title=_caption(block.gap))
            tables.append(current)
        else:
            current = None  # rows with no header and nothing to continue: not a table we can read
            continue
        _add_body(current, body)
    return tables


def _is_header_debris(row: Row) -> bool:
    """A garbled repeat of the header mixed with data cells: two or more main header phrases in one body row."""
    anchors = 0
    for cell in row.cells:
        role = header_role(cell.text)
        if role is not None and role.role in (SASARAN, URAIAN, INDIKATOR, TARGET, TUJUAN):
            anchors += 1
    return anchors >= 2


def _add_body(table: Table, rows: list[Row]) -> None:
    i = 0
    while i < len(rows):
        row = rows[i]
        end = header_run(rows, i)
        if end > i:
            header = rows[i:end]
            if header_signature(header) != header_signature(table.segments[-1].header):
                table.segments.append(Segment(header=header))
            i = end
            continue
        i += 1
        if is_column_number_row(row) or _is_running_title(row) or _is_header_debris(row):
            continue
        strays = _column_number_strays(row)
        table.segments[-1].rows.append(strays if strays is not None else row)


def read_tab_text(text: str) -> ExtractedDocument:
    """Read a tab-separated rendition into the neutral table model."""
    lines = text.splitlines()
    tables = tables_from_lines(lines)
    loose = [clean_markup(raw) for raw in lines if "\t" not in raw and raw.strip()]
    return ExtractedDocument(tables=tables, text_lines=loose, extractor="text-tsv")
