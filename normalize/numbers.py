"""Indonesian numbers as printed: `1.378.000`, `82,71`, `82, 71`, `86.92`, `3,5`, and the slips OCR makes.

`.` groups thousands and `,` marks decimals, but writers mix styles, so a number is read from its shape and the
column it stands in: a budget column holds whole rupiah, a score two decimals. A number that had to be repaired
(`31.015.1250`, `925.921,475`, `38.290.00`) is returned with the repair described, never silently.

Some offices print the English way (`23,665,554,229.00`, `89.16%`). That is a property of the document, so
`infer_style` reads it from the document's own cells and `number_style` makes every number of that document read
that way (the separators' roles swapped), born-digital or scanned alike.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum


class NumberStyle(Enum):
    """Which mark groups thousands and which marks decimals, for a whole document."""

    INDONESIAN = "id"  # 23.665.554.229 · 85,50
    ENGLISH = "en"  # 23,665,554,229.00 · 89.16


_STYLE: ContextVar[NumberStyle] = ContextVar("number_style", default=NumberStyle.INDONESIAN)
_SWAP = str.maketrans(",.", ".,")
# only shapes that cannot be read both ways count as evidence: a group mark repeated, or both marks in order
_ENGLISH_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{1,2}(?![\d.,])|(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d.,])")
_INDONESIAN_RE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d.,])|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])"
)


def infer_style(texts: Iterable[str]) -> tuple[NumberStyle, int, int]:
    """The document's number style from its own cells, and the counts of English and Indonesian evidence.

    English only when the document shows English shapes (`452,750,000`, `1,250.50`) and no Indonesian ones
    (`1.378.000`, `1.500,50`), or ten times as many: a lone odd cell does not turn a document around.
    """
    english = indonesian = 0
    for text in texts:
        english += len(_ENGLISH_RE.findall(text))
        indonesian += len(_INDONESIAN_RE.findall(text))
    style = NumberStyle.ENGLISH if english and english >= 10 * indonesian else NumberStyle.INDONESIAN
    return style, english, indonesian


_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})
# a look-alike letter counts only inside a number: digits (or marks) on both sides, or leading two or more digits
_LOOKALIKE_RE = re.compile(r"(?<=[\d.,])[OoDIl|SB]+(?=[\d.,])|(?<![\w.,])[OoIl|](?=[\d.,]*\d{2})")
_SPACED_GROUPS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]? \d{3}){2,}(?![\d])")


def repair_lookalikes(text: str, kind: NumberKind) -> tuple[str, str | None]:
    """OCR's letter-for-digit slips inside a number (`1.83O.632`, `l00`, `2S`), and spaces it put between a budget's
    digit groups (`1 830 632 226`), repaired only where the cell is a value cell and the letters stand inside
    digits; returns the text and the repair said in words, or the text unchanged and None."""
    fixed = _LOOKALIKE_RE.sub(lambda m: m.group(0).translate(_LOOKALIKE), text)
    if kind is NumberKind.MONEY:
        fixed = _SPACED_GROUPS_RE.sub(lambda m: m.group(0).replace(" ", ""), fixed)
    if fixed == text:
        return text, None
    return fixed, f"{text.strip()} read as {fixed.strip()} (OCR: a look-alike letter or a space inside a number)"


@contextlib.contextmanager
def number_style(style: NumberStyle) -> Iterator[None]:
    """Read every number parsed inside the block in `style` (one document's normalisation)."""
    token = _STYLE.set(style)
    try:
        yield
    finally:
        _STYLE.reset(token)


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


def parse_number(text: str, kind: NumberKind = NumberKind.GENERIC, style: NumberStyle | None = None) -> ParsedNumber:
    """Read one printed number; `-` and empty give None without a warning, garbage None with one. Never raises:
    a number that cannot be read is None with a warning, so one cell cannot fail its document.

    `style` defaults to the document's (see `number_style`); an English number is read by swapping its marks.
    """
    try:
        if (style or _STYLE.get()) is NumberStyle.ENGLISH and ("," in text or "." in text):
            return _english(text, kind)
        return _parse_number(text, kind)
    except Exception as exc:  # a shape no rule foresaw: this cell only
        return ParsedNumber(None, warning=f"could not read {text[:40]!r} ({type(exc).__name__})")


def _english(text: str, kind: NumberKind) -> ParsedNumber:
    """An English-style number read as the Indonesian one it mirrors; repairs and warnings name it as printed."""
    parsed = _parse_number(text.translate(_SWAP), kind)
    swapped = text.strip().translate(_SWAP)
    if parsed.repair:
        return ParsedNumber(parsed.value, parsed.repair.replace(swapped, text.strip()), parsed.warning)
    if parsed.warning:
        return ParsedNumber(parsed.value, parsed.repair, parsed.warning.replace(repr(swapped), repr(text)))
    return parsed


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
