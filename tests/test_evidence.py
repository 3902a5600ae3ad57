"""OCR numbers repaired only with the document's own evidence: quarters that add up to (or reach) the annual target,
a budget list that adds up to its printed total. Examples from the issue, then properties over any amounts
(hypothesis), then whole tables through the normaliser: the same misread cell is repaired when OCR read it and
left alone when a text layer did."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.extract.model import Cell, ExtractedDocument, Row, Segment, Table
from kinerja.normalize.document import normalize_document
from kinerja.normalize.evidence import Number, dropped_shape, misreading, reconcile, solve_sum
from kinerja.normalize.numbers import NumberKind
from kinerja.normalize.values import parse_value


def indonesian(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _num(raw: str, ocr: bool = True) -> Number:
    return Number(raw, parse_value(raw, NumberKind.MONEY).value, ocr, "anggaran")


def test_misreadings_the_issue_names():
    assert misreading("1.250.00", 1_250_000) == "a dropped digit"
    assert misreading("125.000", 1_250_000) == "a dropped digit"
    assert misreading("1.250", 1_250_000) == "a dropped thousands group"
    assert misreading("12.5", 12.5) == "a comma read as a dot"
    assert misreading("1 250 000", 1_250_000) == "a space inside the number"
    assert misreading("1.25O.000", 1_250_000) == "a look-alike letter"
    assert misreading("Rp. 1.250.00", 1_250_000) == "a dropped digit"


def test_other_digits_are_not_a_misreading():
    assert misreading("1.350.000", 1_250_000) is None  # a different digit is not a known slip
    assert misreading("25", 250) is None  # no digit dropped from numbers without thousands groups
    assert misreading("-", 0) is None
    assert not dropped_shape("1.250.000") and dropped_shape("38.290.00")


def test_dropped_digit_found_by_the_printed_total():
    status, fixes = solve_sum([_num("1.250.00"), _num("2.000.000")], _num("3.250.000"))
    assert status == "consistent"  # the parser's reading (a zero at the end) is the one the total confirms
    status, fixes = solve_sum([_num("125.000"), _num("2.000.000")], _num("3.250.000"))
    assert status == "repairable" and (fixes[0].index, fixes[0].value) == (0, 1_250_000)


def test_misread_total_found_by_the_amounts_above_it():
    status, fixes = solve_sum([_num("1.250.000"), _num("2.000.000")], _num("325.000"))
    assert status == "repairable" and (fixes[0].index, fixes[0].value) == (-1, 3_250_000)


def test_two_cells_that_could_each_explain_a_wrong_sum_decide_nothing():
    status, fixes = solve_sum([_num("100.000"), _num("100.000")], _num("1.100.000"))
    assert status == "unexplained" and len(fixes) == 2


def _budget_rows(raws: list[str], total: str, extractor: str = "ocr") -> list[dict]:
    rows = []
    for i, raw in enumerate([*raws, total]):
        v = parse_value(raw, NumberKind.MONEY)
        rows.append({"doc_id": "d", "table_index": 0, "row_index": i, "page": 1, "level": "program",
                     "uraian": "JUMLAH" if i == len(raws) else f"Program {i}", "indikator": None, "sasaran": None,
                     "anggaran": v.value, "anggaran_raw": raw, "target": None, "target_raw": None,
                     "realisasi": None, "realisasi_raw": None, "repairs": [v.repair] if v.repair else [],
                     "warnings": [], "extractor": extractor})
    return rows


# the slips a recogniser makes in an amount: a digit dropped, a zero read as the letter O, a space inside
_SLIPS = st.sampled_from(["drop", "letter", "space"])


def _slip(printed: str, slip: str, at: int) -> str:
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    k = digits[at % len(digits)]
    if slip == "drop":
        return printed[:k] + printed[k + 1:]
    if slip == "letter":
        zeros = [i for i in digits if printed[i] == "0"]
        return printed if not zeros else printed[:zeros[at % len(zeros)]] + "O" + printed[zeros[at % len(zeros)] + 1:]
    dot = printed.find(".")
    return printed if dot < 0 else printed[:dot] + " " + printed[dot + 1:]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(1, 50_000_000).map(lambda n: n * 1000), min_size=2, max_size=8),
       st.integers(0, 7), _SLIPS, st.integers(0, 30), st.booleans())
def test_a_misread_amount_is_repaired_from_the_total_or_said_never_silently_wrong(amounts, which, slip, at, in_total):
    printed = [indonesian(a) for a in amounts]
    total = indonesian(sum(amounts))
    if in_total:
        total = _slip(total, slip, at)
    else:
        which %= len(amounts)
        printed[which] = _slip(printed[which], slip, at)
    rows = _budget_rows(printed, total)
    warnings = reconcile(rows, [])
    for row, truth in zip(rows, [*amounts, sum(amounts)], strict=True):
        if row["anggaran"] == truth:
            if row["anggaran_raw"] != indonesian(truth) and parse_value(row["anggaran_raw"], NumberKind.MONEY).value \
                    != truth:
                assert any("adds up to" in r or "add up to" in r for r in row["repairs"]), row
        else:  # never a wrong number without a warning saying the list does not add up
            assert warnings and (row["warnings"] or rows[-1]["warnings"]), (rows, warnings)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 50_000_000).map(lambda n: n * 1000), min_size=2, max_size=8),
       st.integers(0, 7), _SLIPS, st.integers(0, 30))
def test_born_digital_amounts_are_never_repaired_by_the_total(amounts, which, slip, at):
    printed = [indonesian(a) for a in amounts]
    which %= len(amounts)
    printed[which] = _slip(printed[which], slip, at)
    rows = _budget_rows(printed, indonesian(sum(amounts)), extractor="pdf")
    before = [(r["anggaran"], list(r["repairs"]), list(r["warnings"])) for r in rows]
    assert reconcile(rows, []) == []
    assert [(r["anggaran"], r["repairs"], r["warnings"]) for r in rows] == before


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=4, max_size=4), st.booleans())
def test_quarters_that_add_up_or_reach_the_target_change_nothing(quarters, cumulative):
    if cumulative:
        quarters = sorted(quarters)
    annual = quarters[-1] if cumulative else sum(quarters)
    row = {"table_index": 0, "row_index": 0, "page": 1, "target": float(annual), "target_raw": indonesian(annual),
           "anggaran_raw": None, "repairs": [], "warnings": [], "extractor": "ocr", "uraian": "x"}
    periods = [{"table_index": 0, "row_index": 0, "period": f"TW{q}", "measure": "target", "value": float(v),
                "raw": indonesian(v), "repair": None, "confidence": 0.9} for q, v in enumerate(quarters, 1)]
    assert reconcile([row], periods) == []
    assert row["repairs"] == [] and [p["value"] for p in periods] == [float(v) for v in quarters]


def _quarter_row(raws: list[str], annual: str) -> tuple[dict, list[dict]]:
    target = parse_value(annual)
    row = {"table_index": 0, "row_index": 0, "page": 1, "target": target.value, "target_raw": annual,
           "anggaran_raw": None, "repairs": [], "warnings": [], "extractor": "ocr", "uraian": "x"}
    periods = [{"table_index": 0, "row_index": 0, "period": f"TW{q}", "measure": "target",
                "value": parse_value(raw).value, "raw": raw, "repair": None, "confidence": 0.9}
               for q, raw in enumerate(raws, 1)]
    return row, periods


def test_quarter_with_a_comma_read_as_a_dot_repaired_from_the_annual_target():
    row, periods = _quarter_row(["1,25", "1.250", "1,25", "1,25"], "5,00")  # 1.250 is 1250 the Indonesian way
    assert reconcile([row], periods) == []
    assert periods[1]["value"] == 1.25
    assert row["repairs"] == ["TW2 target '1.250' read as 1,25 (OCR: a comma read as a dot; the quarters add up "
                              "to the annual target 5)"]


def test_cumulative_last_quarter_with_a_dropped_digit_reaches_the_annual_target():
    row, periods = _quarter_row(["250.000", "500.000", "750.000", "100.000"], "1.000.000")
    assert reconcile([row], periods) == []
    assert periods[3]["value"] == 1_000_000
    assert "cumulative: the last quarter reaches the annual target 1.000.000" in row["repairs"][0]


def test_dropped_digit_with_nothing_to_check_it_is_left_empty_with_a_warning():
    rows = _budget_rows(["38.290.00"], "38.290.000")[:1]  # one amount, no total under it
    assert rows[0]["anggaran"] == 38_290_000  # the parser's guess...
    warnings = reconcile(rows, [])
    assert rows[0]["anggaran"] is None and rows[0]["repairs"] == []  # ...is not kept without evidence
    assert rows[0]["warnings"] == ["anggaran '38.290.00' looks misread (a digit missing) and no total or quarters "
                                   "decide it: left empty"]
    assert len(warnings) == 1


def _budget_table(amounts: list[str], total: str, confidence: float | None) -> ExtractedDocument:
    def row(*texts: str) -> Row:
        return Row(tuple(Cell(t, col=i, page=1, bbox=(10.0 * i, 0.0, 10.0 * i + 9, 9.0), confidence=confidence)
                         for i, t in enumerate(texts) if t))

    body = [row(f"{i}.", name, amount) for i, (name, amount) in
            enumerate(zip(["Program Pelayanan Administrasi Perkantoran", "Program Peningkatan Sarana dan "
                           "Prasarana Aparatur", "Program Perencanaan Pembangunan Ekonomi"], amounts, strict=True), 1)]
    body.append(row("", "JUMLAH", total))
    table = Table([Segment([row("No.", "Program", "Anggaran")], body)], index=0)
    return ExtractedDocument([table], ["PERJANJIAN KINERJA TAHUN 2020"], "pdf", pages=1)


def test_scanned_budget_list_dropped_digit_repaired_by_its_printed_total_born_digital_left_alone():
    amounts, total = ["1.830.632.226", "71.920.500", "851.712.490"], "3.401.545.216"  # 719.200.500 lost a 0
    scanned = normalize_document(_budget_table(amounts, total, 0.93), "scan")
    program = scanned.indicators[1]
    assert (program["anggaran"], program["extractor"]) == (719_200_500, "ocr")
    assert program["repairs"] == ["anggaran '71.920.500' read as 719.200.500 (OCR: a dropped digit; the budget list "
                                  "adds up to its printed total 3.401.545.216)"]
    typed = normalize_document(_budget_table(amounts, total, None), "typed")
    assert typed.indicators[1]["anggaran"] == 71_920_500 and typed.indicators[1]["repairs"] == []


def test_quarters_in_another_mode_are_the_audits_to_judge_not_a_misreading():
    row, periods = _quarter_row(["10", "30", "60", "90"], "12")  # shares of the year against a count: no slip fits
    assert reconcile([row], periods) == []
    assert row["warnings"] == [] and row["repairs"] == []


def test_annual_target_with_a_dropped_zero_reached_by_the_cumulative_last_quarter():
    row, periods = _quarter_row(["2.500", "5.000", "7.500", "100.000"], "10.000")
    # the sum (115.000) is no reading of 10.000, nor is 10.000 - 15.000 of TW4; cumulatively the annual 10.000 is
    # 100.000 with a zero dropped, while TW4 100.000 would be 10.000 with a digit added (no known slip)
    assert reconcile([row], periods) == []
    assert row["target"] == 100_000
    assert row["repairs"] == ["target '10.000' read as 100.000 (OCR: a dropped digit; cumulative: the last quarter "
                              "reaches the annual target)"]


def test_two_readings_of_the_annual_target_decide_nothing_and_say_so():
    row, periods = _quarter_row(["1.000", "1.000", "1.000", "100.000"], "10.000")
    # summed, 10.000 could be 103.000 with the 3 dropped; cumulative, 100.000 with a zero dropped
    warnings = reconcile([row], periods)
    assert row["target"] == 10_000 and row["repairs"] == []
    assert row["warnings"] == ["the quarterly targets (1.000, 1.000, 1.000, 100.000) neither add up to nor reach the "
                               "annual target '10.000'; target could be misread, nothing decides which: left as read"]
    assert len(warnings) == 1


def test_quarterly_budget_with_a_dropped_digit_repaired_from_the_annual_budget():
    row, periods = _quarter_row(["25", "25", "25", "25"], "100")
    row.update({"anggaran": 1_000_000_000.0, "anggaran_raw": "1.000.000.000"})
    amounts = ["250.000.000", "25.000.000", "250.000.000", "250.000.000"]  # TW2 lost a zero
    periods += [{"table_index": 0, "row_index": 0, "period": f"TW{q}", "measure": "anggaran",
                 "value": parse_value(raw, NumberKind.MONEY).value, "raw": raw, "repair": None, "confidence": 0.9}
                for q, raw in enumerate(amounts, 1)]
    assert reconcile([row], periods) == []
    assert periods[5]["value"] == 250_000_000
    assert row["repairs"] == ["TW2 anggaran '25.000.000' read as 250.000.000 (OCR: a dropped digit; the quarters add "
                              "up to the annual budget 1.000.000.000)"]


def test_a_row_whose_quarters_check_out_still_has_its_unchecked_budget_doubted():
    row, periods = _quarter_row(["25", "25", "25", "25"], "100")
    row.update({"anggaran": 38_290_000.0, "anggaran_raw": "38.290.00"})
    warnings = reconcile([row], periods)
    assert row["target"] == 100 and row["anggaran"] is None and len(warnings) == 1
