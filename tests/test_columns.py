"""Printed header rows → column layout (normalize/columns.py): which header cells become columns, and of what."""

from __future__ import annotations

from kinerja.extract.headers import header_run, is_schedule_row, month_label
from kinerja.extract.model import Cell, Row
from kinerja.normalize.columns import build_layout


def _row(*cells: tuple[int, str] | tuple[int, str, int]) -> Row:
    return Row(tuple(Cell(c[1], col=c[0], colspan=c[2] if len(c) > 2 else 1) for c in cells))


HEADER = _row((0, "NO"), (1, "INDIKATOR KINERJA"), (2, "TARGET"), (3, "JADWAL PELAKSANAAN (BULAN)", 12))


def test_months_under_their_group_are_twelve_columns_named_by_group_and_month():
    months = _row(*[(2 + m, str(m)) for m in range(1, 13)])
    layout = build_layout([HEADER, months])
    assert [s.header for s in layout.slots if s.role == "other"] == [
        f"JADWAL PELAKSANAAN (BULAN) {m}" for m in range(1, 13)]
    assert [s.col for s in layout.slots if s.role == "other"] == list(range(3, 15))


def test_column_numbers_under_the_whole_header_are_numbering_not_months():
    header = _row((0, "NO"), (1, "INDIKATOR KINERJA"), (2, "SATUAN"), (3, "TARGET"))
    numbers = _row((0, "1"), (1, "2"), (2, "3"), (3, "4"))
    layout = build_layout([header, numbers])
    assert [s.role for s in layout.slots if not s.virtual] == ["no", "indikator", "satuan", "target"]


def test_month_names_beside_quarters_are_a_sub_header_row():
    quarters_and_months = _row((3, "TW I"), (4, "TW II"), (5, "Januari"), (6, "Februari"), (7, "Maret"))
    assert is_schedule_row(quarters_and_months)
    assert header_run([HEADER, quarters_and_months]) == 2
    assert not is_schedule_row(_row((3, "TW I"), (4, "25"), (5, "50"), (6, "75")))  # quarterly data
    assert [month_label(t) for t in ("1", "12", "13", "Januari", "Des", "Agt.", "TW I")] == [1, 12, None, 1, 12, 8,
                                                                                           None]


def test_a_bare_percent_header_is_a_column_of_its_own():
    header = _row((0, "INDIKATOR KINERJA"), (1, "TARGET"), (2, "REALISASI"), (3, "%"))
    layout = build_layout([header])
    assert [(s.role, s.header) for s in layout.slots if not s.virtual] == [
        ("indikator", None), ("target", None), ("realisasi", None), ("other", "%")]
