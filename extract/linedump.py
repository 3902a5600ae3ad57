"""One-cell-per-line dumps (seed 004): every wrapped line of every cell on a line of its own.

The only firm landmark in such a dump is the line where the unit, the annual target and the first quarter label
share a baseline (`Persen 100 TW I`), followed by `TW II`…`TW IV` and the four quarterly values. Everything
between one record's values and the next landmark is: the previous record's penanggung jawab, then the next
record's name, indicator and formula cells. Cells are told apart by how the PDF text layer wrapped them: a line
that ends in a space was wrapped inside a cell, a line without one ends its cell, unless the next line finishes a
word broken across the wrap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..normalize.words import Vocabulary, joins_across_break
from .model import Cell, ExtractedDocument, Row, Segment, Table

_ANCHOR_RE = re.compile(
    r"^(?P<pre>.*?)\s*(?P<target>[-+]?\d[\d.,]*(?:\s*\([^)]*\))?)\s+TW\s*(?:I|1)\s*$", re.IGNORECASE
)
_TW_LABEL_RE = re.compile(r"^TW\s*(?:II|III|IV|[2-4])\s*$", re.IGNORECASE)
_VALUE_RE = re.compile(r"^[-–]$|^[-+]?\d[\d.,\s]*(?:%|\s*\([^)]*\))?$")
_PJ_START_RE = re.compile(
    r"^(?:seksi|sub\s*bagian|subbag|kasubag|kasubbag|kasi|sekretaris|sekcam|camat|kepala|bidang|staf)\b",
    re.IGNORECASE,
)
_INDICATOR_START_RE = re.compile(
    r"^(?:Jumlah|Persentase|Presentase|Prosentase|Cakupan|Nilai|Indeks|Rasio|Tingkat|Angka|Rata-rata)\b"
)
# The columns the dump's cells are laid into, as a header the normaliser reads like any printed one.
COLUMNS = (
    "Uraian",
    "Indikator Kinerja",
    "Formulasi",
    "Satuan",
    "Target",
    "Triwulan I",
    "Triwulan II",
    "Triwulan III",
    "Triwulan IV",
    "Penanggung Jawab",
)
_URAIAN, _INDIKATOR, _FORMULA, _SATUAN, _TARGET, _TW1, _PJ = 0, 1, 2, 3, 4, 5, 9


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    wrapped: bool
    """The line ended in a space: the cell goes on on the next line."""


def looks_like_line_dump(text: str) -> bool:
    """At least two `… <target> TW I` landmarks followed by `TW II` on the next non-blank line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    hits = sum(
        1 for a, b in pairwise(lines) if _ANCHOR_RE.match(a) and _TW_LABEL_RE.match(b)
    )
    return hits >= 2


def _is_furniture(text: str) -> bool:
    """Page titles and the repeated all-caps header ("SASARAN PROGRAM KEGIATAN", "TARGET PROGRES")."""
    if _ANCHOR_RE.match(text) or _TW_LABEL_RE.match(text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 10 and sum(ch.isupper() for ch in letters) / len(letters) > 0.9


def _cells_from_lines(lines: list[_Line], vocab: Vocabulary) -> list[tuple[str, int, int]]:
    """Group wrapped lines into cells: (text, first line, last line)."""
    cells: list[tuple[str, int, int]] = []
    text, first = "", 0
    for i, line in enumerate(lines):
        if not text:
            text, first = line.text, line.number
        elif joins_across_break(text.split()[-1], line.text.split()[0], vocab):
            text += line.text  # a word broken by the wrap: `Listrik/Peneranga` + `n Bangunan`
        else:
            text += " " + line.text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        ends = not line.wrapped
        if nxt is not None and ends and joins_across_break(line.text.split()[-1], nxt.text.split()[0], vocab):
            ends = False
        if nxt is not None and not ends and text.startswith("Program") and _INDICATOR_START_RE.match(nxt.text):
            ends = True  # program names are set bold and keep their trailing space
        if ends or nxt is None:
            cells.append((text, first, line.number))
            text = ""
    return cells


def _split_pj(cells: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """The leading penanggung jawab cell(s) of the lines after a record's values, and the rest."""
    if cells and _PJ_START_RE.match(cells[0][0]):
        return cells[:1], cells[1:]
    return [], cells


def read_line_dump(text: str) -> ExtractedDocument:
    """Read a one-cell-per-line dump into one table under a header naming the columns the dump implies."""
    raw_lines = text.splitlines()
    vocab = Vocabulary.from_texts(raw_lines)
    lines = [
        _Line(number, raw.strip(), raw.endswith(" "))
        for number, raw in enumerate(raw_lines, start=1)
        if raw.strip()
    ]
    furniture = [ln.text for ln in lines if _is_furniture(ln.text)]
    lines = [ln for ln in lines if not _is_furniture(ln.text)]

    header = Row(tuple(Cell(text=name, col=col) for col, name in enumerate(COLUMNS)))
    rows: list[Row] = []
    pending: list[_Line] = []
    previous: list[Cell] | None = None
    i = 0
    while i < len(lines):
        m = _ANCHOR_RE.match(lines[i].text)
        labels = lines[i + 1 : i + 4]
        if not (m and len(labels) == 3 and all(_TW_LABEL_RE.match(ln.text) for ln in labels)):
            pending.append(lines[i])
            i += 1
            continue
        anchor = lines[i]
        values = lines[i + 4 : i + 8]
        cells = _cells_from_lines(pending, vocab)
        pj, cells = _split_pj(cells) if previous is not None else ([], cells)
        if previous is not None and pj:
            previous.append(Cell(text=pj[0][0], col=_PJ, line=pj[0][1], line_last=pj[0][2]))
        if previous is not None:
            rows.append(Row(tuple(sorted(previous, key=lambda c: c.col))))

        record: list[Cell] = []
        pre = m.group("pre").split()
        satuan = pre[-1] if pre else ""
        rest = " ".join(pre[:-1])
        if rest:
            cells.append((rest, anchor.number, anchor.number))
        for col, (cell_text, first, last) in zip((_URAIAN, _INDIKATOR, _FORMULA), cells):
            record.append(Cell(text=cell_text, col=col, line=first, line_last=last))
        if len(cells) > 3:  # more cells than columns: keep the words, in the formula column
            extra = " ".join(c[0] for c in cells[3:])
            record[-1] = Cell(text=f"{record[-1].text} {extra}", col=_FORMULA, line=record[-1].line,
                              line_last=cells[-1][2])
        if satuan:
            record.append(Cell(text=satuan, col=_SATUAN, line=anchor.number, line_last=anchor.number))
        record.append(Cell(text=m.group("target"), col=_TARGET, line=anchor.number, line_last=anchor.number))
        for q, value in enumerate(values):
            if _VALUE_RE.match(value.text):
                record.append(Cell(text=value.text, col=_TW1 + q, line=value.number, line_last=value.number))
        previous = record
        pending = []
        i += 4 + sum(1 for v in values if _VALUE_RE.match(v.text))
    if previous is not None:
        pj, _rest = _split_pj(_cells_from_lines(pending, vocab))
        if pj:
            previous.append(Cell(text=pj[0][0], col=_PJ, line=pj[0][1], line_last=pj[0][2]))
        rows.append(Row(tuple(sorted(previous, key=lambda c: c.col))))

    tables = [Table(segments=[Segment(header=[header], rows=rows)], index=0, title=" ".join(furniture[:1]))]
    return ExtractedDocument(
        tables=tables if rows else [],
        text_lines=[ln.strip() for ln in raw_lines if ln.strip()],
        extractor="text-lines",
    )
