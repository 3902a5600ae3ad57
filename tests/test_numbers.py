"""Indonesian numbers as printed, read with the context of their column."""

from __future__ import annotations

import pytest

from kinerja.normalize.numbers import NumberKind, parse_number

GENERIC, MONEY = NumberKind.GENERIC, NumberKind.MONEY


@pytest.mark.parametrize(
    ("printed", "kind", "value"),
    [
        ("1.378.000", GENERIC, 1378000),  # dots group thousands
        ("1.378.000", MONEY, 1378000),
        ("82,71", GENERIC, 82.71),  # comma is the decimal mark
        ("82, 71", GENERIC, 82.71),  # OCR space after the comma
        ("86.92", GENERIC, 86.92),  # English-style decimal in the same region
        ("87.00", GENERIC, 87.0),
        ("3,5", GENERIC, 3.5),
        ("3.5", GENERIC, 3.5),
        ("97,31%", GENERIC, 97.31),
        ("100,00%", GENERIC, 100.0),
        ("100", GENERIC, 100),
        ("0", GENERIC, 0),
        ("1.234,56", GENERIC, 1234.56),
        ("1,234.56", GENERIC, 1234.56),
        ("1,378,000", GENERIC, 1378000),
        ("1.000", GENERIC, 1000),
        ("-5", GENERIC, -5),
        ("4.570.000", MONEY, 4570000),
        ("1.500,50", MONEY, 1500.5),
    ],
)
def test_printed_number_reads_as(printed, kind, value):
    parsed = parse_number(printed, kind)
    assert parsed.value == pytest.approx(value)
    assert parsed.warning is None and parsed.repair is None


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("31.015.1250", 310151250),  # misplaced separator: the digits are right (Kalaena RKT)
        ("925.921,475", 925921475),  # comma for a thousands dot (Kalaena RA)
        ("1.851.842,950", 1851842950),
        ("38.290.00", 38290000),  # a dropped trailing zero (Kalaena RA)
    ],
)
def test_malformed_budget_is_repaired_and_the_repair_is_said(printed, value):
    parsed = parse_number(printed, MONEY)
    assert parsed.value == value
    assert parsed.repair is not None and printed in parsed.repair


@pytest.mark.parametrize("printed", ["-", "", "  ", "–"])
def test_no_target_is_null_without_a_warning(printed):
    parsed = parse_number(printed)
    assert parsed.value is None and parsed.warning is None


@pytest.mark.parametrize("printed", ["abc", "1.2.3,4,5", "12a", "1..2", ",5,"])
def test_garbage_is_null_with_a_warning_never_a_wrong_number(printed):
    parsed = parse_number(printed)
    assert parsed.value is None
    assert parsed.warning is not None and printed in parsed.warning


def test_a_number_with_more_digits_than_any_budget_is_refused_not_infinite():
    parsed = parse_number("9" * 400)
    assert parsed.value is None and "too many digits" in parsed.warning
