"""Quarterly (triwulan) targets in every printed form.

- stacked, one per physical row: `TW 1 : 8 unit`, then `TW 2 : 5 unit` on the next row;
- inline, in one cell: `TW 1 : 50% TW 2 : - TW 3 : - TW 4 : -`;
- label and value in neighbouring cells: `TW III` `50%` (joined before reading);
- Triwulan I…IV column groups, where the column says the quarter and the cell holds only the value.
This module reads the labelled forms; column groups are read by the table normaliser from the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NumberKind
from .values import Value, parse_value

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
TW_LABEL_RE = re.compile(r"\b(?:TW|TRW|Triwulan|Tw)\.?\s*(IV|III|II|I|[1-4])(?![A-Za-z0-9])\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class QuarterValue:
    quarter: int
    value: Value


def has_tw_label(text: str) -> bool:
    return TW_LABEL_RE.search(text) is not None


def read_triwulan(text: str, kind: NumberKind = NumberKind.GENERIC) -> list[QuarterValue]:
    """Every `TW n … value` pair in a text, in order; a quarter printed twice is returned twice."""
    matches = list(TW_LABEL_RE.finditer(text))
    out: list[QuarterValue] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        quarter = _ROMAN[m.group(1).upper()]
        out.append(QuarterValue(quarter, parse_value(text[m.end() : end].strip(" ;,"), kind)))
    return out


def text_before_first_label(text: str) -> str:
    """What a cell says before its first TW label (an annual target written ahead of the quarters)."""
    m = TW_LABEL_RE.search(text)
    return text[: m.start()].strip() if m else text.strip()
