"""Recognise header cells: which column role a printed header names, and which rows are headers at all.

Headers arrive with typos (`KEGITAN`, `PERHITTINGAN`), bullets (`Program/ • Kegiatan/`), stray numbering and
every mix of case, so a header phrase is matched after normalisation, exactly first and then fuzzily against a
closed list. Only whole cells are matched: "Indeks Kepuasan Masyarakat" is data, never a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from .model import Row


@dataclass(frozen=True)
class HeaderRole:
    """What a header cell names: a column role, and for name columns the hierarchy level it implies."""

    role: str
    level: str | None = None


# role names (the normaliser's vocabulary for columns)
NO = "no"
TUJUAN = "tujuan"
SASARAN = "sasaran"
URAIAN = "uraian"
INDIKATOR = "indikator"
SATUAN = "satuan"
TARGET = "target"
TARGET_AKHIR = "target_akhir"
REALISASI = "realisasi"
CAPAIAN = "capaian"
ANGGARAN = "anggaran"
RP = "rp"
TRIWULAN = "triwulan"  # a group header "Triwulan I"; the level field carries the quarter ("TW1")
YEAR = "year"  # the level field carries the year
PENJELASAN = "penjelasan"
PENANGGUNG_JAWAB = "penanggung_jawab"
FORMULA = "formula"
SUMBER_DATA = "sumber_data"
KINERJA = "kinerja"  # "K" sub-column: the performance figure of a quarter
LAIN = "lain"  # a recognised column kinerja does not keep (lokasi, keterangan lain)
OTHER = "other"  # a printed header kinerja has no role for: kept as a column of its own, named as printed
KONDISI_AWAL = "kondisi_awal"  # the baseline a plan starts from ("EKSISTING 2013", "Kondisi Awal")
KODE = "kode"  # the nomenclature code printed in a column of its own (Renja/RKT exports: "Kode" | "1.02.01.2.01")

_PHRASES: dict[str, HeaderRole] = {
    "no": HeaderRole(NO),
    "nomor": HeaderRole(NO),
    "tujuan": HeaderRole(TUJUAN),
    "sasaran": HeaderRole(SASARAN),
    "sasaran strategis": HeaderRole(SASARAN, "sasaran_strategis"),
    "sasaran strategis perangkat daerah": HeaderRole(SASARAN, "sasaran_strategis"),
    "sasaran renstra": HeaderRole(SASARAN, "sasaran_strategis"),
    "sasaran program": HeaderRole(SASARAN, "sasaran_program"),
    "sasaran kegiatan": HeaderRole(SASARAN, "sasaran_kegiatan"),
    "sasaran sub kegiatan": HeaderRole(SASARAN, "sasaran_sub_kegiatan"),
    "uraian": HeaderRole(URAIAN),
    "program": HeaderRole(URAIAN, "program"),
    "kegiatan": HeaderRole(URAIAN, "kegiatan"),
    "sub kegiatan": HeaderRole(URAIAN, "sub_kegiatan"),
    "program kegiatan": HeaderRole(URAIAN),
    "program kegiatan sub kegiatan": HeaderRole(URAIAN),
    "program dan kegiatan": HeaderRole(URAIAN),
    "program kegiatan dan sub kegiatan": HeaderRole(URAIAN),
    "indikator": HeaderRole(INDIKATOR),
    "indikator kinerja": HeaderRole(INDIKATOR),
    "indikator kinerja utama": HeaderRole(INDIKATOR),
    "indikator kinerja utama iku": HeaderRole(INDIKATOR),
    "indikator sasaran": HeaderRole(INDIKATOR),
    "indikator tujuan": HeaderRole(INDIKATOR),
    "indikator program": HeaderRole(INDIKATOR),
    "indikator kegiatan": HeaderRole(INDIKATOR),
    "indikator program kegiatan sub kegiatan": HeaderRole(INDIKATOR),
    "indikator kinerja program kegiatan sub kegiatan": HeaderRole(INDIKATOR),
    "indikator kinerja program kegiatan": HeaderRole(INDIKATOR),
    "satuan": HeaderRole(SATUAN),
    "target": HeaderRole(TARGET),
    "target kinerja": HeaderRole(TARGET),
    "target tahunan": HeaderRole(TARGET),
    "kondisi kinerja pada akhir tahun": HeaderRole(TARGET_AKHIR),
    "kondisi kinerja akhir tahun": HeaderRole(TARGET_AKHIR),
    "realisasi": HeaderRole(REALISASI),
    "capaian": HeaderRole(CAPAIAN),
    "capaian kinerja": HeaderRole(CAPAIAN),
    "persentase capaian": HeaderRole(CAPAIAN),
    "anggaran": HeaderRole(ANGGARAN),
    "anggaran rp": HeaderRole(ANGGARAN),
    "pagu anggaran": HeaderRole(ANGGARAN),
    "rencana anggaran": HeaderRole(ANGGARAN),
    "target anggaran": HeaderRole(ANGGARAN),
    "pagu": HeaderRole(ANGGARAN),
    "pagu rp": HeaderRole(ANGGARAN),
    "pagu indikatif": HeaderRole(ANGGARAN),
    "alokasi": HeaderRole(ANGGARAN),
    "alokasi rp": HeaderRole(ANGGARAN),
    "alokasi anggaran": HeaderRole(ANGGARAN),
    "ket": HeaderRole(PENJELASAN),
    "rp": HeaderRole(RP),
    "penjelasan": HeaderRole(PENJELASAN),
    "penjelasan kinerja": HeaderRole(PENJELASAN),
    "keterangan": HeaderRole(PENJELASAN),
    "penanggung jawab": HeaderRole(PENANGGUNG_JAWAB),
    "penanggungjawab": HeaderRole(PENANGGUNG_JAWAB),
    "formulasi perhitungan": HeaderRole(FORMULA),
    "formulasi": HeaderRole(FORMULA),
    "formula": HeaderRole(FORMULA),
    "cara perhitungan": HeaderRole(FORMULA),
    "definisi operasional": HeaderRole(FORMULA),
    "sumber data": HeaderRole(SUMBER_DATA),
    "k": HeaderRole(KINERJA),
    "urusan": HeaderRole(URAIAN),
    "urusan bidang urusan": HeaderRole(URAIAN),
    "urusan bidang urusan pemerintahan daerah dan program kegiatan sub kegiatan": HeaderRole(URAIAN),
    "nama program kegiatan": HeaderRole(URAIAN),
    "indikator kinerja program": HeaderRole(INDIKATOR),
    "indikator kinerja kegiatan": HeaderRole(INDIKATOR),
    "indikator kinerja sasaran": HeaderRole(INDIKATOR),
    "target kinerja dan kerangka pendanaan": HeaderRole(TARGET),
    "realisasi kinerja": HeaderRole(REALISASI),
    "realisasi kinerja pada triwulan": HeaderRole(REALISASI),
    "realisasi capaian": HeaderRole(REALISASI),
    "perangkat daerah penanggung jawab": HeaderRole(PENANGGUNG_JAWAB),
    "unit penanggung jawab": HeaderRole(PENANGGUNG_JAWAB),
    "lokasi": HeaderRole(LAIN),
    "kondisi awal": HeaderRole(KONDISI_AWAL),
    "kondisi eksisting": HeaderRole(KONDISI_AWAL),
    "eksisting": HeaderRole(KONDISI_AWAL),
    "capaian awal": HeaderRole(KONDISI_AWAL),
    "baseline": HeaderRole(KONDISI_AWAL),
    "data capaian pada awal tahun perencanaan": HeaderRole(KONDISI_AWAL),
    "alasan": HeaderRole(PENJELASAN),
    "keterangan lain": HeaderRole(LAIN),
    "kode": HeaderRole(KODE),
    "kode rekening": HeaderRole(KODE),
    "kode program": HeaderRole(KODE),
    "kode kegiatan": HeaderRole(KODE),
    "kode sub kegiatan": HeaderRole(KODE),
    "kode program kegiatan": HeaderRole(KODE),
    "kode program kegiatan sub kegiatan": HeaderRole(KODE),
    "kode urusan program kegiatan": HeaderRole(KODE),
    "kode nomenklatur": HeaderRole(KODE),
    "kode sipd": HeaderRole(KODE),
}
# Long header cells often add a gloss ("Indikator Kinerja Program (outcome)/Kegiatan (output)"): these phrases
# name the column when the cell starts with them.
_PREFIXES = tuple(
    sorted(
        (
            "indikator kinerja", "indikator", "sasaran strategis", "sasaran program", "sasaran kegiatan", "sasaran",
            "program kegiatan", "program dan kegiatan", "urusan", "target kinerja", "target", "realisasi",
            "capaian kinerja", "anggaran", "pagu", "penanggung jawab", "penanggungjawab", "perangkat daerah penanggung",
            "penjelasan", "keterangan", "formulasi", "sumber data", "satuan", "tujuan", "kondisi kinerja",
        ),
        key=len,
        reverse=True,
    )
)

UNIT_TITLE_RE = re.compile(
    r"^(?:dinas|badan|inspektorat|kecamatan|sekretariat|biro|kantor|satuan\s+polisi|rumah\s+sakit|rsud|bappeda\w*)\s",
    re.IGNORECASE,
)
"""A running title naming the document's unit ("INSPEKTORAT PROVINSI JAWA BARAT" on every page): kept once for the
title block, as it is often the only line that names the unit."""

DOC_TITLE_RE = re.compile(
    r"^(?:rencana aksi|perjanjian kinerja|rencana kinerja|indikator kinerja utama|pengukuran|laporan|lampiran)\b",
    re.IGNORECASE,
)
"""A document's running title printed on every page ("RENCANA AKSI KANTOR KECAMATAN …")."""

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TRIWULAN_RE = re.compile(r"^(?:triwulan|tw|trw)\s*(i{1,3}|iv|[1-4])$")
_TRIWULAN_RAW_RE = re.compile(r"^(?:triwulan|tw|trw)\.?\s*(?:i{1,3}|iv|[1-4])\.?$", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(?:tahun\s*|ta\s*)?((?:19|20)\d\d)(?:\s+tahun\s*\d)?$")
"""`2024`, `Tahun 2024`, `TA 2024`, `2025 (Tahun-1)`."""
_NAME_COLUMN_WORDS = frozenset({"program", "kegiatan", "outcome", "output"})
_MARKUP_RE = re.compile(r"[^\w\s]")


_PAGE_WORDS = frozenset({"halaman", "hal", "page", "lanjutan"})


def normalise_header(text: str) -> str:
    """Lowercase, drop punctuation and bullets, collapse spaces: the form header phrases are compared in.

    Page furniture printed over a header cell ("Halaman 0" on a browser print) is dropped with it.
    """
    text = text.replace("/", " ").replace("&", " dan ")
    words = _MARKUP_RE.sub(" ", text.lower()).split()
    if any(w in _PAGE_WORDS for w in words):
        kept = [w for w in words if w not in _PAGE_WORDS and not w.isdigit()]
        words = kept or words
    return " ".join(words)


@lru_cache(maxsize=4096)
def header_role(text: str) -> HeaderRole | None:
    """The role a header cell names, or None when the cell is not a header phrase."""
    key = normalise_header(text)
    if not key:
        return None
    if key in _PHRASES:
        return _PHRASES[key]
    m = _TRIWULAN_RE.match(key)
    if m and _TRIWULAN_RAW_RE.match(text.strip()):
        return HeaderRole(TRIWULAN, f"TW{_ROMAN[m.group(1)]}")
    m = _YEAR_RE.match(key)
    if m:
        return HeaderRole(YEAR, m.group(1))
    if key in ("i", "ii", "iii", "iv") and text.strip().isupper():
        return HeaderRole(TRIWULAN, f"TW{_ROMAN[key]}")  # quarter sub-headers under "Triwulan"/"Realisasi"
    if len(key) < 4:
        return None
    words = key.split()
    if words[0] in ("bidang", "urusan", "nama", "uraian") and {"program", "kegiatan"} & set(words) \
            and set(words[1:]) <= _NAME_COLUMN_WORDS | {"urusan", "bidang", "sub", "dan", "nama", "uraian"}:
        return HeaderRole(URAIAN)  # "Bidang Urusan/Program/Outcome Kegiatan/Sub Kegiatan Output"
    if not any(ch.isdigit() for ch in key):
        best = process.extractOne(key, _PHRASES.keys(), scorer=fuzz.ratio, score_cutoff=88)
        if best:
            return _PHRASES[best[0]]
    words = [w for w in key.split() if not _YEAR_RE.match(w)]
    if len(words) < len(key.split()) and " ".join(words) in _PHRASES:
        return _PHRASES[" ".join(words)]  # "Target 2020": the target column of the plan year
    key = " ".join(words)
    if 2 <= len(words) <= 8 and not any(ch.isdigit() for ch in key):
        for prefix in _PREFIXES:
            if key.startswith(prefix + " "):
                return _PHRASES.get(prefix) or _PHRASES.get(" ".join(prefix.split()[:2]))
    return None


def is_column_number_row(row: Row, under_header: bool = False) -> bool:
    """The `1 2 3 4 …` row printed under many headers: small integers, mostly increasing.

    Directly under a header any such run counts (split tables number their halves `4 5 6 | 1 2 3`); in the
    body it must start at 1 or 2, so a row of quarterly counts (`3 3 3 3`) is never taken for one.
    """
    texts = [c.text.strip().strip("()") for c in row.cells if c.text.strip()]
    texts = [t for chunk in texts for t in chunk.replace(") (", " ").split()]  # "(1) 2 3" merged in one cell
    if len(texts) < 3 or not all(t.strip("()").isdigit() and len(t.strip("()")) <= 2 for t in texts):
        return False
    texts = [t.strip("()") for t in texts]
    numbers = [int(t) for t in texts]
    rises = sum(1 for a, b in pairwise(numbers) if b > a)
    return (under_header or numbers[0] <= 2) and rises >= len(numbers) - 3 and len(set(numbers)) >= 3


def header_score(row: Row) -> float:
    """Share of a row's non-empty cells that are header phrases (0 for rows of one cell)."""
    texts = [c.text for c in row.cells if c.text.strip()]
    if not texts:
        return 0.0
    return sum(1 for t in texts if header_role(t) is not None) / len(texts)


_ANCHOR_ROLES = frozenset(
    {TUJUAN, SASARAN, URAIAN, INDIKATOR, SATUAN, TARGET, REALISASI, CAPAIAN, ANGGARAN, PENJELASAN, FORMULA}
)


def is_header_row(row: Row) -> bool:
    """A row made (almost) entirely of header phrases, at least two, one of them naming a main column.

    Sub-header rows ("Target Rp. Target Rp.", years, "TW I … TW IV") pass `is_subheader_row` instead; they
    only count as header when they follow a header row, since "TW II  50%" is data in many tables.
    """
    texts = [c.text for c in row.cells if c.text.strip()]
    if len(texts) < 2 or header_score(row) < 0.75:
        return False
    if len({normalise_header(t) for t in texts}) < 2:
        return False  # one word repeated ("Sasaran Sasaran Sasaran" under a chart's bars) names no columns
    return any((hr := header_role(t)) is not None and hr.role in _ANCHOR_ROLES for t in texts)


def is_subheader_row(row: Row) -> bool:
    """A row of header phrases only (sub-columns, years, quarters), read as header under a header row."""
    texts = [c.text for c in row.cells if c.text.strip()]
    return len(texts) >= 2 and header_score(row) == 1.0


def is_group_header_row(row: Row) -> bool:
    """A row of a few spanning header labels ("SASARAN … PROGRAM") above the real header."""
    texts = [c.text for c in row.cells if c.text.strip()]
    return 1 <= len(texts) <= 4 and header_score(row) == 1.0 and is_header_row_like(texts)


def is_header_row_like(texts: list[str]) -> bool:
    return any((hr := header_role(t)) is not None and hr.role in _ANCHOR_ROLES for t in texts)


_MONTH_NAMES = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
                "november", "desember")
_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "jun": 6, "jul": 7, "agu": 8,
                        "agt": 8, "agust": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12}


def month_label(text: str) -> int | None:
    """The month a schedule column is headed with: `1` … `12`, `Januari` … `Desember`, `Jan` … `Des`."""
    key = text.strip().strip(".").lower()
    if key.isdigit():
        return int(key) if 1 <= int(key) <= 12 else None
    if key in _MONTH_NAMES:
        return _MONTH_NAMES.index(key) + 1
    return _MONTH_ABBREVIATIONS.get(key)


def is_schedule_row(row: Row) -> bool:
    """A sub-header row of a month-by-month schedule (`1` … `12`, `Januari` … `Desember`), maybe beside quarter
    sub-headers (`TW I` … `TW IV`): months rising, every other cell a header phrase."""
    texts = [c.text for c in row.cells if c.text.strip()]
    months = [m for t in texts if (m := month_label(t)) is not None]
    others = [t for t in texts if month_label(t) is None]
    return (len(months) >= 3 and months == sorted(set(months))
            and all(header_role(t) is not None for t in others))


def header_run(rows: list[Row], start: int = 0) -> int:
    """End index of the header rows beginning at `start` (== start when there are none).

    A header starts with a header row (or spanning group labels above one) and takes the sub-header and
    column-number rows printed under it.
    """
    i = start
    seen = False
    while i < len(rows):
        row = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        above_header = nxt is not None and (is_header_row(nxt) or is_group_header_row(nxt))
        if is_header_row(row) or ((is_group_header_row(row) or is_subheader_row(row)) and above_header):
            seen = True  # a header, or group labels / years printed above one
        elif not (seen and (is_subheader_row(row) or is_column_number_row(row, under_header=True)
                            or _only_years(row) or is_schedule_row(row))):
            break
        i += 1
    return i if seen else start


def _only_years(row: Row) -> bool:
    """A lone year under a header ("2013" under EKSISTING) is header, not a data row."""
    texts = [c.text for c in row.cells if c.text.strip()]
    return bool(texts) and all((hr := header_role(t)) is not None and hr.role == YEAR for t in texts)


def header_signature(rows: list[Row]) -> tuple[str, ...]:
    """The roles of a header in column order, to recognise the same header repeated on a later page."""
    roles: list[str] = []
    for row in rows:
        for cell in row.cells:
            hr = header_role(cell.text)
            if hr is not None and hr.role not in (RP, YEAR):
                roles.append(hr.role)
    return tuple(roles)
