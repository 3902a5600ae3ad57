"""Canonical codes on indicator rows and region codes on documents.

Matching itself lives in `matching.py` and `regions.py`; this module applies them to the rows the normaliser
produced, with the reviewer's decisions (`overrides.py`) winning over any match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..schema import canonical
from .matching import REVIEW_SCORE, UNIT_UNKNOWN, Match, Matcher, normalise_name
from .regions import RegionMatch, resolve_region

URAIAN_LEVELS = ("program", "kegiatan", "sub_kegiatan")


@lru_cache(maxsize=8)
def matcher_for(overrides: frozenset[tuple[tuple[str, str], str]] = frozenset()) -> Matcher:
    """One matcher per set of overrides per process: its caches then serve every document of a batch."""
    return Matcher(dict(overrides))


def confident_level(matcher: Matcher, name: str, bidang: Sequence[str] | None = None) -> str | None:
    """The level of a program/kegiatan/sub kegiatan name when it matches the nomenclature with confidence.

    A generic penunjang name has its level even when the unit is unknown and it gets no code.
    """
    match = matcher.match_uraian(name, bidang=bidang)
    if match.accepted:
        return match.level if match.level in URAIAN_LEVELS else None
    if match.note == UNIT_UNKNOWN and match.candidates and match.method in ("exact", "alias", "override"):
        return match.candidates[0].level
    return None


def _columns(prefix: str, match: Match | None, kode_key: str, nama_key: str) -> dict[str, Any]:
    if match is None:
        return {kode_key: None, nama_key: None, f"{prefix}_match_score": None, f"{prefix}_match_margin": None,
                f"{prefix}_match_method": None, f"{prefix}_match_status": None, f"{prefix}_match_note": None}
    return {
        kode_key: match.kode,
        nama_key: match.nama,
        f"{prefix}_match_score": round(match.score, 2),
        f"{prefix}_match_margin": round(match.margin, 2),
        f"{prefix}_match_method": match.method,
        f"{prefix}_match_status": match.status,
        f"{prefix}_match_note": match.note,
    }


# A code printed before a name ("1.02.01.2.01.0001 Penyusunan …", "4.10.4.10.03.01.001. Penyediaan …"): a one-digit
# urusan, a two-digit bidang and at least one more part, so list numbers ("1.1.2", "2.") are not codes.
_PRINTED_CODE_RE = re.compile(r"^\s*(?P<code>\d\s*\.\s*\d\d(?:\s*\.\s*\d{1,4}){1,8})\s*\.?\s+(?=\S)")


def split_printed_code(text: str) -> tuple[str | None, str]:
    """A name cell's printed code and the name after it; (None, text) when no code is printed."""
    found = _PRINTED_CODE_RE.match(text or "")
    if not found:
        return None, text
    return found.group("code").replace(" ", ""), text[found.end():]


_PARTS_RE = re.compile(r"\d+|X+", re.IGNORECASE)
_UNIT_CODE_SHAPE = (1, 2, 1, 2, 1, 2, 2, 4)
"""A Permendagri 90 unit code, `5.01.5.05.0.00.01.0000`: three urusan.bidang pairs (the office's bidang, `0.00`
when it carries fewer), the unit and the sub unit. Renja exports print it before the program's code."""


def _is_unit_code(parts: Sequence[str]) -> bool:
    return len(parts) >= len(_UNIT_CODE_SHAPE) and all(
        len(p) == n for p, n in zip(parts, _UNIT_CODE_SHAPE, strict=False))


@lru_cache(maxsize=65536)
def read_printed_code(raw: str | None, bidang: tuple[str, ...] | None = None) -> str | None:
    """A printed code in the form of the 2021 nomenclature, or None when it is of another scheme.

    `1.02.01.2.01.01` (SIPD 2021 wrote sub kegiatan in two digits) → `1.02.01.2.01.0001`; SIPD's generic
    `X.XX.01.2.02.0001` → under the document's bidang (`1.02.01.2.02.0001`; the template itself when the unit is not
    known); a Renja export's unit prefix, written as the bidang twice (`1.02.1.02.01.2.01.0001`) or as the
    Permendagri 90 unit code (`1.02.0.00.0.00.01.0000.1.02.01.2.01.0001`), is dropped; `4.10.4.10.03.01.001.`
    (urusan/bidang, unit, program and a three-digit kegiatan, no `2.` part: the Permendagri 13/2006 scheme before
    2021, whose numbers do not map onto the 2021 list) is not comparable and gives None, as does a unit code alone.
    """
    parts = _PARTS_RE.findall(raw or "")
    if len(parts) > len(_UNIT_CODE_SHAPE) and _is_unit_code(parts):
        parts = parts[len(_UNIT_CODE_SHAPE):]
    if len(parts) >= 7 and parts[:2] == parts[2:4]:
        parts = parts[2:]
    if len(parts) not in (3, 5, 6) or len(parts[0]) != 1 or len(parts[1]) != 2 or len(parts[2]) > 2:
        return None
    head = f"{parts[0]}.{parts[1]}".upper()
    if head == canonical.GENERIC:
        head = bidang[0] if bidang else canonical.GENERIC
    elif not all(p.isdigit() for p in parts[:2]):
        return None
    if not all(p.isdigit() for p in parts[2:]):
        return None
    code = f"{head}.{int(parts[2]):02d}"
    if len(parts) >= 5:
        if parts[3] != "2" or len(parts[4]) > 2:
            return None
        code += f".2.{int(parts[4]):02d}"
    if len(parts) == 6:
        code += f".{int(parts[5]):04d}"
    return code


def printed_code_note(raw: str | None) -> str | None:
    """Why a printed code is not compared with its name (another scheme), or None when it is comparable or absent."""
    if not raw or read_printed_code(raw) is not None:
        return None
    parts = _PARTS_RE.findall(raw)
    if _is_unit_code(parts):
        return f"printed code {raw} is a unit's code (Permendagri 90), not a program's"
    if len(parts) >= 5 and all(p.isdigit() for p in parts):
        return f"printed code {raw} is of the scheme before 2021 (Permendagri 13/2006): not compared with the name"
    return None  # an urusan's or bidang's number ("1", "1.02") on its heading row, or no code at all


def _bidang_heading(raw: str | None) -> canonical.Bidang | None:
    """The bidang whose own code is printed (`2.15` on the "URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN" row)."""
    parts = _PARTS_RE.findall(raw or "")
    return canonical.bidang_by_kode().get(".".join(parts)) if len(parts) == 2 else None


def _with_printed(match: Match | None, name: str, kode_raw: str | None,
                  bidang: Sequence[str] | None = None) -> Match | None:
    """The printed code as strong evidence: it settles a name the matcher was unsure of (or that needed the unit),
    and a printed code that disagrees with a confidently matched name leaves the row for a person."""
    printed = read_printed_code(kode_raw, tuple(bidang) if bidang else None)
    if match is None or match.method == "override":
        return match  # a person's decision stands over any printed code
    if printed is None:
        heading = _bidang_heading(kode_raw)
        if heading is not None:
            return Match(None, None, None, match.score, match.margin, "printed", "unmatched", match.candidates,
                         note=f"printed code {heading.kode} is the bidang's ({heading.nama}): a heading, no program")
        other_scheme = printed_code_note(kode_raw)
        return replace(match, note=match.note or other_scheme) if other_scheme else match
    if printed.startswith(canonical.GENERIC):
        return match  # a generic code says the entry but not the bidang: it cannot settle an unknown unit
    entry = canonical.entry(printed)
    if entry is None:
        return replace(match, note=f"printed code {kode_raw} is not in the nomenclature")
    if match.accepted and match.kode == printed:
        return match
    template = canonical.generic_template(printed)
    if match.accepted and template and template == canonical.generic_template(match.kode or "") and bidang \
            and printed[:4] in bidang:
        # a merged office's penunjang program printed under its other bidang (2.22.01… for a Dinas Pariwisata
        # dan Kebudayaan): the same entry, under the bidang the document says
        return replace(match, kode=printed, note=f"the printed code puts it under bidang {printed[:4]}")
    if match.accepted:
        return replace(match, kode=None, nama=None, level=None, status="review",
                       note=f"printed code {printed} disagrees with the name ({match.kode} {match.nama})")
    key, other = normalise_name(name), normalise_name(entry.nama)
    score = max(fuzz.ratio(key, other), fuzz.token_sort_ratio(key, other),
                fuzz.token_set_ratio(key, other) if len(key.split()) >= 3 else 0.0)
    if score >= REVIEW_SCORE:
        return Match(printed, entry.nama, entry.level, round(score, 2), match.margin, "printed", "accepted",
                     match.candidates, note="the printed code settles the name")
    return replace(match, note=f"printed code {printed} disagrees with the name ({entry.nama})")


def code_row(row: dict[str, Any], matcher: Matcher, bidang: Sequence[str] | None = None) -> None:
    """Fill a row's canonical columns: the uraian onto the nomenclature, the indicator onto indicator lists.

    `bidang` is the document's unit's bidang, primary first (None: unknown): generic penunjang names are coded
    under it, see `matching`. A code printed with the name (`kode_raw`) is strong evidence, see `_with_printed`.
    """
    uraian, level = row.get("uraian"), row.get("level")
    match = None
    if uraian:
        context = tuple(c for c in (row.get("program"), row.get("kegiatan")) if c)
        match = matcher.match_uraian(uraian, level if level in URAIAN_LEVELS else None, context, bidang=bidang)
        match = _with_printed(match, uraian, row.get("kode_raw"), bidang)
    row.update(_columns("kode", match, "kode", "kode_nama"))
    row["kode_level"] = match.level if match is not None and match.accepted else None
    indikator = row.get("indikator")
    uraian_kode = match.kode if match is not None and match.accepted else None
    found = matcher.match_indikator(indikator, level, uraian_kode, bidang=bidang) if indikator else None
    row.update(_columns("indikator", found, "indikator_id", "indikator_nama"))


def unit_columns(bidang: Sequence[str]) -> dict[str, Any]:
    """The document's bidang columns: its primary bidang and name, and the others a merged office carries."""
    if not bidang:
        return {"bidang": None, "bidang_nama": None, "bidang_lain": []}
    return {"bidang": bidang[0], "bidang_nama": canonical.bidang_by_kode()[bidang[0]].nama,
            "bidang_lain": list(bidang[1:])}


def region_columns(kecamatan: str | None, kabupaten: str | None) -> tuple[dict[str, Any], str | None]:
    """The document's region columns, and a note when the region could not be resolved with confidence."""
    if not kecamatan:
        return {"kode_wilayah": None}, "no kecamatan named in the title block"
    region: RegionMatch = resolve_region(kecamatan, kabupaten)
    if region.status != "accepted":
        return {"kode_wilayah": None}, f"region not resolved: {region.note}"
    return {
        "kode_wilayah": region.kode_wilayah,
        "kecamatan": region.kecamatan,
        "kabupaten": region.kabupaten,
        "provinsi": region.provinsi,
    }, None
