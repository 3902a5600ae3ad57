"""Pages per second of kinerja's PDF extraction, camelot lattice and pdfplumber alone, on the same PDFs.

The target: kinerja's full ingest at least as fast as camelot lattice alone on the same pages. Run:
`.venv/bin/python bench/bench_pdf.py` (the samples, plus the born-digital real documents when
../shared/realdocs exists).
"""

from __future__ import annotations

import csv
import io
import logging
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import camelot
import pdfplumber

from kinerja.pipeline import process_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdf"
REALDOCS = ROOT.parent / "shared" / "realdocs"


def corpus() -> list[Path]:
    """The sample tables plus every born-digital real PDF (scans have nothing for a table finder to do)."""
    files = sorted(p for p in SAMPLES.glob("00*.pdf"))
    manifest = REALDOCS / "MANIFEST.tsv"
    if manifest.exists():
        with manifest.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row["file"].endswith(".pdf") and "scanned" not in row["born_digital_or_scanned"]:
                    files.append(REALDOCS / row["file"])
    return files


def kinerja_ingest(data: bytes) -> None:
    """The full job of one document: extraction, normalisation, matching, region codes."""
    process_document(data, "bench.pdf")


def camelot_lattice(data: bytes) -> None:
    camelot.read_pdf(io.BytesIO(data), pages="all", flavor="lattice", suppress_stdout=True)


def plumber_tables(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def timed(fn: Callable[[bytes], None], blobs: list[bytes]) -> float:
    start = time.perf_counter()
    for data in blobs:
        fn(data)
    return time.perf_counter() - start


def main() -> None:
    warnings.filterwarnings("ignore")
    logging.getLogger("camelot").setLevel(logging.ERROR)
    files = corpus()
    blobs = [f.read_bytes() for f in files]
    pages = 0
    for data in blobs:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages += len(pdf.pages)
    print(f"{len(files)} PDFs, {pages} pages")
    rates = {}
    for label, fn in (
        ("kinerja full ingest", kinerja_ingest),
        ("camelot lattice", camelot_lattice),
        ("pdfplumber extract_tables", plumber_tables),
    ):
        seconds = timed(fn, blobs)
        rates[label] = pages / seconds
        print(f"{label:28s} {seconds:7.2f} s  {rates[label]:6.2f} pages/s")
    base = rates["kinerja full ingest"]
    print(f"full ingest / camelot lattice   = {base / rates['camelot lattice']:.2f}x")
    print(f"full ingest / pdfplumber tables = {base / rates['pdfplumber extract_tables']:.2f}x")


if __name__ == "__main__":
    main()
