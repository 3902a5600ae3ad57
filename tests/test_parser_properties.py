"""Properties of the cell parsers over any input (hypothesis): no cell can fail its document, every style the
documents print reads back exactly, and a number read at another magnitude than its printed digits allow is always
recorded as a repair (issue 11, item 8)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kinerja.normalize.numbers import NumberKind, parse_number
from kinerja.normalize.triwulan import has_tw_label, read_triwulan, text_before_first_label
from kinerja.normalize.values import parse_value

# a bounded budget, so CI stays quick on two shared cores; `HYPOTHESIS_PROFILE=thorough` style runs can raise it
settings.register_profile("kinerja", max_examples=300, deadline=timedelta(seconds=2),
                          suppress_health_check=[HealthCheck.too_slow])
BUDGET = settings.get_profile("kinerja")

KINDS = st.sampled_from(list(NumberKind))
# text made of what number and TW cells are made of, so the search reaches deep into the parsers
CELLISH = st.text(alphabet=st.sampled_from(list("0123456789.,%-+ :;()/TWIVtwivRp\u2212İı１２Ⅳ％\u00a0\t")), max_size=40)


def _digits_readings(text: str) -> set[float]:
    """Every value the printed digits allow: all separators group thousands, or exactly one marks decimals."""
    body = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-").removesuffix("%").strip()
    body = "".join(body.split())
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    seps = [i for i, ch in enumerate(body) if ch in ".,"]
    digits = "".join(ch for ch in body if ch.isdigit())
    readings = {sign * float(digits)} if digits else set()
    for p in seps:
        whole = "".join(ch for ch in body[:p] if ch.isdigit()) or "0"
        frac = "".join(ch for ch in body[p + 1 :] if ch.isdigit())
        readings.add(sign * float(f"{whole}.{frac or '0'}"))
    return readings


@BUDGET
@given(st.text(max_size=60), KINDS)
@example("TW İ : 5", NumberKind.GENERIC)
@example("\u0130" * 3, NumberKind.MONEY)
def test_no_cell_text_raises_in_any_parser(text, kind):
    number = parse_number(text, kind)
    assert number.value is None or number.warning is None
    value = parse_value(text, kind)
    assert value.raw == " ".join(text.split())
    for quarter in read_triwulan(text, kind):
        assert 1 <= quarter.quarter <= 4
    has_tw_label(text)
    assert len(text_before_first_label(text)) <= len(text)


@BUDGET
@given(CELLISH, KINDS)
@example("99.500%", NumberKind.GENERIC)
@example("38.290.00", NumberKind.MONEY)
@example("5, 10", NumberKind.GENERIC)
def test_a_number_read_at_a_magnitude_its_digits_do_not_give_is_always_a_repair(text, kind):
    """Unrepaired, the value is one the printed digits allow (separators as thousands marks, or one of them as the
    decimal mark); anything else — a zero added, digits dropped — carries a repair note."""
    parsed = parse_number(text, kind)
    if parsed.value is not None and parsed.repair is None:
        assert parsed.value in _digits_readings(text), (text, parsed)


@BUDGET
@given(st.integers(min_value=100, max_value=999), st.integers(min_value=0, max_value=999), st.booleans())
def test_a_percentage_with_three_decimals_after_a_dot_is_a_percentage_and_said(whole, frac, spaced):
    """`99.500%` is 99.5 percent (a repair says how it was read), never 99,500 percent in silence."""
    text = f"{whole}.{frac:03d}{' ' if spaced else ''}%"
    value = parse_value(text)
    assert value.value == pytest.approx(whole + frac / 1000)
    assert value.repair is not None and "percentage" in value.repair


def _grouped(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


@BUDGET
@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(list(NumberKind)))
def test_indonesian_whole_numbers_read_back_exactly(n, kind):
    """`1.378.000` in any column: thousands grouped by dots (a percentage column excepted for 1.000–999.999, where
    a dot and three digits read as decimals, with a repair note)."""
    text = _grouped(n, ".")
    parsed = parse_number(text, kind)
    if kind is NumberKind.PERCENT and text.count(".") == 1:
        assert parsed.repair is not None
        return
    assert (parsed.value, parsed.repair, parsed.warning) == (n, None, None)


@BUDGET
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99), st.sampled_from([1, 2]))
def test_indonesian_decimals_read_back_exactly(whole, cents, places):
    """`1.234,56`, `82,71`, `3,5`: dots group thousands, the comma marks decimals."""
    frac = f"{cents:02d}"[:places]
    text = f"{_grouped(whole, '.')},{frac}"
    parsed = parse_number(text)
    assert parsed.value == float(f"{whole}.{frac}") and parsed.repair is None and parsed.warning is None


@BUDGET
@given(st.integers(min_value=1_000_000, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_english_grouped_numbers_read_back_exactly(whole, cents):
    """`23,665,554,229.00` and `1,378,000`: both marks, or a comma repeated, can only be read one way."""
    assert parse_number(_grouped(whole, ",")).value == whole
    parsed = parse_number(f"{_grouped(whole, ',')}.{cents:02d}")
    assert parsed.value == float(f"{whole}.{cents:02d}") and parsed.repair is None


@BUDGET
@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99), st.sampled_from(
    ["{v}%", "{v} %", "{v} Persen", "{v} (Baik)"]))
def test_percent_and_labelled_values_read_back_exactly(whole, cents, style):
    text = style.format(v=f"{whole},{cents:02d}")
    value = parse_value(text)
    assert value.value == float(f"{whole}.{cents:02d}") and value.warning is None and value.repair is None


@BUDGET
@given(st.integers(min_value=1, max_value=10**11))
def test_budgets_with_rp_read_back_exactly(n):
    value = parse_value(f"Rp {_grouped(n, '.')}", NumberKind.MONEY)
    assert (value.value, value.repair, value.warning) == (n, None, None)


QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
TW_STYLES = ["TW {r} : {v}", "TW-{r} {v}", "TW {n} : {v}", "Triwulan {r}: {v}", "Tw.{n} {v}", "TRW {r} {v}",
             "ＴＷ {r} : {v}"]


@BUDGET
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 100), st.sampled_from(["", "%", " unit"])), min_size=1,
                max_size=4),
       st.sampled_from(TW_STYLES), st.sampled_from([" ", "; ", "\n"]))
@example([(1, 25, "%"), (2, 50, "%")], "TW-{r} {v}", " ")
@example([(1, 5, "")], "TW {r} : {v}", " ")
def test_quarters_read_back_exactly_in_every_printed_style(quarters, style, joiner):
    """`TW I : 50% TW II : 75%`, `TW-I 25% TW-II 50%`, `Triwulan 3: 8 unit`, … each quarter with its value."""
    text = joiner.join(style.format(r=QUARTER_NAMES[q], n=q, v=f"{v}{unit}") for q, v, unit in quarters)
    read = [(q.quarter, q.value.value) for q in read_triwulan(text)]
    assert read == [(q, float(v)) for q, v, _ in quarters]


@pytest.mark.parametrize(("printed", "quarters"), [
    ("TW İ : 5", [(1, 5.0)]),  # a Turkish-keyboard capital I: a KeyError failed the whole document
    ("TW-I 25% TW-II 50%", [(1, 25.0), (2, 50.0)]),  # hyphenated labels gave no quarters
    ("ＴＷ Ⅳ : １０", [(4, 10.0)]),  # full-width letters and digits, the roman numeral four as one character
])
def test_quarter_labels_as_keyboards_print_them(printed, quarters):
    assert [(q.quarter, q.value.value) for q in read_triwulan(printed)] == quarters


def test_a_list_of_two_numbers_is_not_one_decimal():
    """`5, 10` is two numbers, not 5.1: no value, and a warning; `82, 71 (Baik)` is still a score of 82.71."""
    listed = parse_value("5, 10")
    assert listed.value is None and listed.warning is not None
    assert parse_value("82, 71 (Baik)").value == 82.71
