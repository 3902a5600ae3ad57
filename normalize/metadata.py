"""Document and table metadata from the words printed around the tables: type, kecamatan, kabupaten, year.

The title block is the first place to look ("RENCANA AKSI PERANGKAT DAERAH TAHUN 2024 / KECAMATAN PALLANGGA
KABUPATEN GOWA"); a table's kind comes from its caption first and its columns second.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..extract import headers as h
from .columns import PERIOD, Layout
from .units import unit_from_title

# (pattern, kind) in priority order: "PENGUKURAN PERJANJIAN KINERJA" is a measurement, not an agreement.
_KIND_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"\bpengukuran\b|\bcapaian kinerja\b|\brealisasi\b", "pengukuran_kinerja"),
        (r"rencana kinerja tahunan|\bRKT\b", "rkt"),
        (r"indikator kinerja utama|\bIKU\b", "iku"),
        (r"perjanjian kinerja|\bPK\b", "perjanjian_kinerja"),
        (r"rencana aksi", "rencana_aksi"),
        (r"tujuan dan sasaran|\btujuan\b", "tujuan_sasaran"),
    )
)
_DOC_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"pengukuran", "pengukuran_kinerja"),
        (r"rencana aksi", "rencana_aksi"),
        (r"rencana kinerja tahunan|\bRKT\b", "rkt"),
        (r"indikator kinerja utama|\bIKU\b", "iku"),
        (r"perjanjian kinerja", "perjanjian_kinerja"),
        (r"rencana strategis|\brenstra\b", "renstra"),
        (r"\bLKJIP\b|\bLKIP\b|laporan kinerja instansi", "lkjip"),
    )
)
_NAME = r"([A-Z][A-Za-z'.\-]*(?:\s+[A-Z][A-Za-z'.\-]*){0,3}?)"
_STOP = r"(?=\s+(?:KABUPATEN|Kabupaten|KAB\.|Kab\.|KOTA|Kota|TAHUN|Tahun|PROVINSI|Provinsi|\d)|\s*$|\s*[,*])"
# Case matters: "KECAMATAN BAJENG" and "Kecamatan Bajeng" name a place, "kabupaten/kota yang …" in prose does not.
_KECAMATAN_RE = re.compile(r"\b(?:KECAMATAN|Kecamatan)\s+" + _NAME + _STOP)
_KABUPATEN_RE = re.compile(
    r"\b(KABUPATEN|Kabupaten|KAB\.|Kab\.|KOTA|Kota)\s+"
    + _NAME
    + r"(?=\s+(?:TAHUN|Tahun|PROVINSI|Provinsi|\d)|\s*$|\s*[,*])"
)
# "Peraturan … Nomor 41 Tahun 2007" names a regulation: its year is not the document's
_TAHUN_RE = re.compile(r"(?<!\d\s)\bTAHUN\s+((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(20[0-4]\d)\b")
_PLACE_RE = re.compile(r"\b(?:KECAMATAN|KABUPATEN|KOTA|TAHUN|PROVINSI)\b")
_NOT_NAMES = {"kantor", "dan", "di", "se", "yang", "tahun"}


@dataclass(frozen=True)
class DocumentMetadata:
    doc_type: str | None
    title: str | None
    instansi: str | None
    kecamatan: str | None
    kabupaten: str | None
    tahun: int | None
    bidang: tuple[str, ...] = ()
    """The bidang the unit carries, primary first (`units.bidang_of`); empty when the unit tells none."""


def _is_title_like(line: str) -> bool:
    """Titles are set in capitals ("RENCANA AKSI … TAHUN 2024"); body text that mentions them is not."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.6


def _names_a_document(line: str) -> bool:
    """"Rencana Kinerja Tahunan (Tahun 2020) KECAMATAN GIRIMARTO": a title in mixed case, short and placed."""
    text = line.strip()
    return (
        len(text) < 150
        and not text.endswith(".")
        and any(p.search(text) for p, _ in _DOC_PATTERNS)
        and re.search(r"\b(?:kecamatan|tahun|kabupaten|kota)\b", text, re.IGNORECASE) is not None
    )


def _title_case(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in name.split())


def _first(pattern: re.Pattern[str], lines: Iterable[str], group: int = 1) -> str | None:
    for line in lines:
        for m in pattern.finditer(line):
            value = m.group(group).strip(" .,")
            words = value.split()
            while words and words[0].lower() in _NOT_NAMES:
                words = words[1:]
            if words:
                return " ".join(words)
    return None


def read_metadata(lines: list[str], titles: list[str]) -> DocumentMetadata:
    """Metadata from the document's loose text (title block first) and its table captions."""
    head = [ln for ln in lines[:60] if ln.strip()]
    candidates = head + titles + lines
    title_lines = [ln for ln in head + titles + lines if _is_title_like(ln) or _names_a_document(ln)]

    def first(pool: list[str], lkjip: bool) -> str | None:
        return next((ln for ln in pool if any(p.search(ln) for p, kind in _DOC_PATTERNS if (kind == "lkjip") == lkjip)),
                    None)

    # the title block first; within it an LKIP's running header ("LKIP TAHUN 2016") yields to a more specific
    # title on the same pages ("Perjanjian Kinerja Tahun 2016")
    head_titles = [ln for ln in title_lines if ln in head]
    title_line = (first(head_titles, False) or first(head_titles, True) or first(title_lines, False)
                  or first(title_lines, True))
    title = None
    if title_line is not None:
        pool = head if title_line in head else title_lines
        i = pool.index(title_line)
        title = title_line.strip()
        nxt = pool[i + 1] if i + 1 < len(pool) else ""
        if _is_title_like(nxt) and _PLACE_RE.search(nxt) and len(nxt) < 120:
            title = f"{title} {nxt.strip()}"
    doc_type = next((kind for p, kind in _DOC_PATTERNS if title and p.search(title)), None)
    kecamatan = _first(_KECAMATAN_RE, candidates)
    kab_match = next((m for ln in candidates for m in _KABUPATEN_RE.finditer(ln)), None)
    kabupaten = None
    if kab_match:
        kind, name = kab_match.group(1).upper().rstrip("."), _title_case(kab_match.group(2))
        kabupaten = f"Kota {name}" if kind == "KOTA" else name
    tahun = None
    for line in [title or "", *head, *titles]:
        m = _TAHUN_RE.search(line)
        if m:
            tahun = int(m.group(1))
            break
    if tahun is None:
        years = Counter(int(y) for ln in candidates for y in _YEAR_RE.findall(ln))
        tahun = years.most_common(1)[0][0] if years else None
    kec = _title_case(kecamatan) if kecamatan else None
    # the unit named in the title block; a kecamatan keeps its plain name ("Kecamatan Pallangga")
    unit = unit_from_title(head + titles)
    if unit is not None and not unit.is_kecamatan:
        instansi, bidang, kec = unit.instansi, unit.bidang, None  # an office's document: a kecamatan it names is
        # a place in its tables, not its unit
    else:
        instansi = f"Kecamatan {kec}" if kec else (unit.instansi if unit else None)
        bidang = ("7.01",) if kec or unit else ()
    return DocumentMetadata(
        doc_type=doc_type,
        title=title,
        instansi=instansi,
        kecamatan=kec,
        kabupaten=kabupaten,
        tahun=tahun,
        bidang=bidang,
    )


def table_kind(title: str, layout: Layout, doc_type: str | None) -> str:
    """What a table is: its caption decides; else its columns; else the document's type."""
    for pattern, kind in _KIND_PATTERNS:
        if title and pattern.search(title):
            return kind
    roles = {s.role for s in layout.slots}
    periods = {(s.period or "", s.measure) for s in layout.slots if s.role == PERIOD}
    if any(p.startswith("TW") and m in ("realisasi", "realisasi_anggaran") for p, m in periods):
        return "pengukuran_kinerja"  # quarterly realisation reports
    if any(p.startswith("TW") for p, _ in periods):
        return "rencana_aksi"
    if roles & {h.REALISASI, h.CAPAIAN}:
        return "pengukuran_kinerja"
    if h.TUJUAN in roles:
        return "tujuan_sasaran"
    if roles & {h.FORMULA, h.SUMBER_DATA}:
        return "iku"
    if h.ANGGARAN in roles and h.URAIAN in roles:
        return "rkt"
    if doc_type in ("rencana_aksi", "perjanjian_kinerja", "pengukuran_kinerja", "rkt", "iku"):
        return doc_type
    return "other"
