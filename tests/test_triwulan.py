"""Quarterly targets in every printed form."""

from __future__ import annotations

import pytest

from kinerja.normalize.triwulan import read_triwulan


def _read(text):
    return [(q.quarter, q.value.value if q.value.value is not None else q.value.label) for q in read_triwulan(text)]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("TW 1 : 8 unit", [(1, 8)]),  # stacked, one per row (Pallangga)
        ("TW 2 : 86.92", [(2, 86.92)]),
        ("TW 3 : -", [(3, None)]),
        ("TW 1 : 50% TW 2 : - TW 3 : - TW 4 : -", [(1, 50), (2, None), (3, None), (4, None)]),  # inline
        ("TW 1 : - TW 2 : - TW 3 : - TW 4 : BB", [(1, None), (2, None), (3, None), (4, "BB")]),
        ("TW 1 : 125 TW 2 : 150 TW 3 : 180 TW 4 : 210", [(1, 125), (2, 150), (3, 180), (4, 210)]),
        ("TW I 25%", [(1, 25)]),  # label and value joined from neighbouring cells (Kaligondang)
        ("TW III 50%", [(3, 50)]),
        ("TW IV 100%", [(4, 100)]),
        ("TW II", [(2, None)]),  # label printed with nothing beside it
        ("Triwulan II: 3", [(2, 3)]),
        ("TW 1 : 38 orang pegawai TW 2 : 38 orang pegawai", [(1, 38), (2, 38)]),
    ],
)
def test_quarters_read_as(printed, expected):
    assert _read(printed) == expected


def test_units_travel_with_quarters():
    assert [q.value.satuan for q in read_triwulan("TW 1 : 2 dokumen TW 2 : 1 dokumen")] == ["dokumen", "dokumen"]


def test_text_without_quarter_labels_has_none():
    assert read_triwulan("95") == []
    assert read_triwulan("Twenty") == []


def test_unreadable_quarter_value_is_null_with_a_warning():
    (q,) = read_triwulan("TW 2 : abc")
    assert q.quarter == 2 and q.value.value is None and q.value.warning
