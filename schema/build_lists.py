"""Build the shipped nomenclature lists (`schema/data/nomenklatur.csv`, `bidang.csv`) from the public reference.

Run by hand when the reference changes; the product only ever reads the files this writes:

    .venv/bin/python -m kinerja.schema.build_lists ../shared/reference

Inputs (see the reference's SOURCES.md): `nomenklatur_all.csv` (every bidang's programs, kegiatan and sub
kegiatan, the generic penunjang program once under the placeholder `X.XX`), `nomenklatur_kecamatan.csv` (urusan
7.01 with the kinerja/indikator/satuan metadata and the newer spellings), `urusan_instansi.csv` (which office names
carry which bidang). The kecamatan list wins for the codes it has, and lends its penunjang spellings and metadata to
the generic entries: the penunjang sub kegiatan and their indicators are the same under every bidang.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
GENERIC = "X.XX"
KECAMATAN = "7.01"
NOMENKLATUR_COLUMNS = ("kode", "level", "nama", "bidang", "kinerja", "indikator", "satuan", "khusus", "untuk_bidang")
BIDANG_COLUMNS = ("bidang", "bidang_nama", "instansi_pattern")
# Kegiatan of the generic penunjang program that only some offices carry (the reference's applicability notes):
# 2.11-2.14 belong to the Sekretariat Daerah, 2.15-2.16 to the Sekretariat DPRD.
ONLY_FOR = {**{f"2.{k}": "4.01" for k in (11, 12, 13, 14)}, **{f"2.{k}": "4.02" for k in (15, 16)}}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kegiatan_of(kode: str) -> str | None:
    """`X.XX.01.2.11.0001` → `2.11`."""
    parts = kode.split(".")
    return ".".join(parts[3:5]) if len(parts) >= 5 else None


def build(reference: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of nomenklatur.csv and bidang.csv, sorted by code."""
    everything = _read(reference / "nomenklatur_all.csv")
    kecamatan = {row["kode"]: row for row in _read(reference / "nomenklatur_kecamatan.csv")}
    aceh = tuple(k + "." for k, row in kecamatan.items()
                 if row["level"] == "kegiatan" and "aceh-specific" in row["note"].lower())
    rows: dict[str, dict[str, str]] = {}

    def add(kode: str, level: str, nama: str, bidang: str, meta: dict[str, str] | None) -> None:
        meta = meta or {}
        rows[kode] = {
            "kode": kode, "level": level, "nama": " ".join(nama.split()), "bidang": bidang,
            "kinerja": meta.get("kinerja", "").strip(), "indikator": meta.get("indikator", "").strip(),
            "satuan": meta.get("satuan", "").strip(),
            "khusus": "aceh" if any((kode + ".").startswith(a) for a in aceh) else "",
            "untuk_bidang": ONLY_FOR.get(_kegiatan_of(kode) or "", "") if bidang == GENERIC else "",
        }

    for row in everything:
        if row["level"] == "bidang":
            continue
        kode, bidang = row["kode"], row["bidang"]
        if bidang == GENERIC:
            twin = kecamatan.get(KECAMATAN + kode[len(GENERIC):])  # the kecamatan list's copy of the entry
            add(kode, row["level"], twin["nama"] if twin else row["nama"], GENERIC, twin)
        elif kode in kecamatan:
            add(kode, row["level"], kecamatan[kode]["nama"], bidang, kecamatan[kode])
        else:
            add(kode, row["level"], row["nama"], bidang, None)
    for kode, row in kecamatan.items():  # entries newer than the national dump (7.01.03.2.06 …)
        if not kode.startswith(KECAMATAN + ".01") and kode not in rows:
            add(kode, row["level"], row["nama"], KECAMATAN, row)
    bidang = [
        {"bidang": row["bidang"], "bidang_nama": row["bidang_nama"].strip(),
         "instansi_pattern": row["instansi_pattern"]}
        for row in _read(reference / "urusan_instansi.csv")
    ]
    return sorted(rows.values(), key=lambda r: _sort_key(r["kode"])), sorted(bidang, key=lambda r: r["bidang"])


def _sort_key(kode: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in kode.split("."))


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kinerja.schema.build_lists REFERENCE_DIR", file=sys.stderr)
        return 2
    nomenklatur, bidang = build(Path(argv[0]))
    _write(DATA / "nomenklatur.csv", NOMENKLATUR_COLUMNS, nomenklatur)
    _write(DATA / "bidang.csv", BIDANG_COLUMNS, bidang)
    print(f"nomenklatur.csv: {len(nomenklatur)} entries; bidang.csv: {len(bidang)} bidang")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
