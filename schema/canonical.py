"""The project's own canonical lists: kecamatan nomenclature, strategic indicators, region codes, aliases.

The CSVs in `schema/data/` are the shipped copies (the product never reads the shared reference at run time);
they are plain UTF-8 CSV so that a person can read, diff and extend them. Loading is cached because the
matcher and the region resolver ask for the same lists on every row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

NOMENKLATUR_LEVELS = ("program", "kegiatan", "sub_kegiatan")
WILAYAH_LEVELS = ("provinsi", "kabupaten", "kecamatan")
ALIAS_KINDS = ("uraian", "indikator")


@dataclass(frozen=True)
class NomenklaturEntry:
    """One program, kegiatan or sub kegiatan of urusan 7.01 (Kecamatan).

    `khusus` names the only region family an entry applies to (`aceh` for Mukim/Qanun and the Aceh duplicate
    of 7.01.04.2.01); it is empty for entries every kecamatan may use.
    """

    kode: str
    level: str
    nama: str
    kinerja: str
    indikator: str
    satuan: str
    khusus: str = ""

    @property
    def parent_kode(self) -> str | None:
        """Program of a kegiatan, kegiatan of a sub kegiatan: the codes nest by prefix."""
        if self.level == "sub_kegiatan":
            return self.kode.rsplit(".", 1)[0]
        if self.level == "kegiatan":
            return self.kode.rsplit(".", 2)[0]
        return None


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


@lru_cache(maxsize=1)
def nomenklatur() -> tuple[NomenklaturEntry, ...]:
    """All 7.01 entries sorted by code."""
    entries = tuple(
        NomenklaturEntry(
            kode=row["kode"].strip(),
            level=row["level"].strip(),
            nama=row["nama"].strip(),
            kinerja=row.get("kinerja", "").strip(),
            indikator=row.get("indikator", "").strip(),
            satuan=row.get("satuan", "").strip(),
            khusus=(row.get("khusus") or "").strip().lower(),
        )
        for row in _read("nomenklatur.csv")
    )
    for entry in entries:
        if entry.level not in NOMENKLATUR_LEVELS:
            raise ValueError(f"nomenklatur.csv: unknown level {entry.level!r} for {entry.kode}")
    return tuple(sorted(entries, key=lambda e: e.kode))


@lru_cache(maxsize=1)
def nomenklatur_by_kode() -> dict[str, NomenklaturEntry]:
    return {entry.kode: entry for entry in nomenklatur()}


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
