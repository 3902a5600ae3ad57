"""OCR'd numbers checked against the document's own arithmetic, and repaired only when the arithmetic decides.

A recogniser misreads digits in known ways: a comma seen as a dot (`12.5` for `12,5`), a space inside a number
(`1 250`), a look-alike letter (`2S`), a dropped digit or thousands group (`1.250.00` or `125.000` for
`1.250.000`). Most such misreadings still look like numbers, so the cell alone cannot tell. A document carries its
own checks: a row's quarterly targets add up to its annual target (or, for a cumulative target, the last quarter
reaches it), and a budget list adds up to its printed total (`JUMLAH`, `TOTAL`). `reconcile` runs these checks
over a document's finished rows. When a check fails and exactly one cell's printed text can be read as the value
that makes it hold, that reading is taken and the repair is listed with its evidence; when no single reading
explains the failure, nothing changes and a warning says so. A number whose shape shows a dropped digit
(`38.290.00`) that no check confirms is left empty with a warning: the missing digit would be a guess.

Only OCR cells are touched: a born-digital document's numbers are what its author typed. This runs after the rows
are built, on the rows alone (nothing here reads the table or the source).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]

_LOOKALIKES = "OoDIl|SB"
_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
_NUMBER_RE = re.compile(rf"[\d{re.escape(_LOOKALIKES)}](?:[\d{re.escape(_LOOKALIKES)}.,]|\s(?=[\d.,]))*")
_PREFIX_RE = re.compile(r"^\s*(?:[<>≤≥]=?\s*)?(?:rp\.?\s*)?", re.IGNORECASE)
_DROPPED_SHAPE_RE = re.compile(r"^\d{1,3}(?:([.,])\d{3})*\1\d{1,2}$")
"""Group marks of one kind, the last group cut short: `38.290.00`, `1.250.00` (a digit or two went missing)."""
_BLANK = {"", "-", "–", "—", "--"}
_TOTAL_RE = re.compile(r"^(?:jumlah|total|sub ?total)(?:\s+(?:anggaran|biaya|dana|pagu|seluruhnya|keseluruhan))?"
                       r"\s*:?$", re.IGNORECASE)


def number_text(raw: str) -> str | None:
    """The printed number inside a value cell (`Rp. 1.25O.000`, `85,5 %`), as recognised; None without one."""
    rest = _PREFIX_RE.sub("", raw or "")
    m = _NUMBER_RE.match(rest)
    if m is None or not any(ch.isdigit() for ch in m.group(0)):
        return None
    return m.group(0).strip(" .,")


def _digits(number: str) -> str:
    return "".join(ch for ch in number.translate(_LOOKALIKE_DIGITS) if ch.isdigit())


def printed_digits(value: float) -> list[str]:
    """The digit strings `value` is printed with: `1250000`, `125000000` (`1.250.000,00`), `8550` (`85,50`)."""
    if value < 0:
        return []
    if float(value).is_integer():
        whole = str(int(value))
        return [whole, whole + "00"]
    forms: list[str] = []
    for places in (2, 1, 3):
        text = f"{value:.{places}f}"
        if abs(float(text) - value) < 1e-9:
            forms.append(text.replace(".", "").lstrip("0") or "0")
    return list(dict.fromkeys(forms))


def misreading(raw: str, value: float) -> str | None:
    """How the OCR text `raw` can be a misreading of the printed number `value`, in words; None when it cannot.

    Same digits with other marks (a comma read as a dot, spaces inside), look-alike letters, or, for whole numbers
    with thousands groups, one digit or one whole group dropped. Nothing else: an arbitrary change of digits is
    not a misreading, so a check that fails for another reason finds no explanation here.
    """
    number = number_text(raw)
    if number is None:
        return None
    digits = _digits(number)
    how: list[str] = []
    if any(ch in _LOOKALIKES for ch in number):
        how.append("a look-alike letter")
    if " " in number:
        how.append("a space inside the number")
    if digits in printed_digits(value):
        if not how:
            how.append("a comma read as a dot" if "." in number else
                       "a dot read as a comma" if "," in number else "its marks misread")
        return "; ".join(how)
    if value >= 1000 and float(value).is_integer():
        whole = str(int(value))
        cents = re.match(r"^(.*\d)[.,]0{1,2}$", number)  # `1.250.00,00` or a cut `1.250.00`: whole part too
        for seen in dict.fromkeys([digits, *([_digits(cents.group(1))] if cents else [])]):
            k = len(whole) - len(seen)
            if k in (1, 3) and seen and any(whole[:i] + whole[i + k:] == seen for i in range(len(whole) - k + 1)):
                how.append("a dropped thousands group" if k == 3 else "a dropped digit")
                return "; ".join(how)
    return None


def dropped_shape(raw: str) -> bool:
    """A number whose last group is cut short (`38.290.00`): a digit went missing, which one the shape cannot
    say."""
    number = number_text(raw)
    return number is not None and _DROPPED_SHAPE_RE.match(number) is not None


@dataclass
class Number:
    """One number of a check: its printed text, the value read, whether OCR read it, and how to change it."""

    raw: str | None
    value: float | None
    ocr: bool
    name: str
    """How the repair names it: `TW3 target`, `anggaran`, `total`."""
    apply: Callable[[float | None, str], None] = lambda value, note: None

    @property
    def blank(self) -> bool:
        return (self.raw or "").strip() in _BLANK and self.value is None

    @property
    def amount(self) -> float | None:
        return 0.0 if self.blank else self.value


@dataclass(frozen=True)
class Fix:
    """One cell read another way, and the words that say how and on what evidence."""

    index: int
    """Position in the check's numbers; -1 is the total."""
    value: float
    how: str


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 + 1e-9 * max(abs(a), abs(b))


def solve_sum(parts: Sequence[Number], total: Number) -> tuple[str, list[Fix]]:
    """Whether `parts` add up to `total`: `consistent`, `repairable` (exactly one OCR cell's text reads as the
    value that makes them add up: that fix), `unexplained` (no single reading, or more than one, explains it),
    or `unchecked` (too little read to check)."""
    amounts = [p.amount for p in parts]
    if total.value is None and not total.ocr:
        return "unchecked", []
    if total.value is not None and None not in amounts and _close(sum(amounts), total.value):  # type: ignore[arg-type]
        return "consistent", []
    fixes: list[Fix] = []
    for i, part in enumerate(parts):
        others = [a for j, a in enumerate(amounts) if j != i]
        if not part.ocr or part.blank or total.value is None or None in others:
            continue
        need = round(total.value - sum(others), 6)  # type: ignore[arg-type]
        how = misreading(part.raw or "", need) if need >= 0 and not _same(part.value, need) else None
        if how:
            fixes.append(Fix(i, need, how))
    if total.ocr and None not in amounts:
        need = round(sum(amounts), 6)  # type: ignore[arg-type]
        how = misreading(total.raw or "", need) if not _same(total.value, need) else None
        if how:
            fixes.append(Fix(-1, need, how))
    if None in amounts and total.value is None:
        return "unchecked", []
    return ("repairable", fixes) if len(fixes) == 1 else ("unexplained", fixes)


def solve_last(quarters: Sequence[Number], annual: Number) -> tuple[str, list[Fix]]:
    """Whether the last quarter reaches the annual target (a cumulative target), in `solve_sum`'s terms."""
    printed = [q for q in quarters if not q.blank]
    if not printed or (annual.value is None and not annual.ocr):
        return "unchecked", []
    last = printed[-1]
    index = list(quarters).index(last)
    if last.value is not None and annual.value is not None and _close(last.value, annual.value):
        return "consistent", []
    fixes: list[Fix] = []
    if last.ocr and annual.value is not None and not _same(last.value, annual.value):
        how = misreading(last.raw or "", annual.value)
        if how:
            fixes.append(Fix(index, annual.value, how))
    if annual.ocr and last.value is not None and not _same(annual.value, last.value):
        how = misreading(annual.raw or "", last.value)
        if how:
            fixes.append(Fix(-1, last.value, how))
    return ("repairable", fixes) if len(fixes) == 1 else ("unexplained", fixes)


def _same(value: float | None, other: float) -> bool:
    return value is not None and _close(value, other)


def _fmt(value: float | None) -> str:
    if value is None:
        return "nothing"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:g}".replace(".", ",")


def _without_guess(repairs: list[str] | None, raw: str | None) -> list[str]:
    """Repairs without the parser's own reading of `raw` (`38.290.00 read as 38290000`): the evidence's replaces
    it."""
    number = number_text(raw or "")
    return [r for r in repairs or [] if not (number and r.startswith(f"{number} read as"))]


def _resolved(row: Row, raw: str | None) -> None:
    """The row's warnings about `raw` (`not a number: '1.250.00 .000'`) dropped: the evidence has read it."""
    if raw:
        row["warnings"] = [w for w in row["warnings"] if repr(raw) not in w]


def _period_apply(period: Row, row: Row) -> Callable[[float | None, str], None]:
    def apply(value: float | None, note: str) -> None:
        _resolved(row, period["raw"])
        period["value"] = value
        kept = _without_guess((period.get("repair") or "").split("; "), period["raw"])
        period["repair"] = "; ".join([*(r for r in kept if r), note])
        row["repairs"] = [*_without_guess(row["repairs"], period["raw"]), note]
    return apply


def _field_apply(row: Row, field: str) -> Callable[[float | None, str], None]:
    def apply(value: float | None, note: str) -> None:
        _resolved(row, row.get(f"{field}_raw"))
        row[field] = value
        row["repairs"] = [*_without_guess(row["repairs"], row.get(f"{field}_raw")), note]
    return apply


def _ocr_row(row: Row) -> bool:
    return row.get("extractor") == "ocr"


def reconcile(indicators: list[Row], periods: list[Row]) -> list[str]:
    """Check every OCR row's quarters against its annual target and every OCR budget list against its printed
    total; apply the repairs the checks decide (in the rows' `repairs`) and return the document's warnings."""
    warnings: list[str] = []
    checked: set[Any] = set()
    by_row: dict[tuple[int, int], list[Row]] = {}
    for p in periods:
        by_row.setdefault((p["table_index"], p["row_index"]), []).append(p)
    for row in indicators:
        if _ocr_row(row):
            for measure in ("target", "anggaran"):
                warnings += _quarters(row, by_row.get((row["table_index"], row["row_index"]), []), checked, measure)
    warnings += _budget_totals([r for r in indicators if _ocr_row(r)], checked)
    warnings += _unconfirmed(indicators, periods, checked)
    return warnings


def _warn(row: Row, message: str) -> list[str]:
    """A warning on its row and for the document."""
    row["warnings"].append(message)
    return [f"{_where(row)}: {message}"]


def _where(row: Row) -> str:
    if row.get("page") is not None:
        return f"page {row['page']} table {row['table_index']} row {row['row_index']}"
    return f"table {row['table_index']} row {row['row_index']}"


_QUARTER_RE = re.compile(r"^TW([1-4])$")


def _quarters(row: Row, periods: list[Row], checked: set[Any], measure: str) -> list[str]:
    """A row's quarterly targets (or quarterly budgets) against its annual one: summed, or cumulative (the last
    reaches it)."""
    quarters = sorted((p for p in periods if p["measure"] == measure and _QUARTER_RE.match(p["period"] or "")),
                      key=lambda p: p["period"])
    if len(quarters) < 2 or len({p["period"] for p in quarters}) != len(quarters) or row.get(f"{measure}_raw") is None:
        return []
    word = "target" if measure == "target" else "budget"
    nums = [Number(p["raw"], p["value"], p.get("confidence") is not None, f"{p['period']} {measure}",
                   _period_apply(p, row)) for p in quarters]
    annual = Number(row[f"{measure}_raw"], row[measure], True, measure, _field_apply(row, measure))
    total, fixes = solve_sum(nums, annual)
    last, last_fixes = solve_last(nums, annual)
    summed, cumulative = (f"the quarters add up to the annual {word}",
                          f"cumulative: the last quarter reaches the annual {word}")
    if "consistent" in (total, last):
        _confirm([*nums, annual], summed if total == "consistent" else cumulative)
        checked.update(id(p) for p in quarters)
        checked.add((id(row), measure))
        return []
    candidates = [(f, summed) for f in fixes if total == "repairable"]
    candidates += [(f, cumulative) for f in last_fixes if last == "repairable"]
    if total == "unchecked" and last == "unchecked":
        return []
    if len({(f.index, f.value) for f, _ in candidates}) == 1:
        fix, why = candidates[0]
        target = annual if fix.index == -1 else nums[fix.index]
        evidence = (f"the quarters add up to {_fmt(fix.value)}" if fix.index == -1 and "add up" in why
                    else why if fix.index == -1 else f"{why} {_fmt(annual.value)}")
        target.apply(fix.value, f"{target.name} {target.raw!r} read as {_fmt(fix.value)} (OCR: {fix.how}; "
                                f"{evidence})")
        checked.update(id(p) for p in quarters)
        checked.add((id(row), measure))
        return []
    if not candidates and not (fixes or last_fixes):
        return []  # quarters in another mode (a level held, per-quarter shares): the audit's to judge, not a misread
    named = sorted({(nums[f.index] if f.index >= 0 else annual).name for f in [*fixes, *last_fixes]})
    return _warn(row, f"the quarterly {word}s ({', '.join(n.raw or '-' for n in nums)}) neither add up to nor "
                      f"reach the annual {word} {row[f'{measure}_raw']!r}; {' or '.join(named)} could be misread, "
                      "nothing decides which: left as read")


def _budget_totals(rows: list[Row], checked: set[Any]) -> list[str]:
    """Each budget list against the total printed under it (`JUMLAH`, `TOTAL`), table by table."""
    warnings: list[str] = []
    tables: dict[int, list[Row]] = {}
    for row in rows:
        tables.setdefault(row["table_index"], []).append(row)
    for table in tables.values():
        parts: list[Row] = []
        for row in sorted(table, key=lambda r: r["row_index"]):
            if row.get("anggaran_raw") is None:
                continue
            if _is_total(row):
                warnings += _budget_check(parts, row, checked)
                parts = []
            else:
                parts.append(row)
    return warnings


def _is_total(row: Row) -> bool:
    name = row.get("uraian") or row.get("indikator") or row.get("sasaran") or ""
    return _TOTAL_RE.match(name.strip()) is not None


def _budget_check(parts: list[Row], total_row: Row, checked: set[Any]) -> list[str]:
    if len(parts) < 2:
        return []
    total = Number(total_row["anggaran_raw"], total_row["anggaran"], True, "total anggaran",
                   _field_apply(total_row, "anggaran"))
    groups = [parts]
    levels = {r.get("level") for r in parts}
    if len(levels) > 1:  # a program's amount over its kegiatan's: only one level adds up to the total
        groups += [[r for r in parts if r.get("level") == level] for level in levels]
    found: list[tuple[list[Row], list[Number], Fix]] = []
    for group in groups:
        nums = [Number(r["anggaran_raw"], r["anggaran"], True, "anggaran", _field_apply(r, "anggaran"))
                for r in group]
        status, fixes = solve_sum(nums, total)
        if status == "consistent":
            _confirm([*nums, total], f"the budget list adds up to its printed total {_fmt(total.value)}")
            checked.update((id(r), "anggaran") for r in group)
            checked.add((id(total_row), "anggaran"))
            return []
        if status == "repairable":
            found.append((group, nums, fixes[0]))
    if len({(id(g[f.index]) if f.index >= 0 else -1, f.value) for g, _, f in found}) == 1:
        group, nums, fix = found[0]
        target = total if fix.index == -1 else nums[fix.index]
        evidence = (f"the {len(group)} amounts above it add up to {_fmt(fix.value)}" if fix.index == -1 else
                    f"the budget list adds up to its printed total {_fmt(total.value)}")
        target.apply(fix.value, f"{target.name} {target.raw!r} read as {_fmt(fix.value)} (OCR: {fix.how}; "
                                f"{evidence})")
        checked.update((id(r), "anggaran") for r in group)
        checked.add((id(total_row), "anggaran"))
        return []
    return _warn(total_row, f"the budget list does not add up to its printed total {total.raw!r}, and no single "
                            "misreading explains it: amounts left as read")


def _confirm(numbers: Sequence[Number], evidence: str) -> None:
    """The parser's reading of a number with a digit missing (`38.290.00` as 38290000), confirmed by a check:
    said with its evidence."""
    for n in numbers:
        if n.ocr and n.value is not None and dropped_shape(n.raw or ""):
            n.apply(n.value, f"{n.name} {n.raw!r} read as {_fmt(n.value)} (OCR: a dropped digit; {evidence})")


def _unconfirmed(indicators: list[Row], periods: list[Row], checked: set[Any]) -> list[str]:
    """OCR numbers whose shape shows a dropped digit, confirmed by no check: emptied, with a warning."""
    warnings: list[str] = []
    by_row = {(r["table_index"], r["row_index"]): r for r in indicators}
    for row in indicators:
        if not _ocr_row(row):
            continue
        for field in ("target", "realisasi", "anggaran"):
            raw = row.get(f"{field}_raw")
            if raw and row.get(field) is not None and (id(row), field) not in checked and dropped_shape(raw):
                row[field] = None
                row["repairs"] = _without_guess(row["repairs"], raw)
                warnings += _warn(row, f"{field} {raw!r} looks misread (a digit missing) and no total or quarters "
                                       "decide it: left empty")
    for p in periods:
        if p.get("confidence") is None or id(p) in checked or p.get("value") is None or not dropped_shape(p["raw"]):
            continue
        row = by_row.get((p["table_index"], p["row_index"]))
        p["value"] = None
        p["repair"] = None
        message = (f"{p['period']} {p['measure']} {p['raw']!r} looks misread (a digit missing) and no total or "
                   "quarters decide it: left empty")
        if row is None:
            warnings.append(f"{_where(p)}: {message}")
            continue
        row["repairs"] = _without_guess(row["repairs"], p["raw"])
        warnings += _warn(row, message)
    return warnings
