"""One extracted document in, its rows for the `documents`, `indicators` and `periods` datasets out.

The one normaliser for every source: it reads the neutral table model, so text dumps, PDFs and OCR output are
treated alike. Every value keeps its printed text (`*_raw`, `raw`), its line or page, and any repair or warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..extract import headers as h
from ..extract.model import Cell, ExtractedDocument, Table
from .align import ORDINAL_RE, best_layout, is_code
from .coding import code_row, confident_level, split_printed_code
from .columns import Layout, build_layout
from .evidence import reconcile
from .matching import Matcher
from .metadata import DocumentMetadata, read_metadata, table_kind
from .numbers import NumberKind, NumberStyle, infer_style, number_style
from .records import Draft, new_state, records_from_rows, strip_numbering
from .triwulan import read_triwulan
from .units import unit_from_cells
from .values import Value, clean_satuan, is_grade, parse_value
from .words import Vocabulary, repair_words

Row = dict[str, Any]

UNPLACED = "unplaced"
"""The role of a cell that fits no column of its row (drawn in its own colour by the page view)."""


@dataclass(frozen=True)
class CellUse:
    """Which indicator row a printed cell went to, and as what (a column role, `measure:period`, or unplaced).

    Not written to the datasets: the page view (`kinerja inspect`) draws it over the page."""

    table_index: int
    row_index: int
    role: str
    cell: Cell


@dataclass
class NormalizedDocument:
    metadata: DocumentMetadata
    indicators: list[Row] = field(default_factory=list)
    periods: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: list[CellUse] = field(default_factory=list)


@dataclass
class _Finisher:
    """Turns drafts into output rows; holds what every row of a document shares."""

    doc_id: str
    vocab: Vocabulary
    out: NormalizedDocument
    matcher: Matcher | None
    bidang: tuple[str, ...] = ()
    extractor: str = ""
    """What read the document (`pdf`, `text`, `docx`, …); rows read from a page image say `ocr`."""

    def text(self, raw: str) -> str | None:
        cleaned = strip_numbering(repair_words(raw, self.vocab)) if raw else ""
        if ORDINAL_RE.match(cleaned):
            return None  # only a list number was printed there
        return cleaned or None

    def value(self, raw: str, kind: NumberKind, where: str, notes: list[str], repairs: list[str]) -> Value:
        value = parse_value(raw, kind)
        if value.warning:
            notes.append(f"{where}: {value.warning}")
        if value.repair:
            repairs.append(value.repair)
        return value

    def finish(self, draft: Draft, table_index: int, row_index: int, kind: str, sheet: str | None = None) -> None:
        notes: list[str] = []
        repairs: list[str] = []
        line = min(draft.lines) if draft.lines else None
        refs = _cell_refs(draft)
        if line is not None:
            where = f"line {line}"
        elif refs:
            where = f"cell {refs[0]}"
        else:
            where = f"table {table_index} row {row_index}"
        ctx = {k: self.text(v) if v else None for k, v in draft.context.items()}
        level = draft.level
        is_sasaran = bool(level) and (level.startswith("sasaran") or level == "tujuan")
        name_raw = draft.text(draft.name_role)
        kode_raw, name_text = split_printed_code(name_raw) if draft.name_role == h.URAIAN else (None, name_raw)
        kode_raw = _code_column(draft) or kode_raw
        name = self.text(name_text) or ctx.get("name")
        own_sasaran = None
        if not is_sasaran and draft.name_role == h.URAIAN:
            own_sasaran = self.text(draft.text(h.SASARAN)) or ctx.get("band_sasaran")

        target = self._first_value(draft, (h.TARGET, h.TARGET_AKHIR), NumberKind.GENERIC, where, notes, repairs)
        realisasi = self._first_value(draft, (h.REALISASI,), NumberKind.GENERIC, where, notes, repairs)
        capaian = self._first_value(draft, (h.CAPAIAN,), NumberKind.PERCENT, where, notes, repairs)
        anggaran = self._first_value(draft, (h.ANGGARAN,), NumberKind.MONEY, where, notes, repairs)

        period_rows = self._periods(draft, table_index, row_index, where, notes, repairs)
        satuan = clean_satuan(repair_words(draft.text(h.SATUAN), self.vocab)) or (
            repair_words(target.satuan, self.vocab) if target and target.satuan else None)
        if satuan is None:
            units = {p["satuan"] for p in period_rows if p["measure"] == "target" and p["satuan"]}
            satuan = units.pop() if len(units) == 1 else None
        if satuan is None and target is not None:
            satuan = draft.units.get(h.TARGET) or draft.units.get(h.TARGET_AKHIR)  # `Target (%)`
        uses = self.out.cells
        uses.extend(CellUse(table_index, row_index, role, c) for role, cs in draft.cells.items() for c in cs)
        uses.extend(CellUse(table_index, row_index, f"{pc.measure}:{pc.period or 'TW'}", pc.cell)
                    for pc in draft.periods)
        uses.extend(CellUse(table_index, row_index, UNPLACED, c) for c in draft.unplaced)
        for cell in draft.unplaced:
            text = cell.text if len(cell.text) <= 120 else cell.text[:117] + "..."
            where_cell = f"line {cell.line}" if cell.line else (f"cell {cell.ref}" if cell.ref else f"page {cell.page}")
            notes.append(f"{where_cell}: cell {text!r} fits no column")

        row = {
                "doc_id": self.doc_id,
                "table_index": table_index,
                "row_index": row_index,
                "table_kind": kind,
                "page": min(draft.pages) if draft.pages else None,
                "bbox": draft.bbox(),
                "line": line,
                "line_last": max(draft.lines) if draft.lines else None,
                "sheet": sheet,
                "cell_range": _a1_range(refs),
                "kecamatan": draft.context.get("kecamatan"),
                "level": level,
                "tujuan": self.text(draft.text(h.TUJUAN)) or ctx.get("tujuan"),
                "sasaran": name if is_sasaran else (own_sasaran or ctx.get("sasaran")),
                "program": ctx.get("program") if level in ("kegiatan", "sub_kegiatan", None) else None,
                "kegiatan": ctx.get("kegiatan") if level in ("sub_kegiatan", None) else None,
                "uraian": None if is_sasaran else name,
                "uraian_raw": None if is_sasaran else (name_raw or None),
                "indikator": self.text(draft.text(h.INDIKATOR)),
                "indikator_raw": draft.text(h.INDIKATOR) or None,
                "satuan": satuan,
                "target": target.value if target else None,
                "target_raw": target.raw if target else None,
                "target_label": (target.label if target else None) or _quarter_label(period_rows),
                "realisasi": realisasi.value if realisasi else None,
                "realisasi_raw": realisasi.raw if realisasi else None,
                "realisasi_label": realisasi.label if realisasi else None,
                "capaian": capaian.value if capaian else None,
                "capaian_raw": capaian.raw if capaian else None,
                "anggaran": anggaran.value if anggaran else None,
                "anggaran_raw": anggaran.raw if anggaran else None,
                "penanggung_jawab": self.text(draft.text(h.PENANGGUNG_JAWAB)),
                "penjelasan": self.text(draft.text(h.PENJELASAN)),
                "formula": self.text(draft.text(h.FORMULA)),
                "sumber_data": self.text(draft.text(h.SUMBER_DATA)),
                "other_columns": _other_columns(draft),
                "repairs": repairs,
                "warnings": notes,
                "extractor": "ocr" if _ocr_cells(draft) else self.extractor,
                "confidence": _lowest_confidence(draft),
            }
        if kode_raw is not None:
            row["kode_raw"] = kode_raw
        if self.matcher is not None:
            code_row(row, self.matcher, self.bidang or None)
            note = row.get("kode_match_note") or ""
            if "disagrees" in note or "not in the nomenclature" in note:
                self.out.warnings.append(f"{where}: {note}")
        self.out.indicators.append(row)
        self.out.periods.extend(period_rows)
        self.out.warnings.extend(notes)

    def _first_value(self, draft: Draft, roles: tuple[str, ...], kind: NumberKind, where: str,
                     notes: list[str], repairs: list[str]) -> Value | None:
        for role in roles:
            for cell in draft.cells.get(role, []):
                if cell.text.strip():
                    return self.value(cell.text, kind, where, notes, repairs)
        return None

    def _periods(self, draft: Draft, table_index: int, row_index: int, where: str,
                 notes: list[str], repairs: list[str]) -> list[Row]:
        rows: list[Row] = []
        seen: set[tuple] = set()
        for pc in draft.periods:
            kind = NumberKind.MONEY if pc.measure == "anggaran" else NumberKind.GENERIC
            if pc.period is None:
                pairs = [(f"TW{q.quarter}", q.value) for q in read_triwulan(pc.cell.text, kind)]
                for _, v in pairs:
                    if v.warning:
                        notes.append(f"{where}: {v.warning}")
                    if v.repair:
                        repairs.append(v.repair)
            else:
                pairs = [(pc.period, self.value(pc.cell.text, kind, where, notes, repairs))]
            for period, v in pairs:
                if (period, pc.measure, v.raw, pc.cell.line, pc.cell.page, pc.cell.col) in seen:
                    continue  # the same printed cell reached the row twice
                seen.add((period, pc.measure, v.raw, pc.cell.line, pc.cell.page, pc.cell.col))
                rows.append(
                    {
                        "doc_id": self.doc_id,
                        "table_index": table_index,
                        "row_index": row_index,
                        "period": period,
                        "measure": pc.measure,
                        "value": v.value,
                        "raw": v.raw,
                        "label": v.label,
                        "satuan": v.satuan or (pc.unit if v.value is not None else None),
                        "page": pc.cell.page,
                        "line": pc.cell.line,
                        "repair": v.repair,
                        "cell_ref": pc.cell.ref,
                        "bbox": list(pc.cell.bbox) if pc.cell.bbox is not None else None,
                        "confidence": pc.cell.confidence,
                    }
                )
        return rows


_A1_RE = re.compile(r"^([A-Z]+)(\d+)$")


def _cell_refs(draft: Draft) -> list[str]:
    """The office cell references (`D17`) of every cell the row was read from, in reading order."""
    cells = [c for cs in draft.cells.values() for c in cs] + [p.cell for p in draft.periods] + draft.unplaced
    cells += [c for _, c in draft.other]
    refs = {c.ref for c in cells if c.ref}
    return sorted(refs, key=_a1_key)


def _a1_key(ref: str) -> tuple[int, int, str]:
    m = _A1_RE.match(ref)
    if not m:
        return (0, 0, ref)
    return (int(m.group(2)), len(m.group(1)), m.group(1))


def _a1_range(refs: list[str]) -> str | None:
    """`F13:AG14`: the rectangle covering a row's cells, as a spreadsheet user types it into the Name Box."""
    parts = [m.groups() for r in refs if (m := _A1_RE.match(r))]
    if not parts:
        return None
    cols = sorted({c for c, _ in parts}, key=lambda c: (len(c), c))
    rows = sorted(int(r) for _, r in parts)
    first, last = f"{cols[0]}{rows[0]}", f"{cols[-1]}{rows[-1]}"
    return first if first == last else f"{first}:{last}"


def _quarter_label(periods: list[Row]) -> str | None:
    """A grade printed only in the quarter cells (`TW II 87,92 (Baik)`) is the row's grade too: the latest one."""
    labelled = [p for p in periods if p["measure"] == "target" and p["label"] and is_grade(p["label"])]
    return labelled[-1]["label"] if labelled else None


def _other_columns(draft: Draft) -> list[dict[str, str]]:
    """The row's cells in columns kinerja has no role for, one entry per printed header, text as printed."""
    by_header: dict[str, list[str]] = {}
    for header, cell in draft.other:
        by_header.setdefault(header, []).append(" ".join(cell.text.split()))
    return [{"header": header, "text": " ".join(texts)} for header, texts in by_header.items()]


def _code_column(draft: Draft) -> str | None:
    """The code printed in a column of its own ("Kode"; one part per cell in some forms: `1` | `02` | `01` |
    `2.01`), or in the No column, as one dotted code; None when the row prints none."""
    cells = draft.cells.get(h.KODE) or [c for c in draft.cells.get(h.NO, []) if is_code(c.text.strip())]
    # within a cell a break without a dot is a line wrapped inside a part ("1.02.01.2.01.00" / "01")
    parts = [re.sub(r"\s+", "", re.sub(r"\s*\.\s*", ".", c.text.strip().strip("."))) for c in cells]
    return ".".join(p for p in parts if p) or None


_VALUE_ROLES = (h.TARGET, h.TARGET_AKHIR, h.REALISASI, h.CAPAIAN, h.ANGGARAN, h.SATUAN)


def _ocr_cells(draft: Draft) -> bool:
    return any(c.confidence is not None for cells in draft.cells.values() for c in cells)


def _lowest_confidence(draft: Draft) -> float | None:
    """The lowest OCR confidence of a row's values (targets, budgets, units, period values), so a user can filter
    rows whose numbers the recogniser was unsure of; None when nothing of the row was OCR'd."""
    cells = [c for role in _VALUE_ROLES for c in draft.cells.get(role, [])] + [p.cell for p in draft.periods]
    found = [c.confidence for c in cells if c.confidence is not None and c.text.strip()]
    return min(found) if found else None


def _extractor_name(extractor: str) -> str:
    """A row's `extractor`: `text` for both text readers, `pdf` for a PDF's own text layer, else the reader's."""
    if extractor.startswith("text"):
        return "text"
    return "pdf" if extractor.startswith("pdf") else extractor


def _table_layouts(table: Table) -> list[tuple[Layout, list]]:
    """Each segment with the layout it is read under: its own header or an earlier one of the same table,
    whichever its rows fit best (renditions repeat a wrong header; a headerless part continues the last)."""
    out: list[tuple[Layout, list]] = []
    seen: list[Layout] = []
    layout: Layout | None = None
    for segment in table.segments:
        if segment.header:
            own = build_layout(segment.header)
            if not own.empty:
                seen.append(own)
                layout = best_layout(segment.rows, [own, *[s for s in seen[:-1] if s != own]])
        if layout is not None:
            out.append((layout, segment.rows))
    return out


def normalize_document(doc: ExtractedDocument, doc_id: str, matcher: Matcher | None = None) -> NormalizedDocument:
    """Normalise every table of an extracted document into indicator and period rows.

    With a matcher, names that match the canonical nomenclature with confidence give rows their level, and every
    row gets its canonical codes.
    """
    titles = [t.title for t in doc.tables if t.title]
    titles += [" ".join(c.text for r in t.header for c in r.cells) for t in doc.tables if t.header]
    metadata = read_metadata(doc.text_lines, titles)
    all_text = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    if not metadata.instansi and not metadata.bidang:
        unit = unit_from_cells(all_text)  # a form without a title block names its unit in its first rows
        if unit is not None:
            metadata = replace(metadata, instansi=unit.instansi or None, bidang=unit.bidang)
    out = NormalizedDocument(metadata=metadata, warnings=list(doc.warnings))
    finisher = _Finisher(doc_id, Vocabulary.from_texts(all_text), out, matcher, metadata.bidang,
                         _extractor_name(doc.extractor))
    if not metadata.bidang:
        out.warnings.append("the document's unit (instansi) names no bidang: generic penunjang names are not coded")
    lexicon = None
    if matcher is not None:
        def lexicon(name: str) -> str | None:
            return confident_level(matcher, finisher.text(name) or name, metadata.bidang or None)

    style, english, indonesian = infer_style(all_text)
    if style is NumberStyle.ENGLISH:
        out.warnings.append(f"numbers read the English way (1,234.56): {english} cells are printed so, "
                            f"{indonesian} the Indonesian way")
    with number_style(style):
        _normalize_tables(doc, metadata, finisher, lexicon)
    before = {w for row in out.indicators for w in row["warnings"]}
    added = reconcile(out.indicators, out.periods)  # OCR numbers against the document's own sums
    resolved = before - {w for row in out.indicators for w in row["warnings"]}
    out.warnings = [w for w in out.warnings if w not in resolved] + added
    return out


def _normalize_tables(doc: ExtractedDocument, metadata: DocumentMetadata, finisher: _Finisher,
                      lexicon: Callable[[str], str | None] | None) -> None:
    previous_kind: str | None = None
    for table in doc.tables:
        parts = _table_layouts(table)
        if not parts:
            continue
        kind = table_kind(table.title, parts[0][0], None)
        if kind == "other" and not table.title and previous_kind:
            kind = previous_kind
        if kind == "other":
            kind = table_kind("", parts[0][0], metadata.doc_type)
        previous_kind = kind
        state = new_state(lexicon)
        drafts: list[Draft] = []
        for layout, rows in parts:
            drafts, state = records_from_rows(rows, layout, state)
        for row_index, draft in enumerate(drafts):
            finisher.finish(draft, table.index, row_index, kind, table.sheet)

