"""Quarterly (triwulan) targets in every printed form.

- stacked, one per physical row: `TW 1 : 8 unit`, then `TW 2 : 5 unit` on the next row;
- inline, in one cell: `TW 1 : 50% TW 2 : - TW 3 : - TW 4 : -`;
- label and value in neighbouring cells: `TW III` `50%` (joined before reading);
- Triwulan I…IV column groups, where the column says the quarter and the cell holds only the value.
This module reads the labelled forms; column groups are read by the table normaliser from the header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .numbers import NumberKind
from .values import Value, parse_value

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# `TW I :`, `TW-II`, `Tw.3`, `Triwulan IV`; matched on text folded by `_fold`
TW_LABEL_RE = re.compile(r"\b(?:TW|TRW|Triwulan|Tw)\.?\s*[-–]?\s*(IV|III|II|I|[1-4])(?![A-Za-z0-9])\s*:?\s*",
                         re.IGNORECASE)
_DOTLESS = str.maketrans({"İ": "I", "ı": "i"})  # Turkish-keyboard I's, which case-fold to two characters


def _fold(text: str) -> tuple[str, list[int]]:
    """The text with NFKC applied character by character (full-width letters and digits, the roman numeral `Ⅳ`)
    and the I's that break case folding made plain; with, for each folded position, its position in `text`."""
    parts, origin = [], []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).translate(_DOTLESS) if ord(ch) > 127 else ch
        parts.append(folded)
        origin.extend([i] * len(folded))
    origin.append(len(text))
    return "".join(parts), origin


@dataclass(frozen=True)
class QuarterValue:
    quarter: int
    value: Value


def has_tw_label(text: str) -> bool:
    return TW_LABEL_RE.search(_fold(text)[0]) is not None


def read_triwulan(text: str, kind: NumberKind = NumberKind.GENERIC) -> list[QuarterValue]:
    """Every `TW n … value` pair in a text, in order; a quarter printed twice is returned twice. Never raises:
    a value that cannot be read is a value with a warning."""
    folded, origin = _fold(text)
    matches = [m for m in TW_LABEL_RE.finditer(folded) if m.group(1).upper() in _ROMAN]
    out: list[QuarterValue] = []
    for i, m in enumerate(matches):
        end = origin[matches[i + 1].start()] if i + 1 < len(matches) else len(text)
        value = text[origin[m.end()] : end].strip(" ;,")
        out.append(QuarterValue(_ROMAN[m.group(1).upper()], parse_value(value, kind)))
    return out


def text_before_first_label(text: str) -> str:
    """What a cell says before its first TW label (an annual target written ahead of the quarters)."""
    folded, origin = _fold(text)
    m = TW_LABEL_RE.search(folded)
    return text[: origin[m.start()]].strip() if m else text.strip()
