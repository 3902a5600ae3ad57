"""The document's unit (instansi) and the bidang it carries: which part of the national nomenclature its names use.

An office's name says its bidang (Dinas Kesehatan → 1.02, Inspektorat → 6.01, Kecamatan → 7.01); a merged office
names several (Dinas Perdagangan dan Perindustrian → 3.30, 3.31), the first named being the one its penunjang
program is coded under. The patterns are the shipped `bidang.csv`; an office whose name tells no bidang (a Balai, a
UPT) has none, and its generic names stay uncoded rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..schema import canonical

_HEADS = (
    r"DINAS|BADAN|INSPEKTORAT|SEKRETARIAT|BIRO|SATUAN\s+POLISI|SATPOL\s*PP|RUMAH\s+SAKIT|RSUD|PUSKESMAS|KANTOR|"
    r"KECAMATAN|KELURAHAN|BAPPEDA\w*|BAPP?ELITBANG\w*|BARENLITBANG\w*|BPBD|BPKAD|BPKD|BKPSDM|BKD|DPUPR|DPMD|DLH|"
    r"DIS[A-Z]{2,}|DIN[A-Z]{2,}|KESBANGPOL|BAKESBANGPOL|BALAI|UPTD?"
)
_PLACE = r"\s+(?:KABUPATEN|KAB\.|KOTA\b|PROVINSI|PROV\.|TAHUN\b|PEMERINTAH\b|NOMOR\b|TA\.)"
_STOP = r"(?=(?P<place>" + _PLACE + r")|\s*[:;(]|\s+\d|\s*$)"
OFFICE_RE = re.compile(r"\b(?P<name>(?:" + _HEADS + r")\b.{0,110}?)" + _STOP, re.IGNORECASE)
"""An office name inside a title line: its head word up to the region, year or end of line."""
_LABEL_RE = re.compile(
    r"\b(?:instansi|unit\s+kerja(?:\s+mandiri)?|skpd|opd|perangkat\s+daerah|nama\s+organisasi|unit\s+organisasi)\s*:",
    re.IGNORECASE,
)
_SPACED_RE = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")
_DOC_TITLE_RE = re.compile(
    r"perjanjian\s+kinerja|rencana\s+aksi|rencana\s+kinerja|indikator\s+kinerja\s+utama|pengukuran\s+kinerja|"
    r"laporan\s+kinerja|target\s+kinerja|rencana\s+strategis|\b(?:renstra|renja|lkjip|lkip|lakip)\b",
    re.IGNORECASE,
)
_NOT_OFFICES = re.compile(r"^(?:kepala|dinas\s+luar|kantor\s+pusat|badan\s+usaha)\b", re.IGNORECASE)
_CELLS_LOOKED_AT = 300
"""The unit is printed in a form's first rows; deeper cells name partners and penanggung jawab."""
_BIDANG_ROW_RE = re.compile(r"^\s*urusan\s+pemerintahan\s+bidang\s+(?P<name>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """The office a document belongs to and its bidang (primary first; empty when the name tells none)."""

    instansi: str
    bidang: tuple[str, ...]

    @property
    def bidang_nama(self) -> str | None:
        return canonical.bidang_by_kode()[self.bidang[0]].nama if self.bidang else None

    @property
    def is_kecamatan(self) -> bool:
        return self.bidang[:1] == ("7.01",)


def _unspace(line: str) -> str:
    """"INSPEKTORAT P R O V I N S I J A W A B A R A T" → "INSPEKTORAT PROVINSIJAWABARAT": letter-spaced words
    glued, so the region still ends the office name."""
    return _SPACED_RE.sub(lambda m: m.group(0).replace(" ", ""), line)


_SMALL = frozenset({"dan", "di", "ke", "serta", "pada"})


def _word(word: str) -> str:
    if word.lower() in _SMALL:
        return word.lower()
    if len(word) <= 5 and not re.search(r"[AIUEO]", word[1:]):
        return word  # an acronym: PUPR, BPBD, UMKM, DPRD
    return word.capitalize()


def _tidy(name: str) -> str:
    """Office names as a person writes them: "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG" → "Dinas Pekerjaan Umum
    dan Penataan Ruang"; mixed-case names are kept as printed."""
    name = " ".join(name.replace("\u00a0", " ").split()).strip(" ,.-")
    letters = [ch for ch in name if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8:
        return " ".join(_word(w) for w in name.split())
    return name


def bidang_of(instansi: str | None) -> tuple[str, ...]:
    """The bidang an office name carries, in the order the name gives them (its primary bidang first)."""
    if not instansi:
        return ()
    found: list[tuple[int, str]] = []
    for bidang in canonical.bidang():
        hit = bidang.pattern.search(instansi)
        if hit:
            # ordered by where the bidang's own word ends: "Dinas Pariwisata dan Kebudayaan" is 3.26 first, though
            # the pattern `dinas.*budaya` starts at its first word
            found.append((hit.end(), bidang.kode))
    return tuple(kode for _, kode in sorted(found))


def office_in_line(line: str) -> str | None:
    """The office a title-block line names ("RENCANA AKSI KINERJA TAHUN 2022 DINAS PEKERJAAN UMUM DAN PENATAAN
    RUANG", "Instansi: Dinas Perikanan dan Kelautan Provinsi Jawa Barat"), or None for prose and other lines."""
    text = _unspace(line.strip())
    if not text or len(text) > 180 or text.endswith("."):
        return None
    letters = [ch for ch in text if ch.isalpha()]
    title_like = len(letters) >= 6 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.6
    label = _LABEL_RE.search(text)
    names_document = _DOC_TITLE_RE.search(text) is not None
    for found in OFFICE_RE.finditer(text[label.end():] if label else text):
        name = found.group("name")
        # prose that starts with an office ("Dinas Kebersihan dan Pertamanan berharap …") is no title: a plain
        # line counts only when it starts with, or names a document and then, an office that ends at its region
        placed = found.group("place") is not None
        if not (title_like or label or (placed and (names_document or found.start() == 0))):
            continue
        if _NOT_OFFICES.match(name) or name.lower() == "kantor":
            continue
        return _tidy(name)
    return None


def unit_from_title(lines: Iterable[str]) -> Unit | None:
    """The first office named in the title block (lines in reading order); None when no line names one.

    A name broken over two title lines ("BADAN PEMBERDAYAAN MASYARAKAT" / "DAN PEMERINTAHAN DESA") is joined.
    """
    lines = list(lines)
    for i in range(len(lines)):
        name = _office_at(lines, i)
        if name:
            if bidang_of(name):
                return Unit(name, bidang_of(name))
            # a Balai or UPT tells no bidang; the office it belongs to, printed beside it in the title block
            # ("KEPALA BALAI PENGELOLAAN ANJUNGAN" / "DINAS PARIWISATA DAN KEBUDAYAAN"), does
            near = (_office_at(lines, j) for j in range(max(0, i - _PARENT_LINES), i + _PARENT_LINES + 1) if j != i)
            parent = next((p for p in near if p and bidang_of(p)), None)
            return Unit(parent, bidang_of(parent)) if parent else Unit(name, ())
    return None


_PARENT_LINES = 3
"""How far from a Balai's name its parent office may be printed in the title block."""


def _office_at(lines: list[str], i: int) -> str | None:
    """The office line `i` names, joined with the next line when the name is broken over both."""
    if i >= len(lines):
        return None
    line = lines[i]
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    joined = f"{line.strip()} {nxt}" if _continues(line, nxt) else None
    return (office_in_line(joined) if joined else None) or office_in_line(line)


_NOT_CONTINUATION = re.compile(r"^(?:KABUPATEN|KAB\.|KOTA|PROVINSI|PROV\.|TAHUN|PEMERINTAH|NIP|NOMOR|JL\.|JALAN)\b")


def _continues(line: str, nxt: str) -> bool:
    """Whether the next title line finishes this one's office name ("BADAN PERENCANAAN PEMBANGUNAN" / "DAERAH,
    PENELITIAN DAN PENGEMBANGAN"): both in capitals, the next short, neither a place nor another office."""
    return (
        line.strip().isupper() and nxt.isupper() and len(nxt) < 80
        and _NOT_CONTINUATION.match(nxt) is None and OFFICE_RE.search(_unspace(nxt)) is None
        and OFFICE_RE.search(_unspace(line)) is not None
    )


def unit_from_cells(texts: Iterable[str]) -> Unit | None:
    """For documents without a title block (a Renja form whose first rows are "URUSAN PEMERINTAHAN BIDANG
    KESEHATAN", "DINAS KESEHATAN"): the first cell that is wholly an office name or a bidang's name."""
    names = {canonical.bidang_by_kode()[k].nama.lower(): k for k in canonical.bidang_by_kode()}
    bidang_row: tuple[str, ...] = ()
    acronym: Unit | None = None
    for text in list(texts)[:_CELLS_LOOKED_AT]:
        cell = " ".join(text.split())
        if not cell or len(cell) > 120:
            continue
        kode = names.get(cell.lower())
        if kode is None:
            row = _BIDANG_ROW_RE.match(cell)
            kode = names.get(f"urusan pemerintahan bidang {row.group('name').lower()}") if row else None
        if kode is not None and not bidang_row:
            bidang_row = (kode,)
            continue
        found = OFFICE_RE.fullmatch(_unspace(cell))
        if found and not _NOT_OFFICES.match(cell):
            name = _tidy(found.group("name"))
            unit = Unit(name, bidang_of(name) or bidang_row)
            if len(name.split()) > 1:
                return unit
            acronym = acronym or unit  # "DINKES" in a penanggung jawab column: the full name may follow
    if acronym is not None:
        return Unit(acronym.instansi, acronym.bidang or bidang_row)
    return Unit("", bidang_row) if bidang_row else None
