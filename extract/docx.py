"""Word originals (.docx, python-docx): the tables in body order, their merged cells, and the paragraphs around them.

A Word table is a grid written down: each row's cells (`w:tc`) cover `gridSpan` grid columns, a cell merged
downwards starts with `vMerge="restart"` and is continued by empty `vMerge` cells below. They become the same
`Cell`s a ruled PDF gives: a spanned cell once, on the first row and grid column it covers, with its `colspan`;
the rows it reaches down to carry nothing in that column. The paragraphs of a cell are joined with spaces (Word
users break lines inside cells by hand, and the normaliser rejoins words broken that way). A table nested in a
cell is read as a table of its own, after the table holding it.

Stages: `open_docx` → `body_blocks` (paragraphs and tables in reading order, nested tables after their parent)
→ `table_rows` (grid rows with spans, each cell named `C5` the way Word names table cells) → `read_docx`
(header found, caption from the paragraphs above, header-less tables kept as text for the title block).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .model import Cell, ExtractedDocument, Row, Segment, Table, UnreadableDocument
from .office import body_rows, cell_ref, header_length

EXTRACTOR = "docx"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_WRAPPERS = (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag")
"""Content controls and custom XML wrap paragraphs, rows and cells without changing what they are."""
_SKIPPED = (f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom")
"""Text boxes float outside the text flow (and Word writes each twice: the drawing and its VML fallback);
deleted text under tracked changes was never meant to be read."""
_CAPTION_RE = re.compile(r"^\s*tabel\s+\d", re.IGNORECASE)


@dataclass
class _WordTable:
    """One `w:tbl` as read: its position among the document's tables, rows of cells, and the tables in its cells."""

    index: int
    rows: list[Row]
    marked_header: int
    nested: list[Any] = field(default_factory=list)


def open_docx(data: bytes) -> Any:
    """Open .docx bytes with python-docx; a damaged package raises `UnreadableDocument` with the reason."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise UnreadableDocument(f"damaged Word document ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a part that is not well-formed XML
        raise UnreadableDocument(f"damaged Word document ({type(exc).__name__}: {exc})") from exc


def _children(element: Any) -> Iterator[Any]:
    """Child elements, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _text(element: Any) -> str:
    """The visible text of a paragraph: runs, tabs and line breaks as spaces, non-breaking hyphens kept."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _val(parent: Any, tag: str) -> str | None:
    """The `w:val` of a property child, "" when the child is there without one, None when absent."""
    if parent is None:
        return None
    child = parent.find(f"{_W}{tag}")
    if child is None:
        return None
    return child.get(f"{_W}val", "")


def _int(text: str | None, default: int) -> int:
    """A grid count as written (`2`); producers that write `2.0` or nothing get the default reading."""
    try:
        return int(float(text)) if text else default
    except ValueError:
        return default


def table_rows(tbl: Any, index: int, counter: list[int]) -> _WordTable:
    """A `w:tbl` to model rows: grid columns from `gridBefore`/`gridSpan`, vertically merged continuations left
    out, each cell named by Word's A1 reference; nested tables collected (numbered after this one)."""
    out = _WordTable(index, [], 0)
    marking = True
    for r, tr in enumerate((c for c in _children(tbl) if c.tag == _TR), start=1):
        tr_pr = tr.find(f"{_W}trPr")
        col = _int(_val(tr_pr, "gridBefore"), 0)
        header_flag = _val(tr_pr, "tblHeader")
        if marking and header_flag is not None and header_flag not in ("0", "false", "off"):
            out.marked_header += 1
        else:
            marking = False
        cells: list[Cell] = []
        for tc in (c for c in _children(tr) if c.tag == _TC):
            tc_pr = tc.find(f"{_W}tcPr")
            span = max(1, _int(_val(tc_pr, "gridSpan"), 1))
            merge = _val(tc_pr, "vMerge")
            paragraphs = []
            for block in _children(tc):
                if block.tag == _P:
                    paragraphs.append(_text(block))
                elif block.tag == _TBL:
                    counter[0] += 1
                    out.nested.append(table_rows(block, counter[0], counter))
            text = _clean(" ".join(paragraphs))
            if text and merge in (None, "restart"):
                cells.append(Cell(text=text, col=col, colspan=span, ref=cell_ref(r, col)))
            col += span
        if cells:
            out.rows.append(Row(tuple(cells)))
    return out


@dataclass
class _Block:
    paragraph: str | None = None
    table: _WordTable | None = None


def body_blocks(body: Any) -> list[_Block]:
    """The body's paragraphs and tables in reading order; a nested table right after the table holding it."""
    blocks: list[_Block] = []
    counter = [-1]

    def emit(table: _WordTable) -> None:
        blocks.append(_Block(table=table))
        for inner in table.nested:
            emit(inner)

    for child in _children(body):
        if child.tag == _P:
            blocks.append(_Block(paragraph=_clean(_text(child))))
        elif child.tag == _TBL:
            counter[0] += 1
            emit(table_rows(child, counter[0], counter))
    return blocks


def _is_sentence(text: str) -> bool:
    words = text.split()
    return len(text) >= 200 or (len(words) >= 8 and text.rstrip().endswith((".", ":", ";")))


def caption(paragraphs: list[str]) -> str:
    """The table's caption: up to three non-empty paragraphs right above it, stopping at a sentence."""
    picked: list[str] = []
    for text in reversed(paragraphs):
        if not text:
            continue
        if _is_sentence(text) or len(picked) >= 3:
            break
        picked.append(text)
        if _CAPTION_RE.match(text):
            break
    return " ".join(reversed(picked))


def read_docx(data: bytes, name: str = "") -> ExtractedDocument:
    """Read a Word document's tables into the neutral model; raise `UnreadableDocument` when it cannot be opened."""
    document = open_docx(data)
    tables: list[Table] = []
    lines: list[str] = []
    above: list[str] = []
    for block in body_blocks(document.element.body):
        if block.paragraph is not None:
            if block.paragraph:
                lines.append(block.paragraph)
            above.append(block.paragraph)
            continue
        word = block.table
        assert word is not None
        n_head = header_length(word.rows, word.marked_header)
        if n_head == 0 or n_head >= len(word.rows):
            # a layout table (signatures, "Nama : …"): its text is part of the title block, not a table
            lines.extend(" ".join(row.texts()) for row in word.rows)
            above = []
            continue
        tables.append(
            Table(
                segments=[Segment(header=word.rows[:n_head], rows=body_rows(word.rows[n_head:]))],
                index=word.index,
                title=caption(above),
            )
        )
        above = []
    return ExtractedDocument(tables=tables, text_lines=lines, extractor=EXTRACTOR, pages=None)
