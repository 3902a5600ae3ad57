"""The hierarchy level of a row: tujuan, sasaran (strategis/program/kegiatan), program, kegiatan, sub kegiatan.

Evidence, strongest first: what the row's own text says (`Program …`, `Kegiatan …`, `A. PROGRAM …`), a level
marker row above it ("Sasaran Program"), the header of its band ("Sasaran Kegiatan", "SUB KEGIATAN"), the form
of the name (an outcome statement "Meningkatnya …" is a sasaran), and last the row's place in the sequence
(a row after a program is a kegiatan; a percentage-of-achievement indicator marks a kegiatan among sub kegiatan).
The canonical nomenclature, when matched, has the last word (see the matching step).
"""

from __future__ import annotations

import re

from ..extract import headers as h
from ..extract.model import Row

SASARAN_LEVELS = ("sasaran_strategis", "sasaran_program", "sasaran_kegiatan", "sasaran_sub_kegiatan")
_PREFIX_RE = re.compile(
    r"^(?:[A-Z]|\d{1,2}|[IVX]{1,4})?[.)]?\s*(sub\s*(?:kegiatan|kegitan|kegiaan|kgiatan)|kegiatan|kegitan|kegiaan|kgiatan"
    r"|program|proram|progam|progrm|pogram)\b",
    re.IGNORECASE,
)
"""The level word a name starts with, typed as printed (`Proram`, `KEGITAN` are still read)."""
_OUTCOME_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s*)?(?:meningkat|menurun|terwujud|tercapai|terpenuhi|terjamin|terbangun|berkurang|"
    r"peningkatan kualitas|mewujudkan|meningkatkan)",
    re.IGNORECASE,
)
_SHARE_INDICATOR_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s*)?(?:persentase|presentase|prosentase|percentase|cakupan|rata-rata|tingkat)\b",
    re.IGNORECASE,
)


def level_from_prefix(name: str) -> str | None:
    """`Program …` → program, `2. Kegiatan …` → kegiatan, `Sub Kegiatan …` → sub_kegiatan."""
    m = _PREFIX_RE.match(name.strip())
    if not m:
        return None
    word = m.group(1).lower().replace(" ", "")
    if word.startswith("sub"):
        return "sub_kegiatan"
    return "kegiatan" if word.startswith("k") else "program"


def is_outcome_statement(name: str) -> bool:
    """"Meningkatnya kualitas …": the wording of a sasaran, not of a program or kegiatan name."""
    return bool(_OUTCOME_RE.match(name.strip()))


def marker_level(row: Row) -> str | None:
    """A row that only says "Sasaran Program" (or "Program", "Sub Kegiatan"): the level of the rows below it."""
    if len(row.cells) != 1:
        return None
    role = h.header_role(row.cells[0].text)
    if role is not None and role.level and role.role in (h.SASARAN, h.URAIAN):
        return role.level
    return None


_BAND_RE = re.compile(
    r"^(?:(?:\d{1,2}|[A-Z]|[IVX]{1,4})[.)]?\s*)?(sasaran(?:\s+strategis)?|tujuan|program|sub\s*kegiatan|kegiatan)"
    r"\s*\d{0,2}\s*:\s*(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_BAND_LEVELS = {"sasaran": "sasaran_strategis", "sasaranstrategis": "sasaran_strategis", "tujuan": "tujuan",
                "program": "program", "kegiatan": "kegiatan", "subkegiatan": "sub_kegiatan"}


def band_row(row: Row) -> tuple[str, str] | None:
    """A row printed across the table that names the sasaran (or program …) of the rows under it:
    `1. Sasaran : Meningkatnya Pelayanan Informasi …` → ("sasaran_strategis", "Meningkatnya Pelayanan …")."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    if len(texts) != 1:
        return None
    m = _BAND_RE.match(texts[0])
    if not m:
        return None
    return _BAND_LEVELS[re.sub(r"\s+", "", m.group(1).lower())], " ".join(m.group(2).split())


def sequence_level(previous: str | None, indikator: str, target_raw: str) -> str | None:
    """The level of a program/kegiatan/sub kegiatan row that says nothing of itself, from its neighbours."""
    if previous == "program":
        return "kegiatan"
    if previous in ("kegiatan", "sub_kegiatan"):
        share = bool(_SHARE_INDICATOR_RE.match(indikator.strip())) and (
            "%" in target_raw or "persen" in target_raw.lower()
        )
        return "kegiatan" if share else "sub_kegiatan"
    return None
