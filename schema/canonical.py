"""The project's own canonical lists: the national nomenclature of every bidang, the bidang and the office names
that carry them, strategic indicators, region codes, aliases.

The CSVs in `schema/data/` are the shipped copies (the product never reads the shared reference at run time);
they are plain UTF-8 CSV so that a person can read, diff and extend them (`schema/build_lists.py` writes the
nomenclature and bidang lists from the reference). Loading is cached because the matcher and the region resolver ask
for the same lists on every row.

The generic penunjang program ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", its kegiatan and sub
kegiatan) exists under every bidang with the same names; it is stored once under the placeholder `X.XX`
(`X.XX.01.2.01.0001`) and becomes a real code with the bidang of the office that uses it (`1.02.01.2.01.0001`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

NOMENKLATUR_LEVELS = ("program", "kegiatan", "sub_kegiatan")
WILAYAH_LEVELS = ("provinsi", "kabupaten", "kecamatan")
ALIAS_KINDS = ("uraian", "indikator")
GENERIC = "X.XX"
"""The placeholder bidang of the generic penunjang program; its program is number 01 under every bidang."""
_GENERIC_RE = re.compile(r"^(\d\.\d\d)(\.01(?:\.2\.\d\d(?:\.\d{4})?)?)$")


@dataclass(frozen=True)
class NomenklaturEntry:
    """One program, kegiatan or sub kegiatan of the national nomenclature.

    `bidang` is the entry's bidang (`1.02`), or `X.XX` for the generic penunjang program, which every bidang
    carries. `khusus` names the only region family an entry applies to (`aceh` for Mukim/Qanun and the Aceh
    duplicate of 7.01.04.2.01); it is empty for entries every region may use. `untuk_bidang` limits a generic entry
    to the offices that carry it (the Sekretariat Daerah's kepala daerah kegiatan: `4.01`); empty means all.
    """

    kode: str
    level: str
    nama: str
    kinerja: str
    indikator: str
    satuan: str
    khusus: str = ""
    bidang: str = ""
    untuk_bidang: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        """An entry of the penunjang program every bidang carries (coded with the document's bidang)."""
        return self.bidang == GENERIC

    @property
    def parent_kode(self) -> str | None:
        """Program of a kegiatan, kegiatan of a sub kegiatan: the codes nest by prefix."""
        if self.level == "sub_kegiatan":
            return self.kode.rsplit(".", 1)[0]
        if self.level == "kegiatan":
            return self.kode.rsplit(".", 2)[0]
        return None


@dataclass(frozen=True)
class Bidang:
    """A bidang (urusan area) and the office names that carry it.

    `pattern` is searched, case-insensitively, in an office name (`dinas kesehatan|dinkes|rumah sakit|…`); it is a
    heuristic from common regional naming, so a merged office (Dinas Perdagangan dan Perindustrian) matches several.
    """

    kode: str
    nama: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class IndikatorEntry:
    """A strategic/program/kegiatan indicator kecamatan use that is not in the national nomenclature.

    `id` (`IKS-001` …) is stable: new entries take the next free number, retired ones keep theirs.
    """

    id: str
    nama: str
    satuan: str
    tingkat: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Wilayah:
    """A provinsi, kabupaten/kota or kecamatan with its Kemendagri code (`73.06.07`)."""

    kode: str
    nama: str
    level: str
    parent_kode: str | None


@dataclass(frozen=True)
class Alias:
    """A name seen in real documents that stands for a canonical code (or `none`: known not to be one)."""

    kind: str
    alias: str
    kode: str


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sort_key(kode: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in kode.split("."))


@lru_cache(maxsize=1)
def nomenklatur() -> tuple[NomenklaturEntry, ...]:
    """Every entry as shipped, sorted by code: each bidang's own entries, then the generic ones (`X.XX…`) once."""
    entries = tuple(
        NomenklaturEntry(
            kode=row["kode"].strip(),
            level=row["level"].strip(),
            nama=row["nama"].strip(),
            kinerja=row.get("kinerja", "").strip(),
            indikator=row.get("indikator", "").strip(),
            satuan=row.get("satuan", "").strip(),
            khusus=(row.get("khusus") or "").strip().lower(),
            bidang=(row.get("bidang") or "").strip(),
            untuk_bidang=tuple(b.strip() for b in (row.get("untuk_bidang") or "").split(";") if b.strip()),
        )
        for row in _read("nomenklatur.csv")
    )
    for entry in entries:
        if entry.level not in NOMENKLATUR_LEVELS:
            raise ValueError(f"nomenklatur.csv: unknown level {entry.level!r} for {entry.kode}")
    return tuple(sorted(entries, key=lambda e: _sort_key(e.kode)))


def expand(entry: NomenklaturEntry, bidang: str) -> NomenklaturEntry:
    """A generic entry as the given bidang carries it (`X.XX.01.2.01` → `1.02.01.2.01`); others unchanged."""
    if not entry.generic:
        return entry
    return NomenklaturEntry(bidang + entry.kode[len(GENERIC):], entry.level, entry.nama, entry.kinerja,
                            entry.indikator, entry.satuan, entry.khusus, bidang, entry.untuk_bidang)


def applies_to(entry: NomenklaturEntry, bidang: str) -> bool:
    """Whether an office of this bidang may carry the entry (its own, or a generic one not limited elsewhere)."""
    if entry.generic:
        return not entry.untuk_bidang or bidang in entry.untuk_bidang
    return entry.bidang == bidang


def generic_template(kode: str) -> str | None:
    """The generic entry a real penunjang code stands for (`1.02.01.2.01.0001` → `X.XX.01.2.01.0001`), else None."""
    found = _GENERIC_RE.match(kode)
    if found and found.group(1) in bidang_by_kode():
        return GENERIC + found.group(2)
    return None


@lru_cache(maxsize=1)
def _shipped_by_kode() -> dict[str, NomenklaturEntry]:
    return {entry.kode: entry for entry in nomenklatur()}


def entry(kode: str) -> NomenklaturEntry | None:
    """The entry of a valid code (a bidang's own, a generic one under a bidang that may carry it, or a generic
    template `X.XX…`), None for any other string; without building every bidang's copy of the generic program."""
    shipped = _shipped_by_kode().get(kode)
    if shipped is not None:
        return shipped
    template = generic_template(kode)
    generic = _shipped_by_kode().get(template) if template else None
    if generic is None or not applies_to(generic, kode[:4]):
        return None
    return expand(generic, kode[:4])


def override_problem(kind: str, kode: str) -> str | None:
    """What is wrong with a reviewer's decision (kind, code or `none`), None when nothing: checked from the lists
    alone, so a run can refuse a bad overrides file before any worker starts, without building a matcher."""
    if kind not in ALIAS_KINDS:
        return f"override kind must be uraian or indikator, not {kind!r}"
    if kode != "none" and kode not in indikator_by_id() and entry(kode) is None:
        return f"names unknown code {kode!r}"
    return None


@lru_cache(maxsize=1)
def nomenklatur_by_kode() -> dict[str, NomenklaturEntry]:
    """Every valid code: each bidang's own entries, the generic ones under every bidang that may carry them, and the
    generic templates themselves (`X.XX…`: "under the document's bidang")."""
    entries = nomenklatur()
    out = {entry.kode: entry for entry in entries}
    for bidang in bidang_by_kode():
        for entry in entries:
            if entry.generic and applies_to(entry, bidang):
                real = expand(entry, bidang)
                out[real.kode] = real
    return out


def sort_codes(codes: Iterable[str]) -> list[str]:
    """Codes in nomenclature order (`1.02.01` before `1.02.02` before `1.03`; `X.XX` last)."""
    return sorted(codes, key=_sort_key)


@lru_cache(maxsize=1)
def bidang() -> tuple[Bidang, ...]:
    """Every bidang with its name and office-name pattern, sorted by code."""
    return tuple(
        Bidang(row["bidang"].strip(), row["bidang_nama"].strip(), re.compile(row["instansi_pattern"], re.IGNORECASE))
        for row in _read("bidang.csv")
    )


@lru_cache(maxsize=1)
def bidang_by_kode() -> dict[str, Bidang]:
    return {b.kode: b for b in bidang()}


@lru_cache(maxsize=1)
def indikator() -> tuple[IndikatorEntry, ...]:
    """Strategic indicators sorted by id; aliases are the `;`-separated variants seen in real documents."""
    return tuple(
        IndikatorEntry(
            id=row["id"].strip(),
            nama=row["nama"].strip(),
            satuan=row.get("satuan", "").strip(),
            tingkat=row.get("tingkat", "").strip(),
            aliases=tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()),
        )
        for row in _read("indikator.csv")
    )


@lru_cache(maxsize=1)
def indikator_by_id() -> dict[str, IndikatorEntry]:
    return {entry.id: entry for entry in indikator()}


@lru_cache(maxsize=1)
def wilayah() -> tuple[Wilayah, ...]:
    """Provinsi, kabupaten/kota and kecamatan sorted by code."""
    return tuple(
        Wilayah(
            kode=row["kode"].strip(),
            nama=row["nama"].strip(),
            level=row["level"].strip(),
            parent_kode=(row.get("parent_kode") or "").strip() or None,
        )
        for row in _read("wilayah.csv")
    )


@lru_cache(maxsize=1)
def wilayah_by_kode() -> dict[str, Wilayah]:
    return {w.kode: w for w in wilayah()}


@lru_cache(maxsize=1)
def aliases() -> tuple[Alias, ...]:
    """Document-seen name variants for uraian (program/kegiatan/sub kegiatan) names; empty if no file."""
    path = DATA_DIR / "aliases.csv"
    if not path.exists():
        return ()
    result = []
    for row in _read("aliases.csv"):
        alias = Alias(kind=row["kind"].strip(), alias=row["alias"].strip(), kode=row["kode"].strip())
        if alias.kind not in ALIAS_KINDS:
            raise ValueError(f"aliases.csv: unknown kind {alias.kind!r}")
        result.append(alias)
    return tuple(result)
