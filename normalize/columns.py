"""From a table's printed header rows to its column layout: slots with roles, grouped into bands.

A slot is one column the normaliser can put a cell into: a role (`indikator`, `target`, …) or a period value
(`TW2` target, `TW2` Rp, year `2024` target). Multi-level headers are read top-down: group labels
("SASARAN … PROGRAM", "KEGIATAN … SUB KEGIATAN") name the hierarchy level of the bands below them, and
sub-headers ("Target Rp.", years) split the group above them (Triwulan I → TW1 target and TW1 Rp). Sub-headers
are paired with their groups in order, not only by position, because renditions misplace them.

A band is a run of slots describing one entity: some tables print three levels side by side (Sasaran Strategis |
Indikator | Target | Sasaran Program | Indikator | Target | …), each band yields its own indicator rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from ..extract import headers as h
from ..extract.model import Row

NAME_ROLES = frozenset({h.TUJUAN, h.SASARAN, h.URAIAN})
PERIOD = "period"
_GROUP_ROLES = frozenset({h.TRIWULAN, h.TARGET, h.REALISASI, h.ANGGARAN, h.TARGET_AKHIR, h.CAPAIAN})
_LEVEL_OF_GROUP = {
    "sasaran": "sasaran_strategis",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub kegiatan": "sub_kegiatan",
    "tujuan": "tujuan",
}


@dataclass(frozen=True)
class Slot:
    """A column the normaliser can fill: where it was printed, what it holds, and which band it serves."""

    col: int
    role: str
    band: int = 0
    end: int = 0
    """One past the last grid column the header cell spans (PDF cells span several fine columns)."""
    measure: str | None = None  # for period slots: target, realisasi or anggaran
    period: str | None = None  # for period slots: TW1…TW4 or a year
    level: str | None = None  # for name slots: the level the header names
    virtual: bool = False  # not printed: a band's own target cell standing before its name
    header: str | None = None  # for columns kinerja has no role for: the header as printed
    unit: str | None = None  # the unit the header prints for its values: `TARGET (%)`

    @property
    def is_value(self) -> bool:
        return self.role in _VALUE_ROLES

    def offset(self, col: int) -> int:
        """How far a cell at `col` sits from this column: 0 inside its span, else the distance to it (signed)."""
        if col < self.col:
            return col - self.col
        last = max(self.end - 1, self.col)
        return col - last if col > last else 0


_VALUE_ROLES = frozenset(
    {h.TARGET, h.TARGET_AKHIR, h.REALISASI, h.CAPAIAN, h.ANGGARAN, PERIOD}
)


@dataclass(frozen=True)
class Band:
    index: int
    level: str | None
    """The level the header gives this band's rows, if it gives one."""
    slots: tuple[Slot, ...]

    def has(self, role: str) -> bool:
        return any(s.role == role for s in self.slots)


@dataclass(frozen=True)
class Layout:
    slots: tuple[Slot, ...]
    bands: tuple[Band, ...]

    @property
    def empty(self) -> bool:
        return not any(s.role in NAME_ROLES or s.role == h.INDIKATOR for s in self.slots)


@dataclass(frozen=True)
class _HeaderCell:
    col: int
    role: h.HeaderRole
    text: str
    span: int = 1


def _cells(row: Row, unknown: bool = False) -> list[_HeaderCell]:
    """The header cells of a row with their roles; with `unknown`, cells the vocabulary does not know too, as
    columns of their own (`other`), so that their values never push a row's other values one column over."""
    out = []
    for cell in row.cells:
        role = h.header_role(cell.text)
        if role is None and unknown and _names_a_column(cell.text):
            role = h.HeaderRole(h.OTHER)
        if role is not None:
            out.append(_HeaderCell(cell.col, role, cell.text, max(cell.colspan, 1)))
    return out


def _names_a_column(text: str) -> bool:
    """A printed header with words in it (not a stray column number or mark), or a bare `%` (the achievement
    column of a measurement table, printed without a word)."""
    return (any(ch.isalpha() for ch in text) and len(text.strip()) >= 2) or text.strip(" ()") == "%"


def _months_under_group(row: Row, above: Row | None) -> bool:
    """A run of numbers under one spanning header that is not the table's first column ("JADWAL PELAKSANAAN
    (BULAN)" over `1` … `12`): the months of a schedule, not the table's column numbering."""
    cols = [c.col for c in row.cells if c.text.strip()]
    if above is None or not cols or not all(h.month_label(c.text) for c in row.cells if c.text.strip()):
        return False
    return any(g.colspan >= 3 and g.col > 0 and all(g.col <= col < g.col + g.colspan for col in cols)
               for g in above.cells if g.text.strip())


def _schedule_opened(main: list[_HeaderCell], below: Row | None) -> list[_HeaderCell]:
    """A group over the months of a schedule ("JADWAL PELAKSANAAN (BULAN)" over `1` … `12`, "Target Bulan" over
    Januari … Desember), or an unknown group over sub-headers the vocabulary does not know either: each sub-header
    is a column of its own, named by the group and itself as printed."""
    if below is None:
        return main
    out: list[_HeaderCell] = []
    for cell in main:
        inside = [c for c in below.cells if c.text.strip() and cell.col <= c.col < cell.col + cell.span]
        months = len(inside) >= 3 and all(h.month_label(c.text) for c in inside)  # "Target Bulan" over the months
        if cell.span < 2 or len(inside) < 2 or not (months or (
                cell.role.role == h.OTHER and not any(h.header_role(c.text) for c in inside))):
            out.append(cell)
            continue
        for sub in inside:
            text = f"{' '.join(cell.text.split())} {' '.join(sub.text.split())}"
            out.append(_HeaderCell(sub.col, h.HeaderRole(h.OTHER), text, max(sub.colspan, 1)))
    return out


def _anchor_count(row: Row) -> int:
    """Distinct main roles a header row names: the main row names many, a sub-header repeats one or two."""
    return len({c.role.role for c in _cells(row) if c.role.role not in (h.RP, h.YEAR, h.TRIWULAN, h.KINERJA, h.NO)})


_PERCENT_RE = re.compile(r"\(\s*%\s*\)")


def header_unit(text: str) -> str | None:
    """The unit a header prints for its column's values: `%` for `TARGET (%)`. Only the percent sign: `(Rp. 000)`
    and the like change the values' scale, which is not a unit to copy."""
    return "%" if _PERCENT_RE.search(text) else None


def _sub_slot(group: _HeaderCell, sub: _HeaderCell) -> Slot | None:
    slot = _sub_slot_of(group, sub)
    if slot is None or slot.measure not in ("target", "realisasi", None) or slot.role == h.ANGGARAN:
        return slot
    unit = header_unit(sub.text) or header_unit(group.text)
    return replace(slot, unit=unit) if unit else slot


def _sub_slot_of(group: _HeaderCell, sub: _HeaderCell) -> Slot | None:
    g, s = group.role, sub.role
    if g.role == h.TRIWULAN:
        if s.role in (h.RP, h.ANGGARAN):
            return Slot(sub.col, PERIOD, end=sub.col + sub.span, measure="anggaran", period=g.level)
        if s.role == h.REALISASI:
            return Slot(sub.col, PERIOD, end=sub.col + sub.span, measure="realisasi", period=g.level)
        if s.role in (h.TARGET, h.KINERJA, h.CAPAIAN):
            return Slot(sub.col, PERIOD, end=sub.col + sub.span, measure="target", period=g.level)
        return None
    if g.role == h.TARGET_AKHIR:
        if s.role in (h.RP, h.ANGGARAN):
            return Slot(sub.col, h.ANGGARAN, end=sub.col + sub.span)
        return Slot(sub.col, h.TARGET_AKHIR, end=sub.col + sub.span)
    if g.role == h.CAPAIAN:
        if s.role == h.YEAR:  # "CAPAIAN KINERJA | 2015 2016": the last year is the row's capaian (see _group_subs)
            return Slot(sub.col, h.OTHER, end=sub.col + sub.span, header=f"{' '.join(group.text.split())} {s.level}")
        return None
    if s.role in (h.YEAR, h.TRIWULAN):
        measure = {h.REALISASI: "realisasi", h.ANGGARAN: "anggaran"}.get(g.role, "target")
        return Slot(sub.col, PERIOD, end=sub.col + sub.span, measure=measure, period=s.level)
    return None


def _group_subs(groups: list[_HeaderCell], subs: list[_HeaderCell]) -> dict[int, list[Slot]]:
    """Pair sub-header cells with the group above them: by position, and in order when a role repeats."""
    out: dict[int, list[Slot]] = {}
    taken: dict[int, set[str]] = {}
    idx = 0
    for sub in sorted(subs, key=lambda c: c.col):
        if not groups or sub.col < groups[0].col - 1:
            continue
        while idx + 1 < len(groups) and groups[idx + 1].col <= sub.col:
            idx += 1
        key = sub.role.role + (sub.role.level or "")
        if key in taken.get(idx, set()) and idx + 1 < len(groups):
            idx += 1
        if key in taken.get(idx, set()):
            continue
        slot = _sub_slot(groups[idx], sub)
        if slot is not None:
            out.setdefault(idx, []).append(slot)
            taken.setdefault(idx, set()).add(key)
    for idx, slots in out.items():
        if groups[idx].role.role == h.CAPAIAN:
            # a comparison over years: the latest is the capaian of the row, the earlier ones are kept as printed
            last = slots[-1]
            slots[-1] = Slot(last.col, h.CAPAIAN, end=last.end)
    return out


def _unknown_groups_opened(main: list[_HeaderCell], below_rows: list[list[_HeaderCell]]) -> list[_HeaderCell]:
    """An unknown header over known sub-headers ("Realisasi s.d. Triwulan" over "K | Rp") is a group label: its
    sub-headers are the columns, each paired only with the group printed above it."""
    if not below_rows:
        return main
    out: list[_HeaderCell] = []
    for cell in main:
        if cell.role.role != h.OTHER:
            out.append(cell)
            continue
        inside = [c for c in below_rows[0] if cell.col <= c.col < cell.col + cell.span and cell.span > 1]
        if not inside:
            out.append(cell)
            continue
        for sub in inside:
            below_rows[0].remove(sub)
            out.append(sub)
    return sorted(out, key=lambda c: c.col)


def _main_slot(cell: _HeaderCell) -> Slot:
    role, end = cell.role, cell.col + cell.span
    if role.role in (h.OTHER, h.LAIN):
        return Slot(cell.col, h.OTHER, end=end, header=" ".join(cell.text.split()))
    unit = header_unit(cell.text)
    if role.role in (h.TRIWULAN, h.YEAR):
        return Slot(cell.col, PERIOD, end=end, measure="target", period=role.level, unit=unit)
    if role.role == h.RP:
        return Slot(cell.col, h.ANGGARAN, end=end)
    if role.role == h.KINERJA:
        return Slot(cell.col, h.TARGET, end=end, unit=unit)
    if role.role in (h.TARGET, h.TARGET_AKHIR, h.REALISASI):
        return Slot(cell.col, role.role, end=end, level=role.level, unit=unit)
    return Slot(cell.col, role.role, end=end, level=role.level)


def _groups_of_levels(rows: list[Row], i: int) -> bool:
    """A row of spanning labels, each over a whole band of the next row ("TUJUAN" over Uraian | Indikator |
    Target, "SASARAN" over the same, …): the level groups of a multi-level grid, not its main header row."""
    if i + 1 >= len(rows):
        return False
    below = _cells(rows[i + 1])
    spanning = [c for c in _cells(rows[i]) if c.span > 1]
    over_bands = [c for c in spanning
                  if any(b.role.role == h.INDIKATOR and c.col <= b.col < c.col + c.span for b in below)]
    return len(over_bands) >= 2


def _standing_above(rows: list[Row], main_index: int) -> list[_HeaderCell]:
    """Header cells printed above the main row that head a column of their own (drawn over two header rows,
    "Penanggung Jawab" beside the level groups): they cover no cell of the main row."""
    if main_index == 0 or not any(c.colspan > 1 for r in rows[:main_index] for c in r.cells):
        return []
    main = _cells(rows[main_index], unknown=True)
    out = []
    for row in rows[:main_index]:
        for cell in _cells(row):
            if cell.span == 1 and not any(cell.col <= m.col < cell.col + cell.span or m.col <= cell.col < m.col + m.span
                                          for m in main) and cell.role.role not in (h.YEAR, h.TRIWULAN):
                out.append(cell)
    return out


_SUB_ONLY = frozenset({h.YEAR, h.TRIWULAN, h.RP, h.KINERJA})


def _standing_below(
    main: list[_HeaderCell], below_rows: list[list[_HeaderCell]]
) -> tuple[list[_HeaderCell], list[list[_HeaderCell]]]:
    """Main header cells printed a little lower than their neighbours (a shaded header whose "Sasaran" and
    "Indikator Kinerja" sit below "Tujuan"), so read as a row of their own: in columns no main cell covers,
    naming main columns, they are main cells, not sub-headers of nothing."""
    def covered(cell: _HeaderCell) -> bool:
        return any(m.col <= cell.col < m.col + m.span or cell.col <= m.col < cell.col + cell.span for m in main)

    if not below_rows or any(covered(c) or c.role.role in _SUB_ONLY for c in below_rows[0]):
        return main, below_rows  # sub-headers under their groups
    return sorted(main + below_rows[0], key=lambda c: c.col), below_rows[1:]


def build_layout(header: list[Row]) -> Layout:
    """Read a (multi-row) printed header into slots and bands."""
    rows = [r for k, r in enumerate(header) if not h.is_column_number_row(r, under_header=True)
            or _months_under_group(r, header[k - 1] if k else None)]
    if not rows:
        return Layout((), ())
    candidates = [i for i in range(len(rows)) if not _groups_of_levels(rows, i)] or list(range(len(rows)))
    main_index = max(candidates, key=lambda i: (_anchor_count(rows[i]), -i))
    above = [c for r in rows[:main_index] for c in _cells(r)]
    main = sorted(_cells(rows[main_index], unknown=True) + _standing_above(rows, main_index), key=lambda c: c.col)
    below_rows = [cells for r in rows[main_index + 1 :] if (cells := _cells(r))]
    main, below_rows = _standing_below(main, below_rows)
    main = _schedule_opened(main, rows[main_index + 1] if main_index + 1 < len(rows) else None)
    main = _unknown_groups_opened(main, below_rows)
    year_slots, used = _year_grid(above, main, [c for cells in below_rows for c in cells])
    main = [c for c in main if c not in used]
    below_rows = [[c for c in cells if c not in used] for cells in below_rows]
    below_rows = [cells for cells in below_rows if cells]
    first_below = below_rows[0] if below_rows else []
    deeper = [c for cells in below_rows[1:] for c in cells if c.role.role in (h.KINERJA, h.RP, h.ANGGARAN, h.TARGET)]

    groups = [c for c in main if c.role.role in _GROUP_ROLES]
    subs_by_group = _group_subs(groups, first_below)
    slots: list[Slot] = []
    for cell in main:
        if cell in groups and groups.index(cell) in subs_by_group:
            slots.extend(subs_by_group[groups.index(cell)])
        else:
            slots.append(_main_slot(cell))
    slots = _split_periods(slots, deeper) + year_slots
    slots.sort(key=lambda s: s.col)
    return _with_bands(slots, above)


_YEAR_MEASURES = {h.TARGET: "target", h.REALISASI: "realisasi", h.ANGGARAN: "anggaran", h.RP: "anggaran"}


def _year_grid(
    above: list[_HeaderCell], main: list[_HeaderCell], below: list[_HeaderCell]
) -> tuple[list[Slot], set[_HeaderCell]]:
    """Years printed above Target/Realisasi pairs ("2014: TARGET REALISASI | 2015: …"), and a baseline year
    under "EKSISTING": the period slots they make, and the header cells they consume."""
    years = sorted((c for c in above if c.role.role == h.YEAR), key=lambda c: c.col)
    # years drawn over two columns in the main row, with Target | Realisasi under each (Inspektorat IKU 2016)
    spanning = [c for c in main if c.role.role == h.YEAR and c.span > 1
                and any(c.col <= b.col < c.col + c.span and b.role.role in _YEAR_MEASURES for b in below)]
    years = sorted(years + spanning, key=lambda c: c.col)
    if years and all(y.span <= 1 for y in years):
        # a text rendition lost the spans: each year covers the columns up to the next year (pairs by default)
        gaps = [b.col - a.col for a, b in pairwise(years)] or [2]
        ends = [b.col for b in years[1:]] + [years[-1].col + gaps[-1]]
        years = [_HeaderCell(y.col, y.role, y.text, end - y.col) for y, end in zip(years, ends)]
    baselines = [c for c in above + main if c.role.role == h.KONDISI_AWAL]
    slots: list[Slot] = []
    used: set[_HeaderCell] = set()

    def under(cell: _HeaderCell, group: _HeaderCell) -> bool:
        return group.col <= cell.col < group.col + max(group.span, 1)

    for cell in main + below:
        if cell.role.role == h.YEAR and any(under(cell, b) for b in baselines):
            slots.append(Slot(cell.col, PERIOD, end=cell.col + cell.span, measure="kondisi_awal",
                              period=cell.role.level))
            used.add(cell)
            continue
        measure = _YEAR_MEASURES.get(cell.role.role)
        year = next((y for y in years if under(cell, y)), None) if measure else None
        if year is not None:
            slots.append(Slot(cell.col, PERIOD, end=cell.col + cell.span, measure=measure, period=year.role.level))
            used.add(cell)
    for b in baselines:
        year = re.search(r"\b((?:19|20)\d\d)\b", b.text)
        if b in main and year and not any(s.measure == "kondisi_awal" and b.col <= s.col < b.col + b.span
                                          for s in slots):
            slots.append(Slot(b.col, PERIOD, end=b.col + b.span, measure="kondisi_awal", period=year.group(1)))
        elif b in main and not year and not any(s.measure == "kondisi_awal" and b.col <= s.col < b.col + b.span
                                                 for s in slots):
            # "Data Capaian pada Awal Tahun Perencanaan" with no year to file its values under: kept as printed
            slots.append(Slot(b.col, h.OTHER, end=b.col + b.span, header=" ".join(b.text.split())))
    used.update(b for b in baselines if b in main)  # "Baseline 2024": the year is printed in the cell itself
    used.update(y for y in spanning if any(s.period == y.role.level for s in slots))
    return slots, used


def _split_periods(slots: list[Slot], subs: list[_HeaderCell]) -> list[Slot]:
    """A third header level ("I … IV" then "K Rp" under each): split each period into figure and rupiah."""
    if not subs:
        return slots
    out: list[Slot] = []
    for slot in slots:
        inside = [
            c for c in subs
            if slot.role == PERIOD and c.col < max(slot.end, slot.col + 1) and c.col + c.span > slot.col
        ]
        if not inside:
            out.append(slot)
            continue
        for c in inside:
            measure = slot.measure
            if c.role.role in (h.RP, h.ANGGARAN):
                measure = "realisasi_anggaran" if slot.measure == "realisasi" else "anggaran"
            out.append(Slot(c.col, PERIOD, end=c.col + c.span, measure=measure, period=slot.period,
                            unit=slot.unit if measure in ("target", "realisasi") else None))
    return out


def _with_bands(slots: list[Slot], group_labels: list[_HeaderCell]) -> Layout:
    """Split slots into bands: a name column opens a new band once the current one has an indicator or value."""
    band_of: list[int] = []
    band = 0
    seen_body = False
    for slot in slots:
        if slot.role in NAME_ROLES and seen_body:
            band += 1
            seen_body = False
        if slot.role == h.INDIKATOR or slot.is_value:
            seen_body = True
        band_of.append(band)
    starts: dict[int, int] = {}
    for slot, b in zip(slots, band_of):
        starts.setdefault(b, slot.col)

    labels: dict[int, str] = {}
    for label in group_labels:
        level = _LEVEL_OF_GROUP.get(h.normalise_header(label.text))
        if level is None or not starts:
            continue
        nearest = min(starts, key=lambda b: (abs(starts[b] - label.col), b))
        labels.setdefault(nearest, level)

    banded = [Slot(**{**slot.__dict__, "band": b}) for slot, b in zip(slots, band_of)]
    bands: list[Band] = []
    for b in sorted(set(band_of)):
        own = [s for s in banded if s.band == b]
        names = [s for s in own if s.role in NAME_ROLES]
        level = labels.get(b) or next((s.level for s in names if s.level), None)
        if level is None and any(s.role == h.SASARAN for s in names):
            level = "sasaran_strategis"
        if level is None and names and all(s.role == h.TUJUAN for s in names):
            level = "tujuan"
        if not any(s.role == h.TARGET for s in own) and names:
            own.insert(0, Slot(names[0].col, h.TARGET, band=b, virtual=True))
        bands.append(Band(b, level, tuple(own)))
    all_slots = tuple(s for band_ in bands for s in band_.slots)
    return Layout(all_slots, tuple(bands))
