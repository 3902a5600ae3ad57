"""From aligned rows to indicator records: one record per indicator row, however many physical rows it spans.

A physical row opens a record in a band when it names an indicator there (or, in bands without an indicator
column, a program/kegiatan). Rows that only carry values (`TW 2 : 86.92`), the rest of a wrapped name, or the end
of a penjelasan continue the band's open record. A stacked quarter goes to the open record that still lacks that
quarter, so `TW 3` rows that drifted into the wrong column still reach their indicator; a quarter printed twice
is kept twice, for the audit to see. A band that prints only values while its neighbour opens a record gives them
to that record (RKT tables put a program's target under the sasaran's TARGET column).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..extract import headers as h
from ..extract.model import Cell, Row
from .align import DASH, ORDINAL, TEXT, TW, TWLABEL, VALUE, Placement, align_row, cell_kind
from .columns import NAME_ROLES, PERIOD, Band, Layout, Slot
from .levels import band_row, is_outcome_statement, level_from_prefix, marker_level, sequence_level
from .triwulan import read_triwulan

_NAMING_ROLES = frozenset({h.TUJUAN, h.SASARAN, h.URAIAN, h.INDIKATOR})
_LENDABLE = (h.TARGET, h.TARGET_AKHIR, h.REALISASI, h.CAPAIAN, h.ANGGARAN, h.PENANGGUNG_JAWAB)


@dataclass
class PeriodCell:
    """A cell holding a period value: a period column's cell, or a cell with `TW n` labels in it."""

    cell: Cell
    measure: str
    period: str | None  # None: the quarters are written in the text (`TW 2 : 5 unit`)
    unit: str | None = None  # the unit its column's header prints (`TARGET (%)`)


@dataclass
class Draft:
    """An indicator record being assembled from one or more physical rows."""

    band: int
    level: str | None
    name_role: str = h.SASARAN
    """The column that names this row (uraian in program bands, sasaran in sasaran bands)."""
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    periods: list[PeriodCell] = field(default_factory=list)
    context: dict[str, str | None] = field(default_factory=dict)
    unplaced: list[Cell] = field(default_factory=list)
    other: list[tuple[str, Cell]] = field(default_factory=list)
    """Cells of columns kinerja has no role for, with their printed header."""
    units: dict[str, str] = field(default_factory=dict)
    """The unit a value column's header prints (`Target (%)`), by role."""
    lines: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    boxes: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)

    def add(self, role: str, cell: Cell) -> None:
        self.cells.setdefault(role, []).append(cell)
        self._seen(cell)

    def add_other(self, header: str, cell: Cell) -> None:
        self.other.append((header, cell))
        self._seen(cell)

    def add_period(self, period: PeriodCell) -> None:
        self.periods.append(period)
        self._seen(period.cell)

    def _seen(self, cell: Cell) -> None:
        if cell.line is not None:
            self.lines.append(cell.line)
            if cell.line_last is not None:
                self.lines.append(cell.line_last)
        if cell.page is not None:
            self.pages.append(cell.page)
            if cell.bbox is not None:
                self.boxes.append((cell.page, cell.bbox))

    def bbox(self) -> list[float] | None:
        """The union of the row's cell boxes on the first page it is printed on."""
        if not self.boxes:
            return None
        first = min(page for page, _ in self.boxes)
        boxes = [b for page, b in self.boxes if page == first]
        return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]

    def text(self, role: str) -> str:
        return " ".join(c.text for c in self.cells.get(role, []))

    def quarters(self) -> set[int]:
        found: set[int] = set()
        for p in self.periods:
            if p.period is None:
                found.update(q.quarter for q in read_triwulan(p.cell.text))
            elif p.period.startswith("TW"):
                found.add(int(p.period[2:]))
        return found

    @property
    def stacked(self) -> bool:
        return any(p.period is None for p in self.periods)


@dataclass
class _State:
    drafts: list[Draft] = field(default_factory=list)
    open: dict[int, Draft] = field(default_factory=dict)
    carried: dict[tuple[int, str], str] = field(default_factory=dict)  # (band, role) -> last name printed
    context: dict[str, str | None] = field(default_factory=dict)  # tujuan/sasaran/program/kegiatan
    marker: str | None = None
    band_level: str | None = None
    """The level a band row across the table gave ("1. Sasaran : …"): rows under it with no name of their own
    are indicators of that sasaran (or program)."""
    last_level: dict[int, str | None] = field(default_factory=dict)
    lexicon: Callable[[str], str | None] | None = None
    """Level of a name that matches the canonical nomenclature with confidence (None: no lexicon)."""


_OPEN_END_RE = re.compile(
    r"(?:[,/&\-]|\b(?:dan|atau|serta|yang|di|ke|dari|pada|untuk|dalam|dengan|oleh|bagi|terhadap|sesuai))$",
    re.IGNORECASE,
)
_KECAMATAN_ROW_RE = re.compile(r"^(?:KECAMATAN|Kecamatan|KEC\.|Kec\.)\s+([A-Za-z][A-Za-z' .-]+)$")


def _unfinished(text: str) -> bool:
    """A name that stops mid-phrase ("Perencanaan," "… dan"): the next row's words belong to it."""
    return bool(_OPEN_END_RE.search(text.strip()))


def _continues_open(band: Band, items: list[tuple[Cell, Slot]], state: _State) -> bool:
    """A row whose names all carry on the open record's unfinished names (a tall row split into lines)."""
    draft = state.open.get(band.index)
    naming = [(c, s) for c, s in items if s.role in _NAMING_ROLES]
    if draft is None or not naming:
        return False
    if _own_values(items):
        return False  # a complete row starting in lower case, with values of its own, is a row of its own
    return all(
        c.text[:1].islower() or (draft.cells.get(s.role) and _unfinished(draft.text(s.role))) for c, s in naming
    )


_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _names_something(text: str) -> bool:
    """A name or indicator has words; `3.`, `(4)`, `6 7`, `% % %` do not."""
    return cell_kind(text) != ORDINAL and bool(_WORD_RE.search(text))


def _continues_text(text: str) -> bool:
    """Text that can only be the rest of a cell above: starts in lowercase or with a hyphen."""
    return text[:1].islower() or text[:1] in "-/,"


_WRAP_GAP = 0.4
"""A line closer than this many of its own heights under the text above it in its column is that text's next
line (the leading of a wrapped cell), not a row of its own (rows are parted by cell padding and a rule)."""


_FIGURES_RE = re.compile(r"\d[.,]\d|%|\bRp\b", re.IGNORECASE)


def _wraps(cell: Cell, draft: Draft, role: str) -> bool:
    """Whether a text-only cell is the wrapped rest of the draft's `role` text: printed right under it in the
    same column, or the first thing on the page after the one the draft ended on (a row cut by a page break)."""
    above = draft.cells.get(role)
    if not above or cell.bbox is None or cell.page is None:
        return False
    last = above[-1]
    if last.bbox is None or last.page is None:
        return False
    if cell.bbox[0] > last.bbox[2] or cell.bbox[2] < last.bbox[0] or _FIGURES_RE.search(cell.text):
        return False  # another column, or a cell with figures of its own (a total row)
    if cell.page == last.page + 1:
        return max(page for page, _ in draft.boxes) == last.page
    if cell.page != last.page:
        return False
    gap = cell.bbox[1] - last.bbox[3]
    height = min(cell.bbox[3] - cell.bbox[1], 14.0)
    return -1.0 <= gap <= _WRAP_GAP * height


def _is_fragment_row(row: Row) -> bool:
    """A row that only finishes the text of cells above it (a wrapped name split over a page break)."""
    kinds = [cell_kind(c.text) for c in row.cells]
    if any(k not in (TEXT,) for k in kinds):
        return False
    return all(len(c.text.split()) <= 3 or c.text[:1].islower() or c.text[:1] == "-" for c in row.cells)


def _name_level(band: Band, name: str, state: _State, indikator: str, target_hint: str) -> str | None:
    if state.band_level and not any(s.role in NAME_ROLES for s in band.slots):
        return state.band_level  # a table of indicators under band rows: the band names each row's sasaran
    if band.level and (band.level.startswith("sasaran") or band.level == "tujuan") and not band.has(h.URAIAN):
        # the band a cell is printed in decides first: a sasaran worded like a nomenclature name stays a sasaran
        return (state.marker if (state.marker or "").startswith("sasaran") else None) or band.level
    explicit = level_from_prefix(name) if name else None
    if explicit:
        return explicit
    known = state.lexicon(name) if name and state.lexicon else None
    if known:
        return known
    if band.level and band.level.startswith("sasaran"):
        return state.marker or band.level
    if band.level:
        return band.level
    if name and is_outcome_statement(name):
        return state.marker if state.marker and state.marker.startswith("sasaran") else "sasaran_strategis"
    if state.marker and not state.marker.startswith("sasaran"):
        return state.marker
    return sequence_level(state.last_level.get(band.index), indikator, target_hint)


def _update_context(state: _State, level: str | None, name: str, tujuan: str) -> None:
    if tujuan:
        state.context["tujuan"] = tujuan
    if not name or level is None:
        return
    if level == "tujuan":
        state.context["tujuan"] = name
    elif level.startswith("sasaran"):
        state.context["sasaran"] = name
    elif level == "program":
        state.context["program"] = name
        state.context["kegiatan"] = None
    elif level == "kegiatan":
        state.context["kegiatan"] = name


def _by_band(placements: list, layout: Layout) -> dict[int, list[tuple[Cell, Slot]]]:
    out: dict[int, list[tuple[Cell, Slot]]] = {b.index: [] for b in layout.bands}
    for p in placements:
        if p.slot is not None:
            out[p.slot.band].append((p.cell, p.slot))
    return out


_OWN_ROLES = frozenset({h.SATUAN, h.PENANGGUNG_JAWAB})


def _own_values(items: list[tuple[Cell, Slot]]) -> bool:
    """Whether a row prints values of its own (a target, a quarter, a satuan, a penanggung jawab)."""
    return any((slot.is_value and not slot.virtual) or slot.role in _OWN_ROLES for _, slot in items)


def _opens_record(band: Band, items: list[tuple[Cell, Slot]]) -> bool:
    # a bare list number (`3.`), a column number (`(3)`) or stray digits in a name column name nothing
    roles = {slot.role for cell, slot in items if not (slot.role in _NAMING_ROLES and not _names_something(cell.text))}
    has_name = bool(roles & NAME_ROLES)
    has_values = _own_values(items)
    band_has_values = any(s.is_value and not s.virtual for s in band.slots)
    if h.INDIKATOR in roles:
        # an indicator printed with neither name nor value is stray text, not a row of its own
        return has_name or has_values or not band_has_values
    if not has_name:
        return False
    # a name alone is a record only in tables without an indicator column, and never a single word
    # (a header word wrapped onto its own line, "KINERJA")
    words = sum(len(c.text.split()) for c, s in items if s.role in NAME_ROLES)
    return has_values or (not band.has(h.INDIKATOR) and words >= 2)


def _lend_values(band_items: dict[int, list[tuple[Cell, Slot]]], opening: set[int], layout: Layout) -> None:
    """A band printing only values beside a band that opens a record gives them to that record: a row's values
    are its own record's (RKT tables put a program's target under the sasaran's TARGET column; shifted rows put
    a sub kegiatan's quarters under the previous band). Stacked `TW n` cells are the exception: they continue
    the records above."""
    for band in layout.bands:
        b = band.index
        items = band_items[b]
        if b in opening or not items or any(slot.role in NAME_ROLES for _, slot in items):
            continue
        for cell, slot in list(items):
            if slot.role not in (*_LENDABLE, PERIOD) or cell_kind(cell.text) in (TW, TWLABEL):
                continue
            takers = [
                o for o in sorted(opening, key=lambda o: (abs(o - b), -o))
                if slot.role == PERIOD
                or not any(s.role == slot.role for _, s in band_items[o])
            ]
            if takers:
                items.remove((cell, slot))
                band_items[takers[0]].append((cell, slot))


def _place(draft: Draft, cell: Cell, slot: Slot) -> None:
    if slot.role == h.OTHER:
        draft.add_other(slot.header or "", cell)
    elif slot.role == PERIOD:
        draft.add_period(PeriodCell(cell, slot.measure or "target", slot.period, slot.unit))
    elif slot.role in (h.TARGET, h.REALISASI) and cell_kind(cell.text) in (TW, TWLABEL):
        draft.add_period(PeriodCell(cell, "target" if slot.role == h.TARGET else "realisasi", None, slot.unit))
    else:
        draft.add(slot.role, cell)
        if slot.unit:
            draft.units.setdefault(slot.role, slot.unit)


def _route_quarter(state: _State, band: int, cell: Cell, claimed: dict[int, set[int]]) -> Draft | None:
    """The open record a stacked `TW n` cell belongs to: the nearest one still lacking quarter n.

    `claimed` holds, per band, the quarters this same row prints for it: a record about to receive its own
    quarter n from this row is not a candidate for a stray one.
    """
    quarters = {q.quarter for q in read_triwulan(cell.text)}
    own = state.open.get(band)
    if len(quarters) != 1 or (own is not None and not (quarters & own.quarters())):
        return own
    candidates = [
        d for b, d in sorted(state.open.items(), key=lambda kv: abs(kv[0] - band))
        if d.stacked and not (quarters & d.quarters()) and not (quarters & claimed.get(b, set()))
    ]
    return candidates[0] if candidates else own


def _name_role(band: Band) -> str:
    """The column that names a band's rows: the program/kegiatan name where there is one, else the sasaran."""
    return h.URAIAN if band.has(h.URAIAN) else h.SASARAN


def _new_draft(band: Band, items: list[tuple[Cell, Slot]], state: _State) -> Draft:
    role = _name_role(band)
    name = " ".join(c.text for c, s in items if s.role == role)
    own_sasaran = " ".join(c.text for c, s in items if s.role == h.SASARAN) if role == h.URAIAN else ""
    tujuan = " ".join(c.text for c, s in items if s.role == h.TUJUAN)
    indikator = " ".join(c.text for c, s in items if s.role == h.INDIKATOR)
    hint = " ".join(c.text for c, s in items if s.role in (h.TARGET, h.SATUAN, PERIOD))
    level = _name_level(band, name or state.carried.get((band.index, "name"), ""), state, indikator, hint)
    if name:
        state.carried[(band.index, "name")] = name
        _update_context(state, level, name, tujuan)
    elif tujuan:
        _update_context(state, None, "", tujuan)
    if own_sasaran:
        state.carried[(band.index, "sasaran")] = own_sasaran
    draft = Draft(band=band.index, level=level, name_role=role)
    draft.context.update(state.context)
    if not name and state.carried.get((band.index, "name")):
        draft.context["name"] = state.carried[(band.index, "name")]
    if not own_sasaran and state.carried.get((band.index, "sasaran")):
        draft.context["band_sasaran"] = state.carried[(band.index, "sasaran")]
    state.last_level[band.index] = level
    return draft


def _context_row(band: Band, items: list[tuple[Cell, Slot]], state: _State) -> None:
    """A row naming a program or sasaran without an indicator: it sets the context of the rows below."""
    name = " ".join(c.text for c, s in items if s.role in NAME_ROLES)
    level = level_from_prefix(name) or (state.lexicon(name) if state.lexicon else None) or band.level
    if level is None and is_outcome_statement(name):
        level = "sasaran_strategis"
    state.carried[(band.index, "name")] = name
    _update_context(state, level, name, "")
    if level is not None:
        state.last_level[band.index] = level


def _band_context(band: tuple[str, str], layout: Layout, state: _State) -> None:
    """A band row ("3. Sasaran : Meningkatnya …") printed across the columns: the sasaran (or program) of the
    rows under it, in every band; the records above it are closed."""
    level, name = band
    for b in layout.bands:
        state.carried[(b.index, "name")] = name
        state.last_level[b.index] = level
    _update_context(state, level, name, "")
    state.band_level = level
    state.open.clear()


def new_state(lexicon: Callable[[str], str | None] | None = None) -> _State:
    """The running state of one table: open records, carried names, context, level markers."""
    return _State(lexicon=lexicon)


def records_from_rows(rows: list[Row], layout: Layout, state: _State) -> tuple[list[Draft], _State]:
    """Assemble indicator records from a segment's body rows read under one layout."""
    if layout.empty:
        return [], state
    for row in rows:
        marker = marker_level(row)
        if marker is not None:
            state.marker = marker
            continue
        band = band_row(row)
        if band is not None:
            _band_context(band, layout, state)
            continue
        if _is_fragment_row(row) and state.open and not _own_values(
                [(p.cell, p.slot) for p in align_row(row, layout) if p.slot is not None]):
            _continue_text(row, layout, state)
            continue
        placements = _join_labels(align_row(row, layout))
        band_items = _by_band(placements, layout)
        kecamatan = _kecamatan_marker(band_items)
        if kecamatan:
            state.context["kecamatan"] = kecamatan  # files that concatenate several kecamatan
            state.open.clear()
            continue
        continuing = {b.index for b in layout.bands if _continues_open(b, band_items[b.index], state)}
        for b in continuing:
            for cell, slot in band_items[b]:
                _place(state.open[b], cell, slot)
            _refresh_name(state, state.open[b])
            band_items[b] = []
        opening = {b.index for b in layout.bands if _opens_record(b, band_items[b.index])}
        _lend_values(band_items, opening, layout)
        unplaced = [p.cell for p in placements if p.slot is None]
        claimed = {
            b: {q.quarter for c, _ in items if cell_kind(c.text) == TW for q in read_triwulan(c.text)}
            for b, items in band_items.items()
        }
        for band in layout.bands:
            items = band_items[band.index]
            if not items:
                continue
            if band.index in opening:
                draft = _new_draft(band, items, state)
                state.open[band.index] = draft
                state.drafts.append(draft)
                for cell, slot in items:
                    _place(draft, cell, slot)
                continue
            roles = {s.role for _, s in items}
            if roles & NAME_ROLES and not any(s.is_value for _, s in items):
                names = [c for c, s in items if s.role in NAME_ROLES]
                own = state.open.get(band.index)
                if own is not None and all(c.text[:1].islower() or c.text[:1] == "-" for c in names):
                    for cell, slot in items:
                        own.add(slot.role, cell)
                    continue
                _context_row(band, items, state)
                state.open.pop(band.index, None)
                continue
            for cell, slot in items:
                kind = cell_kind(cell.text)
                target = _route_quarter(state, band.index, cell, claimed) if kind == TW else None
                if slot.role in _NAMING_ROLES:
                    # the rest of a name cut by a page break belongs to the row printed last
                    alone = len([c for c in row.cells if c.text.strip()]) == 1
                    if not state.drafts or not (_continues_text(cell.text)
                                                or (alone and _wraps(cell, state.drafts[-1], slot.role))):
                        unplaced.append(cell)  # a stray name or indicator: kept as a warning, never glued on
                        continue
                    state.drafts[-1].add(slot.role, cell)
                    _refresh_name(state, state.drafts[-1])
                    continue
                target = target or state.open.get(band.index)
                if target is None:
                    unplaced.append(cell)
                    continue
                _place(target, cell, slot)
        if unplaced:
            holder = next((state.open[b] for b in sorted(opening)), None) or next(iter(state.open.values()), None)
            if holder is not None:
                holder.unplaced.extend(unplaced)
    return state.drafts, state


def _label_takes(label: Placement, value: Placement) -> bool:
    """A bare `TW III` takes the next cell of its band as its value when that cell is a value, not a label."""
    if label.slot is None or value.slot is None or cell_kind(label.cell.text) != TWLABEL:
        return False
    if value.slot == label.slot:
        return True
    return value.slot.band == label.slot.band and value.slot.is_value and cell_kind(value.cell.text) in (VALUE, DASH)


def _kecamatan_marker(band_items: dict[int, list[tuple[Cell, Slot]]]) -> str | None:
    """A row that only names a kecamatan ("KECAMATAN CIPUTAT"): the rows below belong to it."""
    names = [c.text for items in band_items.values() for c, s in items if s.role in NAME_ROLES]
    others = [c for items in band_items.values() for c, s in items if s.role in (h.INDIKATOR,)]
    if len(names) == 1 and not others:
        m = _KECAMATAN_ROW_RE.match(names[0].strip())
        if m:
            return " ".join(w.capitalize() for w in m.group(1).split())
    return None


def _join_labels(placements: list[Placement]) -> list[Placement]:
    """`TW III` and `50%` printed in neighbouring cells of one column group: one cell `TW III 50%`."""
    out: list[Placement] = []
    for p in placements:
        if out and _label_takes(out[-1], p):
            first = out[-1].cell
            bbox = first.bbox
            if bbox is not None and p.cell.bbox is not None and p.cell.page == first.page:
                b = p.cell.bbox  # the value's box is the label's and the number's together
                bbox = (min(bbox[0], b[0]), min(bbox[1], b[1]), max(bbox[2], b[2]), max(bbox[3], b[3]))
            joined = Cell(text=f"{first.text} {p.cell.text}", col=first.col, line=first.line,
                          line_last=p.cell.line_last, page=first.page, bbox=bbox)
            out[-1] = Placement(joined, p.slot)
            continue
        out.append(p)
    return out


def _refresh_name(state: _State, draft: Draft) -> None:
    """A name finished on later lines: the rows below, and the context they carry, get all of it."""
    name = draft.text(draft.name_role)
    if not name:
        return
    if state.open.get(draft.band) is draft:
        state.carried[(draft.band, "name")] = name
    if draft.level in ("program", "kegiatan") or (draft.level or "").startswith("sasaran"):
        key = "sasaran" if draft.level.startswith("sasaran") else draft.level
        if state.context.get(key) and name.startswith(state.context[key] or ""):
            state.context[key] = name


def _continue_text(row: Row, layout: Layout, state: _State) -> None:
    placements = align_row(row, layout)
    for p in placements:
        if p.slot is None:
            continue
        draft = state.open.get(p.slot.band) or next(iter(state.open.values()))
        role = p.slot.role
        if (role == h.INDIKATOR and draft.cells.get(role) and not _unfinished(draft.text(role))
                and p.cell.text[:1].isupper() and not (len(placements) == 1 and _wraps(p.cell, draft, role))):
            # a second indicator of the same program, printed on its own short line ("Predikat SAKIP")
            band = layout.bands[p.slot.band]
            draft = _new_draft(band, [(p.cell, p.slot)], state)
            state.open[band.index] = draft
            state.drafts.append(draft)
            _place(draft, p.cell, p.slot)
        elif role == h.OTHER:
            draft.add_other(p.slot.header or "", p.cell)
        elif role in draft.cells or role in _NAMING_ROLES:
            draft.add(role, p.cell)
            _refresh_name(state, draft)
        else:
            draft.unplaced.append(p.cell)


_NUMBERING_RE = re.compile(
    r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=\S)|^(?:[A-Z]|\d{1,2}|[IVX]{1,4})[.)]\s*(?=\S)|^\d{1,2}\s+(?=[A-Za-z])"
)


def strip_numbering(text: str) -> str:
    """`1. Meningkatnya …`, `A. Program …`, `2 Hasil …`, `1.1.2 Persentase …` → the name without its number."""
    return _NUMBERING_RE.sub("", text.strip(), count=1).strip()

