"""Target and result cells split into number, unit and grade."""

from __future__ import annotations

import pytest

from kinerja.normalize.numbers import NumberKind
from kinerja.normalize.values import parse_value


@pytest.mark.parametrize(
    ("printed", "value", "satuan", "label"),
    [
        ("8 unit", 8, "unit", None),
        ("18 SOP", 18, "SOP", None),
        ("16 Orang/ Bulan", 16, "Orang/Bulan", None),
        ("16 Orang/Bulan", 16, "Orang/Bulan", None),
        ("5 Lembaga Kemasyarakatan", 5, "Lembaga Kemasyarakatan", None),
        ("65 usulan", 65, "usulan", None),
        ("100%", 100, "%", None),
        ("97,31%", 97.31, "%", None),
        ("50 (CC)", 50, None, "CC"),
        ("85,00 (Baik)", 85, None, "Baik"),
        ("82, 71 (Baik)", 82.71, None, "Baik"),
        ("BB", None, None, "BB"),
        ("AA", None, None, "AA"),
        ("N/A", None, None, "N/A"),
        ("95", 95, None, None),
        ("Rp. 1.000.000", 1000000, None, None),
        ("≥ 80", 80, None, "≥"),
        # capability levels (Inspektorat Jawa Barat PK 2016: "Level kapabilitas Inspektorat  III")
        ("III", 3, None, "III"),
        ("Level III", 3, "Level", "III"),
        ("Level 3", 3, "Level", None),
        ("IV (Terintegrasi)", 4, None, "IV (Terintegrasi)"),
    ],
)
def test_cell_reads_as(printed, value, satuan, label):
    parsed = parse_value(printed)
    assert parsed.value == (pytest.approx(value) if value is not None else None)
    assert parsed.satuan == satuan
    assert parsed.label == label
    assert parsed.warning is None
    assert parsed.raw == printed


def test_dash_is_no_target_not_zero():
    parsed = parse_value("-")
    assert parsed.value is None and parsed.blank and parsed.warning is None


@pytest.mark.parametrize("printed", ["abc", "1.2.3,4,5", "lihat lampiran"])
def test_unreadable_cell_gives_null_and_a_warning(printed):
    parsed = parse_value(printed)
    assert parsed.value is None and parsed.warning


def test_budget_cell_is_read_as_whole_rupiah():
    assert parse_value("1.851.842,950", NumberKind.MONEY).value == 1851842950


def test_a_lower_case_v_ticking_a_month_is_not_the_roman_five():
    assert parse_value("v").value is None


@pytest.mark.parametrize(
    ("printed", "value", "label"),
    [
        ("B (65,00)", 65.0, "B"),  # Grobogan DPUPR IKU: Nilai SAKIP OPD target 2022
        ("BB (73.50)", 73.5, "BB"),  # the same row, 2026, printed with a dot
        ("B (76,70)", 76.7, "B"),  # Nilai IKM OPD 2022
        ("Baik (85,00)", 85.0, "Baik"),
    ],
)
def test_grade_with_its_score_in_brackets_reads_as_the_score_labelled_with_the_grade(printed, value, label):
    parsed = parse_value(printed)
    assert (parsed.value, parsed.label, parsed.warning) == (value, label, None)


def test_words_in_brackets_after_a_non_grade_are_not_a_score():
    assert parse_value("Dokumen (12)").value is None
