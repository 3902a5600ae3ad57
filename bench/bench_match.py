"""Throughput of the name matcher on a realistic batch: 100,000 names drawn with repetition from a pool
of a few thousand variants (canonical names of every bidang with typos, truncations, case changes, numbering, and
decoys), each with the bidang of the office whose document printed it (a tenth with the unit unknown).

Run: .venv/bin/python bench/bench_match.py
"""

from __future__ import annotations

import random
import time

from kinerja.normalize.matching import Matcher
from kinerja.schema import canonical

N_NAMES = 100_000
POOL_SIZE = 4_000
SEED = 20240108
DECOYS = (
    "Program Pelayanan Administrasi Perkantoran",
    "Penyediaan Alat Tulis Kantor",
    "Penyediaan Makanan dan Minuman",
    "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "Penyelenggaraan Posyandu",
    "Penyediaan Penghasilan Tetap dan Tunjangan Kepala Desa",
    "Program Peningkatan Ketenteraman dan Ketertiban Umum",
    "Jumlah sarana dan prasarana yang memadai",
    "Persentase layanan sesuai SP",
    "Jumlah kuesioner yang disebarkan",
)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice(("drop", "swap", "dup", "space"))
    if op == "drop":
        return text[:i] + text[i + 1 :]
    if op == "swap":
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    if op == "dup":
        return text[:i] + text[i] + text[i:]
    return text[:i] + " " + text[i:]


def _variant(rng: random.Random, name: str) -> str:
    kind = rng.random()
    if kind < 0.25:
        name = name.upper()
    elif kind < 0.35:
        name = name.lower()
    if rng.random() < 0.4:
        name = _typo(rng, name)
    if rng.random() < 0.15:
        words = name.split()
        name = " ".join(words[: max(3, int(len(words) * rng.uniform(0.6, 0.9)))])
    if rng.random() < 0.3:
        name = rng.choice(("1. ", "A. ", "2 ", "3) ", "")) + name
    return name


Item = tuple[str, str, "tuple[str, ...] | None"]


def build_pool(rng: random.Random) -> list[Item]:
    """(kind, name, office bidang) triples; about a tenth are decoys, a tenth come with the unit unknown."""
    every = [b.kode for b in canonical.bidang()]
    entries = canonical.nomenklatur()
    indikator = [e.indikator for e in entries if e.indikator]
    indikator += [e.nama for e in canonical.indikator()] + [
        a for e in canonical.indikator() for a in e.aliases
    ]
    pool: list[Item] = []
    while len(pool) < POOL_SIZE:
        roll = rng.random()
        unit: tuple[str, ...] | None = (rng.choice(every),)
        if roll < 0.1:
            item = (rng.choice(("uraian", "indikator")), _variant(rng, rng.choice(DECOYS)))
        elif roll < 0.6:
            entry = rng.choice(entries)
            unit = unit if entry.generic else (entry.bidang,)
            item = ("uraian", _variant(rng, entry.nama))
        else:
            unit = ("7.01",)  # the official and strategic indicators kinerja ships are the kecamatan ones
            item = ("indikator", _variant(rng, rng.choice(indikator)))
        pool.append((*item, None if rng.random() < 0.1 else unit))
    return pool


def main() -> None:
    rng = random.Random(SEED)
    pool = build_pool(rng)
    # Real batches are skewed: a few names (gaji ASN, IKM, jasa surat menyurat) recur far more often
    # than others.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    batch = rng.choices(pool, weights=weights, k=N_NAMES)
    unique = len(set(batch))

    start, cpu_start = time.perf_counter(), time.process_time()
    matcher = Matcher()
    built = time.perf_counter()
    statuses = {"accepted": 0, "review": 0, "unmatched": 0}
    for kind, name, unit in batch:
        result = (matcher.match_uraian(name, bidang=unit) if kind == "uraian"
                  else matcher.match_indikator(name, bidang=unit))
        statuses[result.status] += 1
    end, cpu = time.perf_counter(), time.process_time() - cpu_start

    total = end - start
    entries = len(canonical.nomenklatur())
    print(f"names: {N_NAMES:,} ({unique:,} distinct, pool {len(pool):,}) against {entries:,} list entries")
    print(f"matcher build: {built - start:.3f} s")
    print(f"total: {total:.3f} s wall, {cpu:.3f} s CPU (one core)  ->  {N_NAMES / total:,.0f} names/s")
    print("statuses: " + ", ".join(f"{k}={v:,}" for k, v in statuses.items()))


if __name__ == "__main__":
    main()
