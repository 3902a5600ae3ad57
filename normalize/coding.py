"""Canonical codes on indicator rows and region codes on documents, plus the reviewer's overrides file.

Matching itself lives in `matching.py` and `regions.py`; this module applies them to the rows the normaliser
produced and keeps the decisions people made (`kinerja review --apply`) in a CSV that every later run reads
first, so a rebuilt dataset never loses them.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..schema import canonical
from .matching import REVIEW_SCORE, UNIT_UNKNOWN, Match, Matcher, normalise_name
from .regions import RegionMatch, resolve_region

OVERRIDES_FILE = "overrides.csv"
OVERRIDE_COLUMNS = ("kind", "name", "kode")
URAIAN_LEVELS = ("program", "kegiatan", "sub_kegiatan")

Overrides = Mapping[tuple[str, str], str]


def read_overrides(path: Path) -> dict[tuple[str, str], str]:
    """(kind, name as printed) → code or `none`; a missing file is no overrides, a malformed one an error."""
    if not path.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or set(OVERRIDE_COLUMNS) - set(reader.fieldnames):
            raise ValueError(f"{path}: an overrides file needs the columns {', '.join(OVERRIDE_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            kind, name, kode = (row["kind"] or "").strip(), (row["name"] or "").strip(), (row["kode"] or "").strip()
            if kind not in ("uraian", "indikator") or not name or not kode:
                raise ValueError(f"{path}:{line}: needs kind (uraian/indikator), name and kode (or none)")
            out[(kind, name)] = kode
    return out


def write_overrides(path: Path, overrides: Mapping[tuple[str, str], str]) -> None:
    """Write the overrides file atomically, sorted so that it diffs well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(OVERRIDE_COLUMNS)
        for (kind, name), kode in sorted(overrides.items()):
            writer.writerow([kind, name, kode])
    os.replace(tmp, path)


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


def read_printed_code(raw: str | None) -> str | None:
    """A printed code in the form of the 2021 nomenclature, or None when it is of another scheme.

    `1.02.01.2.01.01` (SIPD 2021 wrote sub kegiatan in two digits) → `1.02.01.2.01.0001`; a Renja export's unit
    prefix written twice (`1.02.1.02.01.2.01.0001`) is dropped; `4.10.4.10.03.01.001.` (no `2.` kegiatan part: the
    pre-2021 scheme) is not comparable and gives None.
    """
    parts = re.findall(r"\d+", raw or "")
    if len(parts) >= 7 and parts[:2] == parts[2:4]:
        parts = parts[2:]
    if len(parts) not in (3, 5, 6) or len(parts[0]) != 1 or len(parts[1]) != 2 or len(parts[2]) > 2:
        return None
    code = f"{parts[0]}.{parts[1]}.{int(parts[2]):02d}"
    if len(parts) >= 5:
        if parts[3] != "2" or len(parts[4]) > 2:
            return None
        code += f".2.{int(parts[4]):02d}"
    if len(parts) == 6:
        code += f".{int(parts[5]):04d}"
    return code


def _with_printed(match: Match | None, name: str, kode_raw: str | None) -> Match | None:
    """The printed code as strong evidence: it settles a name the matcher was unsure of (or that needed the unit),
    and a printed code that disagrees with a confidently matched name leaves the row for a person."""
    printed = read_printed_code(kode_raw)
    if match is None or printed is None or match.method == "override":
        return match  # a person's decision stands over any printed code
    entry = canonical.entry(printed)
    if entry is None:
        return replace(match, note=f"printed code {kode_raw} is not in the nomenclature")
    if match.accepted and match.kode == printed:
        return match
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
        match = _with_printed(match, uraian, row.get("kode_raw"))
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
