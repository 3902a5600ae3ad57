"""A printed target or result cell split into number, unit and grade: `8 unit`, `50 (CC)`, `85,00 (Baik)`, `BB`.

`-` means "no target" and `N/A` "not available": both give no number, and neither is 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .numbers import NumberKind, parse_number, repair_lookalikes

GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")
_GRADE_WORDS = (
    "sangat baik",
    "baik",
    "cukup baik",
    "cukup",
    "kurang",
    "sangat kurang",
    "memuaskan",
    "sangat memuaskan",
    "wtp",
    "wdp",
)
_NOT_AVAILABLE = {"n/a", "na", "n.a", "n.a.", "tidak ada", "belum ada", "nihil"}
_DASHES = {"-", "–", "—", "--"}
_NUMBER = r"[-+]?\d+(?:\s?[.,]\s?\d+)*"
_VALUE_RE = re.compile(
    rf"^(?P<cmp>[<>≤≥]=?|min\.?|maks\.?|max\.?)?\s*(?:rp\.?\s*)?(?P<num>{_NUMBER})\s*(?P<pct>%)?"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"^\(\s*([^()]+?)\s*\)\s*(.*)$")
_GRADED_RE = re.compile(rf"^(?P<grade>[A-Za-z][A-Za-z ]*?)\s*\(\s*(?P<num>{_NUMBER})\s*\)$")
"""A grade with its score in brackets, as SAKIP and IKM targets are printed: `B (65,00)`, `BB (73.50)`."""
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_ROMAN_RE = re.compile(r"^(?P<unit>(?i:level|tingkat|lvl\.?))?\s*(?P<roman>I{1,3}|IV|V)"
                       r"(?:\s*\(\s*(?P<label>[^()]+?)\s*\))?$")
_LEVEL_RE = re.compile(r"^(?i:level|tingkat)\s*(\d)$")
"""Capability levels (APIP, SPIP, manajemen risiko) printed as Roman numerals: `III`, `Level II`."""


@dataclass(frozen=True)
class Value:
    """One printed value, read. `raw` is kept so that nothing the document said is lost."""

    raw: str
    value: float | None = None
    satuan: str | None = None
    label: str | None = None
    warning: str | None = None
    repair: str | None = None

    @property
    def blank(self) -> bool:
        """Nothing printed, or a dash: no target set (not zero)."""
        return self.raw.strip() in _DASHES or not self.raw.strip()


def clean_satuan(text: str) -> str | None:
    """`Orang/ Bulan` → `Orang/Bulan`; empty → None."""
    text = re.sub(r"\s*/\s*", "/", text.strip().strip(".,;:"))
    return " ".join(text.split()) or None


_LEVELS = ("I", "II", "III", "IV", "V")
"""Capability levels printed as roman numerals ("Level kapabilitas APIP: III")."""


def is_grade(text: str) -> bool:
    """A SAKIP grade (`BB`), a grade word (`Baik`, `WTP`) or a capability level (`III`)."""
    return _is_grade(text.strip())


def _is_grade(text: str) -> bool:
    return text.upper() in GRADES or text.lower() in _GRADE_WORDS or text in _LEVELS


def parse_value(text: str, kind: NumberKind = NumberKind.GENERIC) -> Value:
    """Read a target/realisasi/anggaran cell; unreadable text gives no number and a warning, never a guess, and
    never an exception: one cell cannot fail its document."""
    try:
        return _parse_value(text, kind)
    except Exception as exc:  # a shape no rule foresaw: this cell only
        raw = " ".join(str(text).split())
        return Value(raw, warning=f"could not read {raw[:40]!r} ({type(exc).__name__})")


def _parse_value(text: str, kind: NumberKind) -> Value:
    raw = " ".join(text.split())
    text = unicodedata.normalize("NFKC", raw)  # full-width digits, `％`, ligatures: read as their plain forms
    if text in _DASHES or not text:
        return Value(raw)
    if text.lower() in _NOT_AVAILABLE:
        return Value(raw, label="N/A")
    roman = _ROMAN_RE.match(text)
    if roman:  # a capability level: read as its number, printed form kept as the label (upper case only: a lone
        # `v` ticks a month in schedule columns, it is not 5)
        numeral, note = roman.group("roman"), roman.group("label")
        return Value(raw, value=float(_ROMAN[numeral]), satuan="Level" if roman.group("unit") else None,
                     label=f"{numeral} ({note})" if note else numeral)
    level = _LEVEL_RE.match(text)
    if level:
        return Value(raw, value=float(level.group(1)), satuan="Level")
    if _is_grade(text):
        return Value(raw, label=text.upper() if text.upper() in GRADES else text)
    graded = _GRADED_RE.match(text)
    if graded and _is_grade(graded.group("grade")):  # the score is the number, the grade its label
        grade = graded.group("grade")
        score = parse_number(graded.group("num"), kind)
        if score.value is not None:
            return Value(raw, value=score.value, label=grade.upper() if grade.upper() in GRADES else grade,
                         repair=score.repair)
    fixed, lookalike = repair_lookalikes(text, kind)
    if lookalike:
        value = _parse_value(fixed, kind)
        repair = "; ".join(r for r in (lookalike, value.repair) if r) if value.value is not None else None
        return Value(raw, value.value, value.satuan, value.label, value.warning, repair)
    m = _VALUE_RE.match(text)
    if not m:
        return Value(raw, warning=f"no number in {raw!r}")
    number = parse_number(m.group("num"), NumberKind.PERCENT if m.group("pct") else kind)
    if number.value is None:
        return Value(raw, warning=number.warning)
    rest = m.group("rest").strip()
    label = None
    lm = _LABEL_RE.match(rest)
    if lm:
        label, rest = lm.group(1), lm.group(2).strip()
    if m.group("cmp"):
        label = f"{m.group('cmp')} {label}".strip() if label else m.group("cmp")
    satuan = "%" if m.group("pct") else clean_satuan(rest)
    if satuan and satuan.lower().startswith("rp"):
        satuan = "Rp"
    if satuan and re.search(r"\d", satuan) and not re.search(r"[A-Za-z]", satuan):
        return Value(raw, warning=f"more than one number in {raw!r}")
    return Value(raw, value=number.value, satuan=satuan, label=label, repair=number.repair)
