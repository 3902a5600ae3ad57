"""Text ingestion speed: documents and indicator rows per second, in one process and with the process pool.

The replicated seeds repeat their rows, so the warm figures profit from kinerja's caches more than a diverse
archive would; the cold figure (each seed once, first thing in the process) is the honest lower bound.

Run: `.venv/bin/python bench/bench_text.py [--copies N]`. The five seeds are replicated N times (each copy made
unique so every document gets its own id) and ingested end to end into a temporary dataset.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from kinerja.document_job import process_document
from kinerja.pipeline import IngestOptions, ingest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=60, help="copies of each seed (default 60 = 300 documents)")
    args = parser.parse_args()
    seeds = sorted(SAMPLES.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        archive.mkdir()
        for i in range(args.copies):
            for seed in seeds:
                (archive / f"{i:05d}_{seed.name}").write_bytes(seed.read_bytes() + f"\n{i}\n".encode())
        files = sorted(archive.iterdir())
        megabytes = sum(f.stat().st_size for f in files) / 1e6

        started = time.perf_counter()
        rows = sum(len(process_document(s.read_bytes(), str(s)).indicators) for s in seeds)
        cold = time.perf_counter() - started
        print(f"cold, each seed once        : {len(seeds) / cold:8.1f} docs/s  {rows / cold:9.0f} rows/s"
              "  (no cache has seen these documents yet: the figure for a diverse archive)")

        started = time.perf_counter()
        rows = sum(len(process_document(f.read_bytes(), str(f)).indicators) for f in files[: len(seeds) * 10])
        single = time.perf_counter() - started
        n_single = len(seeds) * 10
        print(f"process_document, 1 process : {n_single / single:8.1f} docs/s  {rows / single:9.0f} rows/s")

        for workers in sorted({1, os.cpu_count() or 1}):
            started = time.perf_counter()
            summary = ingest([archive], Path(tmp) / f"out{workers}", IngestOptions(workers=workers))
            seconds = time.perf_counter() - started
            print(
                f"kinerja ingest, {workers} worker(s): {summary.documents / seconds:8.1f} docs/s  "
                f"{summary.indicators / seconds:9.0f} rows/s  ({summary.documents} docs, {megabytes:.1f} MB, "
                f"{summary.indicators} rows, {seconds:.1f}s incl. Parquet writing)"
            )


if __name__ == "__main__":
    main()
