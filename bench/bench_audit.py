"""Benchmark the audit on a synthetic regional dataset: ~5,000 documents × 40 indicator rows × 4 quarters.

Builds documents/indicators/periods with schema.to_arrow in a temp dir (1,000 kecamatan × 5 years, a PK table
and a Rencana Aksi table with programs, kegiatan and sub kegiatan, quarterly targets in all three modes and
quarterly budgets), injects about 1% inconsistencies, then times run_audit and write_findings.

    .venv/bin/python bench/bench_audit.py [--docs 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from kinerja.audit import audit, load, run_audit, write_findings
from kinerja.schema import to_arrow

STRATEGIC = [
    ("Indeks Kepuasan Masyarakat (IKM)", "Nilai", 85.0),
    ("Nilai SAKIP Kecamatan", "Nilai", 60.0),
    ("Persentase Capaian Kinerja Program Penunjang", "%", 98.0),
    ("Cakupan Desa yang Melaksanakan Tertib Administrasi", "%", 100.0),
]
SUB_INDICATORS = [
    ("Jumlah Laporan {}", "Laporan", 12),
    ("Jumlah Dokumen {}", "Dokumen", 6),
    ("Jumlah Orang {}", "Orang/Bulan", 16),
    ("Persentase {}", "%", 100),
    ("Jumlah Kegiatan {}", "Kegiatan", 9),
    ("Nilai {}", "Nilai", 81.3),
]
YEARS = (2020, 2021, 2022, 2023, 2024)


def _rp(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def _split(rng: random.Random, total: float, mode: str) -> list[float]:
    if mode == "cumulative":
        return [total * k / 4 for k in (1, 2, 3, 4)]
    if mode == "level":
        return [total] * 4
    base = [total // 4] * 4
    base[rng.randrange(4)] += total - sum(base)
    return base


@dataclass
class _DocWriter:
    """Appends one document's indicator and period rows, numbering source lines as a text rendition would."""

    doc_id: str
    inds: list[dict[str, Any]]
    pers: list[dict[str, Any]]
    rng: random.Random
    line: int = 1

    def add(self, table: int, row: int, kind: str, **kw: Any) -> None:
        self.inds.append(
            dict(doc_id=self.doc_id, table_index=table, row_index=row, table_kind=kind, line=self.line, **kw)
        )
        self.line += 6

    def tw(self, table: int, row: int, measure: str, values: list[float], unit: str = "") -> None:
        for q, v in enumerate(values):
            blank = v == 0 and measure == "target" and self.rng.random() < 0.5
            raw = "-" if blank else f"{_rp(v)}{unit}"
            self.pers.append(
                dict(
                    doc_id=self.doc_id,
                    table_index=table,
                    row_index=row,
                    period=f"TW{q + 1}",
                    measure=measure,
                    value=None if blank else float(v),
                    raw=raw,
                    line=self.line + q,
                )
            )


def build(n_docs: int, seed: int = 7) -> tuple[list[dict], list[dict], list[dict]]:
    """Synthetic rows for the three input datasets, about 1% of them inconsistent on purpose."""
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    inds: list[dict[str, Any]] = []
    pers: list[dict[str, Any]] = []
    n_kec = max(1, n_docs // len(YEARS))
    for d in range(n_docs):
        kec, year = d % n_kec, YEARS[(d // n_kec) % len(YEARS)]
        doc_id = f"{d:064x}"
        docs.append(
            dict(
                doc_id=doc_id,
                source_path=f"ra/{kec}_{year}.pdf",
                doc_type="rencana_aksi",
                kecamatan=f"Kecamatan {kec}",
                kabupaten=f"Kabupaten {kec % 50}",
                provinsi="Jawa Tengah",
                tahun=year,
                status="ok",
                schema_version="1.0",
                n_tables=2,
                n_indicators=40,
            )
        )
        w = _DocWriter(doc_id, inds, pers, rng)
        add, tw = w.add, w.tw
        for r, (name, sat, base) in enumerate(STRATEGIC):
            t = round(base + (year - 2020) * (1 if sat == "Nilai" else 0) + rng.choice((0, 0, 0, 1)), 2)
            if sat == "%":
                t = min(t, 100.0)
            if rng.random() < 0.002:
                t = round(t / 10, 2)  # a regional outlier, as a misplaced decimal point would give
            add(
                0,
                r,
                "perjanjian_kinerja",
                level="sasaran_strategis",
                indikator=name,
                satuan=sat,
                target=t,
                target_raw=f"{t:g}".replace(".", ","),
            )
        row = 0
        for p in range(3):
            program_row = row
            add(
                1,
                row,
                "rencana_aksi",
                level="program",
                uraian=f"PROGRAM {p}",
                indikator=f"Persentase program {p}",
                satuan="%",
                target=100.0,
                target_raw="100%",
            )
            tw(1, row, "target", [25, 50, 75, 100], "%")
            row += 1
            program_total = 0.0
            for k in range(2):
                keg_row = row
                add(
                    1,
                    row,
                    "rencana_aksi",
                    level="kegiatan",
                    uraian=f"Kegiatan {p}.{k}",
                    indikator=f"Persentase kegiatan {p}.{k}",
                    satuan="%",
                    target=100.0,
                    target_raw="100%",
                )
                tw(1, row, "target", [100] * 4, "%")
                row += 1
                keg_total = 0.0
                for s in range(5 if k == 0 and p < 2 else 4):
                    name, sat, tgt = SUB_INDICATORS[(p + k + s) % len(SUB_INDICATORS)]
                    mode = rng.choice(("cumulative", "counts", "level")) if sat != "%" else "cumulative"
                    mode = "level" if sat == "Nilai" else mode
                    budget = float(rng.randrange(1_000, 200_000) * 1_000)
                    keg_total += budget
                    quarters = (
                        _split(rng, float(tgt), mode) if tgt == int(tgt) or mode == "level" else [tgt] * 4
                    )
                    if rng.random() < 0.01:
                        quarters[2] = quarters[2] + 7  # a quarter that fits no mode
                    rp = _split(rng, budget, "counts")
                    if rng.random() < 0.01:
                        rp = [budget] * 4  # the annual budget copied into every quarter
                    add(
                        1,
                        row,
                        "rencana_aksi",
                        level="sub_kegiatan",
                        uraian=f"Sub kegiatan {p}.{k}.{s}",
                        indikator=name.format(f"{p}.{k}.{s}"),
                        satuan=sat,
                        target=float(tgt),
                        target_raw=f"{tgt:g} {sat}",
                        anggaran=budget,
                        anggaran_raw=_rp(budget),
                        repairs=["31.015.1250 read as 310151250"] if rng.random() < 0.002 else [],
                    )
                    tw(1, row, "target", quarters)
                    tw(1, row, "anggaran", rp)
                    row += 1
                inds[len(inds) - (row - keg_row)]["anggaran"] = keg_total
                inds[len(inds) - (row - keg_row)]["anggaran_raw"] = _rp(keg_total)
                program_total += keg_total
            off = len(inds) - (row - program_row)
            inds[off]["anggaran"] = program_total + (1_000_000 if rng.random() < 0.01 else 0)
            inds[off]["anggaran_raw"] = _rp(inds[off]["anggaran"])
    return docs, inds, pers


def write(dataset: Path, docs: list[dict], inds: list[dict], pers: list[dict]) -> None:
    for name, rows in (("documents", docs), ("indicators", inds), ("periods", pers)):
        (dataset / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(to_arrow(name, rows), dataset / name / "part-0.parquet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--keep", type=Path, help="write the dataset here and keep it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
    dataset = args.keep or tmp
    try:
        t0 = time.perf_counter()
        docs, inds, pers = build(args.docs)
        write(dataset, docs, inds, pers)
        t1 = time.perf_counter()
        print(
            f"built {len(docs):,} documents, {len(inds):,} indicator rows, {len(pers):,} period rows "
            f"in {t1 - t0:.1f}s"
        )
        findings = run_audit(dataset)
        t2 = time.perf_counter()
        print(
            f"run_audit: {t2 - t1:.2f}s, {len(findings):,} findings, "
            f"{len(inds) / (t2 - t1):,.0f} indicator rows/s, {len(pers) / (t2 - t1):,.0f} period rows/s"
        )
        data = load(dataset)
        t3 = time.perf_counter()
        for rule in findings["rule"].drop_duplicates().sort_values():
            t = time.perf_counter()
            n = len(audit(data, [rule]))
            print(f"  {rule:<20} {n:>7,} findings  {time.perf_counter() - t:6.2f}s")
        t4 = time.perf_counter()
        write_findings(findings, dataset, data=data)
        t5 = time.perf_counter()
        size = (dataset / "report.html").stat().st_size
        print(
            f"load+prepare {t3 - t2:.2f}s; per-rule timings above {t4 - t3:.2f}s (shared pivots cached); "
            f"write_findings + report.html ({size / 1e6:.1f} MB): {t5 - t4:.2f}s"
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
