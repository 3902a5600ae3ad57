"""Indonesian numbers as printed: `1.378.000`, `82,71`, `82, 71`, `86.92`, `3,5`, and the slips OCR makes.

`.` groups thousands and `,` marks decimals, but writers mix styles, so a number is read from its shape and the
column it stands in: a budget column holds whole rupiah, a score two decimals. A number that had to be repaired
(`31.015.1250`, `925.921,475`, `38.290.00`) is returned with the repair described, never silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class NumberKind(Enum):
    """What a column holds, which decides how an ambiguous number is read."""

    GENERIC = "generic"
    MONEY = "money"  # whole rupiah: `.` and `,` can only group thousands
    PERCENT = "percent"


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None
    repair: str | None = None
    """How a malformed number was read ("31.015.1250 read as 310151250"), else None."""
    warning: str | None = None
    """Why nothing could be read, else None."""


# a space after a separator that PDF text or OCR put in a number: `82, 71`, `1. 378.000`; not a list (`5, 10`)
_SPACED_RE = re.compile(r"(?<=\d\d)\s*(,)\s+(?=\d\d(?![\d.,]))|(?<=\d)\s*([.,])\s+(?=\d{3}(?!\d))")
_SHAPE_RE = re.compile(r"^[-+]?\d+(?:[.,]\d+)*$")


def parse_number(text: str, kind: NumberKind = NumberKind.GENERIC) -> ParsedNumber:
    """Read one printed number; `-` and empty give None without a warning, garbage None with one. Never raises:
    a number that cannot be read is None with a warning, so one cell cannot fail its document."""
    try:
        return _parse_number(text, kind)
    except Exception as exc:  # a shape no rule foresaw: this cell only
        return ParsedNumber(None, warning=f"could not read {text[:40]!r} ({type(exc).__name__})")


def _parse_number(text: str, kind: NumberKind) -> ParsedNumber:
    raw = text
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if text in ("", "-", "–", "—"):
        return ParsedNumber(None)
    text = _SPACED_RE.sub(lambda m: m.group(1) or m.group(2), text)
    if not _SHAPE_RE.match(text):
        return ParsedNumber(None, warning=f"not a number: {raw!r}")
    if sum(ch.isdigit() for ch in text) > 15:  # beyond any budget, and beyond what a float holds exactly
        return ParsedNumber(None, warning=f"too many digits to be a number: {raw[:40]!r}")
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-")
    dots, commas = body.count("."), body.count(",")
    if kind is NumberKind.MONEY:
        return _money(body, sign, raw)
    if dots and commas:
        last_dot, last_comma = body.rfind("."), body.rfind(",")
        decimal, group = (",", ".") if last_comma > last_dot else (".", ",")
        if body.count(decimal) > 1 or not _groups_ok(body.split(decimal)[0], group):
            return ParsedNumber(None, warning=f"malformed number: {raw!r}")
        return ParsedNumber(sign * float(body.replace(group, "").replace(decimal, ".")))
    if dots > 1 or commas > 1:
        sep = "." if dots else ","
        if _groups_ok(body, sep):
            return ParsedNumber(sign * float(body.replace(sep, "")))
        return ParsedNumber(None, warning=f"malformed number: {raw!r}")
    if dots == 1:
        whole, frac = body.split(".")
        if len(frac) == 3 and whole != "0" and (percent or kind is NumberKind.PERCENT):
            # 99.500% is ninety-nine and a half percent, not 99,500 percent: read so, and say so
            value = sign * float(body)
            return ParsedNumber(value, repair=f"{raw.strip()} read as {value:g} (a percentage: the dot marks "
                                              "decimals)")
        if len(frac) == 3 and whole != "0":  # 1.378 = one thousand three hundred seventy-eight
            return ParsedNumber(sign * float(whole + frac))
        return ParsedNumber(sign * float(body))
    if commas == 1:
        return ParsedNumber(sign * float(body.replace(",", ".")))
    return ParsedNumber(sign * float(body))


def _groups_ok(body: str, sep: str) -> bool:
    head, *rest = body.split(sep)
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in rest)


def _money(body: str, sign: float, raw: str) -> ParsedNumber:
    """Whole rupiah: every separator groups thousands; irregular groups are OCR slips, repaired and said so."""
    groups = re.split(r"[.,]", body)
    if body.count(",") == 1:
        whole, cents = body.split(",")
        if len(cents) in (1, 2) and (whole.isdigit() or _groups_ok(whole, ".")):
            return ParsedNumber(sign * float(whole.replace(".", "") + "." + cents))  # 1.500,50: rupiah, sen
    if len(groups) == 1 or _groups_ok(body.replace(",", "."), "."):
        value = float("".join(groups))
        repair = f"{raw.strip()} read as {int(value)} (comma used as thousands mark)" if "," in body else None
        return ParsedNumber(sign * value, repair=repair)
    head, rest = groups[0], groups[1:]
    if len(head) > 3 or any(len(g) > 3 for g in rest) or any(len(g) < 3 for g in rest[:-1]):
        value = float("".join(groups))  # separators misplaced: the digits are right (31.015.1250)
    else:
        value = float("".join(groups[:-1]) + groups[-1].ljust(3, "0"))  # a dropped trailing zero (38.290.00)
    return ParsedNumber(sign * value, repair=f"{raw.strip()} read as {int(value)}")
