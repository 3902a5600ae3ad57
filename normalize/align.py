"""Put each cell of a printed row into the column it belongs to, even when the row is shifted.

Renditions drop empty cells and shift whole rows left or right; PDFs misplace a cell now and then. So a row is
aligned to the header's slots like two sequences: cells keep their order, each goes to a slot whose role fits
what the cell holds (a `1.378.000` never lands in `indikator`), and the alignment that changes its shift against
the header least wins. A row printed exactly under its header costs nothing and is taken as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..extract import headers as h
from ..extract.model import Cell, Row
from .columns import PERIOD, Layout, Slot
from .triwulan import TW_LABEL_RE, has_tw_label
from .values import parse_value

ORDINAL_RE = re.compile(r"^(?:\d{1,2}|[A-Za-z]|[IVX]{1,4})[.)]?$|^\d{1,2}(?:\.\d{1,2}){2,3}\.?$")
BARE_TW_RE = re.compile(r"^(?:TW|TRW|Triwulan)\.?\s*(?:IV|III|II|I|[1-4])\.?$", re.IGNORECASE)
PERSON_RE = re.compile(
    r"\b(?:S\.\s?(?:Pd|E|H|Sos|STP|IP|Kom|T|AP|Si|Ag|Kep|KM|Sn|Ak)|M\.\s?(?:M|Si|Pd|AP|H|Kes|Ak)|Drs?\.|Ir\.)"
    r"|^H\.\s|^(?:Seksi|Sub\s?Bag|Subbag|Kasi|Kasubag|Sekretaris|Sekcam|Camat)\b"
)
_NUMBER_SHAPE_RE = re.compile(r"^\d[\d.,]*\d$")
_NUMBERED_ITEM_RE = re.compile(r"^\d{1,2}[.)]\s*[A-Za-z]")
_MONEY_RE = re.compile(r"^\d{1,3}(?:[.,]\s?\d{3}){1,}(?:[.,]\d+)?$|^\d{5,}$")

TEXT, VALUE, MONEY, DASH, TW, TWLABEL, ORDINAL, PERSON, CODE = (
    "text", "value", "money", "dash", "tw", "twlabel", "ordinal", "person", "code",
)
CODE_RE = re.compile(r"^(?:\d|X)\s?\.\s?(?:\d\d|XX)(?:\s?\.\s?\d{1,4}){1,9}\.?$", re.IGNORECASE)
"""A nomenclature code alone in its cell: `1.02.01.2.01.0001`, SIPD's generic `X.XX.01.2.02`, an old-scheme
`4.10.4.10.03.01.001.`; an urusan digit, a two-digit bidang and at least one more part."""

_TEXT_ROLES = frozenset({h.TUJUAN, h.SASARAN, h.URAIAN, h.INDIKATOR})
_NOTE_ROLES = frozenset({h.PENJELASAN, h.FORMULA, h.SUMBER_DATA})
_FORBIDDEN = None

# how well a kind of cell fits a kind of slot; None = never
_FIT: dict[str, dict[str, float | None]] = {
    "name": {TEXT: 3, PERSON: 0.5, ORDINAL: 0.5, CODE: 0.5},
    h.SATUAN: {TEXT: 2.5},
    h.NO: {ORDINAL: 3, VALUE: 0.5, CODE: 1},
    h.KODE: {CODE: 3, ORDINAL: 2, VALUE: 1, DASH: 0.5, TEXT: 1},  # a code of another scheme (`M4 T4.S4`) too
    h.TARGET: {VALUE: 3, TW: 3, TWLABEL: 3, DASH: 2, MONEY: 1, ORDINAL: 0.5},
    h.TARGET_AKHIR: {VALUE: 3, DASH: 2, MONEY: 1, TW: 1, ORDINAL: 0.5},
    h.REALISASI: {VALUE: 3, DASH: 2, TW: 2, TWLABEL: 1, MONEY: 1, ORDINAL: 0.5},
    h.CAPAIAN: {VALUE: 3, DASH: 2, ORDINAL: 0.5},
    h.ANGGARAN: {MONEY: 3, VALUE: 1, DASH: 2},
    "period_value": {VALUE: 3, DASH: 2, MONEY: 1, TW: 2, TWLABEL: 1, ORDINAL: 0.5},
    "period_money": {MONEY: 3, VALUE: 1.5, DASH: 2},
    "note": {TEXT: 2, VALUE: 0.5, PERSON: 0.5, MONEY: 0.2, DASH: 0.5, ORDINAL: 0.2},
    h.PENANGGUNG_JAWAB: {PERSON: 3, TEXT: 1},
    # a column kinerja has no role for takes whatever is printed in it, but never before a fitting column
    h.OTHER: {TEXT: 1, VALUE: 0.5, MONEY: 0.5, DASH: 0.5, PERSON: 0.5, TW: 0.2, TWLABEL: 0.2, ORDINAL: 0.2, CODE: 0.5},
}
_SKIP = -1.5
_PAIRED = 1.0  # a bare quarter label followed by its value in the same column group
_ORPHAN = 1.5  # a name left without its band's indicator when the next cell moves on to another band
_SHIFT = 0.6
_START_SHIFT = 0.5
_BEAM = 3
_MARGIN = 12.0  # a partial alignment this far behind the best one never catches up in practice


def is_code(text: str) -> bool:
    """Whether a cell holds only a nomenclature code: four parts or more, or a zero-padded part ("1.02.01"), so
    list numbers ("1.1.2", "2.10.1") are not codes."""
    if not CODE_RE.match(text):
        return False
    parts = [p for p in re.split(r"\s?\.\s?", text.strip().rstrip(".")) if p]
    return len(parts) >= 4 or any(len(p) > 1 and p.startswith("0") for p in parts[1:])


@lru_cache(maxsize=65536)
def cell_kind(text: str) -> str:
    """What a cell holds, as far as alignment cares."""
    t = text.strip()
    if t in ("-", "–", "—"):
        return DASH
    if is_code(t):
        return CODE
    if ORDINAL_RE.match(t):
        return ORDINAL
    if BARE_TW_RE.match(t):
        return TWLABEL
    if has_tw_label(t) and TW_LABEL_RE.match(t):
        return TW
    if _NUMBERED_ITEM_RE.match(t):
        return TEXT
    if _NUMBER_SHAPE_RE.match(t):  # a malformed number (`31.015.1250`) is still a number, to be repaired
        digits = sum(ch.isdigit() for ch in t)
        return MONEY if digits >= 7 else VALUE
    value = parse_value(t)
    if value.value is not None or value.label:
        if value.satuan and (len(value.satuan.split()) > 2 or any(ch.isdigit() for ch in value.satuan)):
            return TEXT
        if _MONEY_RE.match(t.replace("Rp", "").replace("rp", "").strip(" .")) and (value.value or 0) >= 10000:
            return MONEY
        return VALUE
    if PERSON_RE.search(t):
        return PERSON
    return TEXT


_SASARAN_WORDING_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s*)?(?:(?:ter|me|ber)[a-z]+nya|meningkatkan|mewujudkan|terwujud|tercapai)\b", re.IGNORECASE
)
_INDIKATOR_WORDING_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s*)?(?:jumlah|persentase|presentase|prosentase|percentase|indeks|nilai|cakupan|rasio|"
    r"tingkat|angka|rata-rata|capaian|hasil pengukuran|predikat|opini|skor)\b",
    re.IGNORECASE,
)


def _is_explanation(text: str) -> bool:
    """Long running prose with a colon or a list: an explanation, not a name."""
    return ":" in text or text.count(",") >= 2 or len(text.split()) >= 18


# How a text reads, which is all alignment needs to know of it.
EXPLANATION, SASARAN_WORDED, INDIKATOR_WORDED, NEUTRAL, UNIT = "x", "s", "i", "n", "t"
_UNITS = frozenset(
    {
        "orang", "dokumen", "laporan", "paket", "unit", "persen", "tahun", "kegiatan", "bulan", "nilai", "indeks",
        "angka", "kasus", "jenis", "desa", "lembaga", "sop", "tim", "media", "usulan", "rupiah", "rp", "buah",
        "kali", "hari", "poin", "predikat", "skor", "layanan", "kelurahan", "rekomendasi", "temuan", "ok", "thl",
        "asn", "pegawai", "peserta", "eksemplar", "exp", "set", "lokasi", "titik", "km", "meter", "ha", "sekolah",
        "kk", "rumah",
    }
)


@lru_cache(maxsize=65536)
def text_class(text: str) -> tuple[str, bool]:
    """(wording, short): an explanation, a sasaran-worded or indicator-worded name, or neutral; ≤ 3 words."""
    words = [w for w in re.split(r"[\s/]+", text.strip().lower().strip(".:")) if w]
    if _is_explanation(text):
        wording = EXPLANATION
    elif 1 <= len(words) <= 3 and all(w in _UNITS or w == "%" for w in words):
        wording = UNIT  # "Orang/tahun", "Dokumen", "Exp/Bulan": a satuan, not a name
    elif _SASARAN_WORDING_RE.match(text):
        wording = SASARAN_WORDED
    elif _INDIKATOR_WORDING_RE.match(text):
        wording = INDIKATOR_WORDED
    else:
        wording = NEUTRAL
    return wording, len(text.split()) <= 3


def _wording_fit(role: str, wording: str) -> float:
    """Sasaran are worded as outcomes ("Tersedianya …"), indicators as measures ("Jumlah …")."""
    if wording == UNIT:
        return 1.5 if role in _TEXT_ROLES else 2.0
    if role in _NOTE_ROLES:
        return 3.0 if wording == EXPLANATION else 2.0
    if wording == EXPLANATION:
        return 2.0
    if role == h.INDIKATOR:
        return {INDIKATOR_WORDED: 3.5, SASARAN_WORDED: 2.0}.get(wording, 3.0)
    if role in (h.SASARAN, h.TUJUAN):
        return {SASARAN_WORDED: 3.5, INDIKATOR_WORDED: 2.0}.get(wording, 3.0)
    return 2.0 if wording == INDIKATOR_WORDED else 3.0


def _fit(slot: Slot, kind: str, text: str) -> float | None:
    return _fit_class(slot, kind, *text_class(text))


def _fit_class(slot: Slot, kind: str, wording: str, short: bool) -> float | None:
    if kind == TEXT and (slot.role in _TEXT_ROLES or slot.role in _NOTE_ROLES):
        return _wording_fit(slot.role, wording)
    if slot.role in _TEXT_ROLES:
        table = _FIT["name"]
    elif slot.role in _NOTE_ROLES:
        table = _FIT["note"]
    elif slot.role == PERIOD:
        table = _FIT["period_money" if slot.measure == "anggaran" else "period_value"]
    else:
        table = _FIT.get(slot.role, {})
    score = table.get(kind, _FORBIDDEN)
    if score is not None and slot.role == h.SATUAN:
        score = 3.5 if wording == UNIT else score if short else 0.5
    return score


def _multi(slot: Slot, previous_kind: str) -> bool:
    """A slot that may take a second cell: a target after a bare `TW III` label, or running notes."""
    if slot.role in _TEXT_ROLES and previous_kind in (ORDINAL, CODE):
        return True  # a list number or code printed in its own cell before the name (`1.` | `Persentase …`)
    return (slot.role in (h.TARGET, PERIOD, h.REALISASI) and previous_kind == TWLABEL) or slot.role in (
        *_NOTE_ROLES, h.OTHER, h.KODE)


@dataclass(frozen=True)
class Placement:
    cell: Cell
    slot: Slot | None
    """None: the cell fits no column; it is reported, not dropped."""


def _orphans(last: Slot, following: Slot | None, layout: Layout) -> bool:
    """Moving on from a band's name to another band (or ending there) leaves the name without its indicator."""
    if last.role not in (h.SASARAN, h.URAIAN, h.TUJUAN):
        return False
    if following is not None and following.band == last.band:
        return False
    return layout.bands[last.band].has(h.INDIKATOR)


def _stays(slot: Slot, previous_kind: str, kind: str) -> bool:
    """Whether a cell may join the previous cell's slot: `TW III` then its value, `1.1.2` then its name, notes,
    anything printed under one header kinerja has no role for."""
    if slot.role == h.OTHER:
        return True
    if slot.role == h.KODE:
        return kind in (CODE, ORDINAL, VALUE)  # a code printed one part per cell (`1` | `02` | `01` | `2.01`)
    return _multi(slot, previous_kind) and (previous_kind != TWLABEL or kind in (VALUE, DASH, MONEY)) and (
        previous_kind not in (ORDINAL, CODE) or kind == TEXT
    )


def _exact(row: Row, slots: tuple[Slot, ...]) -> list[Placement] | None:
    """Every cell inside its own header column (a PDF read from its geometry): no alignment needed.

    An office original's cells (those with a cell reference) sit in their columns by construction: one under a
    header kinerja does not know stays unplaced, and one whose text is unusual for its column ("88/100.000 KH"
    under Target) stays in it, instead of pushing the row into a shifted alignment.
    """
    out: list[Placement] = []
    previous_kind = ""
    for cell in row.cells:
        kind = cell_kind(cell.text)
        slot = next((s for s in slots if not s.virtual and s.offset(cell.col) == 0), None)
        if slot is None and cell.colspan > 1:  # a cell drawn wider than its header starts left of it
            slot = next((s for c in range(cell.col + 1, cell.col + cell.colspan) for s in slots
                         if not s.virtual and s.offset(c) == 0), None)
        if slot is None and cell.bbox is not None and (kind == ORDINAL or _LIST_NUMBER_RE.match(cell.text.strip())):
            # a list number printed in a narrow column of its own, unheaded ("1.1" before the Sasaran): it
            # numbers the name printed right of it
            slot = next((s for s in slots if not s.virtual and s.col > cell.col and s.role in _TEXT_ROLES), None)
            kind = ORDINAL
        if slot is None and cell.ref is not None:
            out.append(Placement(cell, None))
            continue
        if slot is not None and cell.bbox is not None and slot.role in _TEXT_ROLES and _LIST_NUMBER_RE.match(
                cell.text.strip()):
            kind = ORDINAL  # "1.1" printed in its own cell of the Indikator column: the indicator's list number
        if slot is None or (_fit(slot, kind, cell.text) is None and cell.ref is None
                            and not _printed_value(cell, slot, row)):
            return None
        if out and out[-1].slot == slot and not _stays(slot, previous_kind, kind):
            return None
        out.append(Placement(cell, slot))
        previous_kind = kind
    return out


_LIST_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?$")


_NUMBERS_RE = re.compile(r"^(?:\d{1,3}|[A-Z])\.?(?:\s+(?:\d{1,3}|[A-Z])\.?)+$")


_BARE_NUMBERS_RE = re.compile(r"^\d+(?:[.,]\d+)*%?(?:\s+\d+(?:[.,]\d+)*%?)+$")


def _printed_value(cell: Cell, slot: Slot, row: Row | None = None) -> bool:
    """A PDF cell printed inside a value column is that column's, whatever it says ("3,000 poin (tahun 2017)",
    "tdk dpt diprediksi"): the page's geometry outranks the cell's wording. So are the list numbers of rows
    whose No cells Excel printed without a rule between them ("6 7" in the No column) — unless the row's values
    are stacked the same way ("90 80"): then two printed rows are merged, and that is not read as one."""
    if cell.bbox is None or slot.virtual:
        return False
    if slot.is_value:
        return True
    if slot.role != h.NO or _NUMBERS_RE.match(cell.text.strip()) is None:
        return False
    return row is None or not any(_BARE_NUMBERS_RE.match(c.text.strip()) for c in row.cells if c is not cell)


def align_row(row: Row, layout: Layout) -> list[Placement]:
    """The best placement of the row's cells into the layout's slots (cells in order, slots in order)."""
    return _align(row, layout)[0]


def alignment_score(rows: list[Row], layout: Layout) -> float:
    """How well rows fit a layout: the sum of their best alignments' scores (higher fits better)."""
    return sum(_align(row, layout)[1] for row in rows)


def best_layout(rows: list[Row], candidates: list[Layout]) -> Layout:
    """The layout, among a table's headers, that the rows fit best: renditions repeat the wrong header.

    The first candidate is the rows' own printed header; another wins only when the rows clearly fit it better.
    """
    if len(candidates) == 1:
        return candidates[0]
    sample = rows[:16]
    scores = [alignment_score(sample, layout) for layout in candidates]
    own = scores[0] + max(0.5, 0.01 * abs(scores[0]))  # a near tie goes to the printed header
    best = max(range(1, len(candidates)), key=lambda i: scores[i])
    return candidates[best] if scores[best] > own else candidates[0]


@lru_cache(maxsize=256)
def _orphan_table(layout: Layout) -> tuple[tuple[bool, ...], ...]:
    """orphan[j][k]: placing slot k right after slot j leaves j's name without its indicator; k == -1 at the end."""
    slots = layout.slots
    return tuple(
        (*(_orphans(a, b, layout) for b in slots), _orphans(a, None, layout)) for a in slots
    )


def _align(row: Row, layout: Layout) -> tuple[list[Placement], float]:
    slots = layout.slots
    if not slots:
        return [Placement(c, None) for c in row.cells], _SKIP * len(row.cells)
    exact = _exact(row, slots)
    if exact is not None:
        return exact, sum(_fit(p.slot, cell_kind(p.cell.text), p.cell.text) or 0.0 for p in exact if p.slot)
    shape = tuple((c.col, cell_kind(c.text), *text_class(c.text)) for c in row.cells)
    path, score = _align_shape(layout, shape)
    return [Placement(cell, slots[k] if k >= 0 else None) for cell, k in zip(row.cells, path)], score


@lru_cache(maxsize=16384)
def _align_shape(layout: Layout, shape: tuple[tuple[int, str, str, bool], ...]) -> tuple[tuple[int, ...], float]:
    """The alignment of a row shape (column, kind and wording of each cell): rows of one shape align alike."""
    slots = layout.slots
    kinds = [kind for _, kind, _, _ in shape]
    orphan = _orphan_table(layout)
    # the slots each cell may go to, with how well it fits there
    options = [
        [(k, fit) for k, slot in enumerate(slots) if (fit := _fit_class(slot, kind, wording, short)) is not None]
        for _, kind, wording, short in shape
    ]
    # state: (last slot, last shift) -> (score, path of slot indexes or -1, kind of the last placed cell)
    states: dict[tuple[int, int | None], tuple[float, tuple[int, ...], str]] = {(-1, None): (0.0, (), "")}
    for (col, _, _, _), kind, choices in zip(shape, kinds, options):
        nxt: dict[tuple[int, int | None], tuple[float, tuple[int, ...], str]] = {}
        for (j, shift), (score, path, last_kind) in states.items():
            key = (j, shift)
            skipped = score + _SKIP
            if key not in nxt or nxt[key][0] < skipped:
                nxt[key] = (skipped, (*path, -1), last_kind)
            start = j if j >= 0 and _stays(slots[j], last_kind, kind) else j + 1
            for k, fit in choices:
                if k < start:
                    continue
                if k == j:  # a second cell of a spanning group (`TW III` then `50%`): no shift, a paired label
                    new_shift, cost = shift, (0.0 if slots[k].role == h.OTHER else -_PAIRED)
                else:
                    new_shift = slots[k].offset(col)
                    cost = _START_SHIFT * abs(new_shift) if shift is None else _SHIFT * abs(new_shift - shift)
                if j >= 0 and orphan[j][k]:
                    cost += _ORPHAN
                total = score + fit - cost
                key = (k, new_shift)
                if key not in nxt or nxt[key][0] < total:
                    nxt[key] = (total, (*path, k), kind)
        # beam: keep the best few shifts per last slot, and nothing hopelessly behind the leader
        floor = max(v[0] for v in nxt.values()) - _MARGIN
        by_slot: dict[int, list[tuple[tuple[int, int | None], tuple[float, tuple[int, ...], str]]]] = {}
        for key, val in nxt.items():
            if val[0] >= floor:
                by_slot.setdefault(key[0], []).append((key, val))
        states = {}
        for items in by_slot.values():
            items.sort(key=lambda kv: -kv[1][0])
            for key, val in items[:_BEAM]:
                states[key] = val

    def final(item: tuple[tuple[int, int | None], tuple[float, tuple[int, ...], str]]) -> float:
        (j, _), (score, _, _) = item
        return score - (_ORPHAN if j >= 0 and orphan[j][-1] else 0.0)

    best = max(states.items(), key=final)
    _, (_, path, _) = best
    return path, final(best)
