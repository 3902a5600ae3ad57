"""The neutral table model every extractor produces and the normaliser reads.

A text dump, a born-digital PDF and an OCR'd scan all end up as the same thing: tables made of rows made of
cells, where every cell remembers where it was printed (line numbers for text, page and box for PDFs). The
normaliser never needs to know which extractor ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points (pdfplumber's convention)."""


@dataclass(frozen=True)
class Cell:
    """One printed cell: its text, its column on the grid, and where it came from."""

    text: str
    col: int
    colspan: int = 1
    line: int | None = None
    line_last: int | None = None
    page: int | None = None
    bbox: BBox | None = None
    ref: str | None = None
    """Where an office original holds the cell: `D17` on its sheet, or `C5` of its Word table (Word's own A1
    convention); the top-left cell of a merged range."""
    confidence: float | None = None
    """OCR confidence (0-1) of the cell's least sure word; None for text read from a text layer or a file."""

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Row:
    """One physical row of a table; cells are sorted by column and never empty."""

    cells: tuple[Cell, ...]

    @property
    def line(self) -> int | None:
        lines = [c.line for c in self.cells if c.line is not None]
        return min(lines) if lines else None

    @property
    def page(self) -> int | None:
        pages = [c.page for c in self.cells if c.page is not None]
        return min(pages) if pages else None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    """A logical table: header rows (possibly several levels) and body rows, possibly over many pages.

    `header` holds the header rows as first printed; later repetitions are dropped by the extractor. A table
    that continues on a new page under a different header keeps that header as a `Segment`, so the
    normaliser can read each part under its own columns.
    """

    segments: list[Segment]
    index: int = 0
    title: str = ""
    """The caption or nearest heading above the table ("Tabel 2.3 PERJANJIAN KINERJA ...")."""
    sheet: str | None = None
    """The Excel sheet the table is on."""

    @property
    def rows(self) -> list[Row]:
        return [row for seg in self.segments for row in seg.rows]

    @property
    def header(self) -> list[Row]:
        return self.segments[0].header if self.segments else []

    @property
    def page(self) -> int | None:
        for row in self.rows:
            if row.page is not None:
                return row.page
        return None


@dataclass
class Segment:
    """A run of body rows read under one header (the header may be inherited from the previous segment)."""

    header: list[Row]
    rows: list[Row] = field(default_factory=list)


@dataclass
class ExtractedDocument:
    """What an extractor hands to the normaliser: the tables, plus the loose text for the title block."""

    tables: list[Table]
    text_lines: list[str]
    """Every line of text outside the tables, in reading order, for metadata (title, kecamatan, year)."""
    extractor: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


class UnreadableDocument(Exception):
    """The source cannot be read at all (not a PDF, encrypted, truncated, empty, an old office format); the
    message says why."""
