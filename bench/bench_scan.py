"""Scanned pages: seconds per page of kinerja's full ingest beside the OCR engine alone on the same pages.

Pages: the table page of each real scan in `../shared/realdocs` (Dishub p2, Disperkim p2, Grobogan p2 sideways,
Pasuruan p2 phone scan) when present, and the scanned twins of the sample PDFs (`samples/make_scans.py`), each cut
into single-page PDFs in a temp dir.

Figures (the machine is shared, so CPU seconds per core are the ones to compare; wall seconds beside them):
- the OCR engine alone: RapidOCR's detection and recognition on each page image, as kinerja renders it (the
  rendering itself is not counted), in this process after one warm-up page;
- kinerja's full ingest of the same pages with 1 worker (a real `kinerja ingest` subprocess: render, orientation,
  deskew, rules, OCR, table finders, normalise, match, Parquet), CPU of the run and every process under it, sampled
  from /proc (the workers come from a fork server, so getrusage would miss them); the ratio to the engine alone
  (target: within 1.3x);
- pages/s of the ingest with 1 and 2 workers (wall);
- peak resident memory of a worker (target: under 1 GB);
- where a scanned page's CPU goes, stage by stage (render, layout detection, orientation, deskew, rules, OCR,
  word filters, then table finders + normalisation + matching), from one in-process run of `process_document` on
  each page with the stages timed (`--no-breakdown` leaves it out).

    .venv/bin/python bench/bench_scan.py [--no-real] [--no-twins]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
REAL_PAGES = {
    "OPD_Jabar_Dishub_PK_EselonII_2016_scan.pdf": 2,
    "OPD_Jabar_Disperkim_PK_KasiDrainase_2017_scan.pdf": 2,
    "OPD_Grobogan_DPUPR_IKU_2022_scan.pdf": 2,
    "OPD_Pasuruan_Bappeda_PK-Perubahan_2020_scan.pdf": 2,
}

sys.path.insert(0, str(ROOT / "samples"))
import make_scans  # noqa: E402 - the scanned twins' generator lives with the other sample scripts
from proctree import run_sampled  # noqa: E402


def single_pages(folder: Path, real: bool, twins: bool) -> list[Path]:
    """The bench pages, one PDF each."""
    import pypdfium2

    sources: list[tuple[str, bytes, list[int]]] = []
    if real and REALDOCS.is_dir():
        sources += [(name, (REALDOCS / name).read_bytes(), [page]) for name, page in REAL_PAGES.items()]
    if twins:
        for source, twin in make_scans.TWINS.items():
            data = make_scans.scanned_twin((ROOT / "samples" / "pdf" / source).read_bytes(), source)
            sources.append((twin, data, list(range(1, len(pypdfium2.PdfDocument(data)) + 1))))
    out = []
    for name, data, pages in sources:
        src = pypdfium2.PdfDocument(data)
        for page in pages:
            doc = pypdfium2.PdfDocument.new()
            doc.import_pages(src, [page - 1])
            buffer = io.BytesIO()
            doc.save(buffer)
            path = folder / f"{Path(name).stem}_p{page}.pdf"
            path.write_bytes(buffer.getvalue())
            out.append(path)
    return out


def engine_alone(pages: list[Path]) -> tuple[float, float]:
    """CPU and wall seconds of RapidOCR alone on the pages as kinerja renders them."""
    import pypdfium2

    from kinerja.extract import ocr, scan

    images = []
    settings = scan.ScanSettings()
    for path in pages:
        doc = pypdfium2.PdfDocument(path)
        images.append(scan.render(doc[0], settings)[0])
    engine = ocr.engine()
    engine(images[0], use_det=True, use_cls=False, use_rec=True)  # warm-up: model load and first-run setup
    cpu, wall = time.process_time(), time.perf_counter()
    for image in images:
        engine(image, use_det=True, use_cls=False, use_rec=True, return_word_box=False)
    return time.process_time() - cpu, time.perf_counter() - wall


def ingest_pages(pages: list[Path], workers: int) -> tuple[float, float, int, list[float]]:
    """CPU (the run and every process under it), wall seconds, pages read by OCR and peak RSS (MB) of each process
    under the run, for a real `kinerja ingest` of the pages."""
    from kinerja.store import read_frame

    with tempfile.TemporaryDirectory() as out:
        run = run_sampled([sys.executable, "-m", "kinerja.cli", "ingest", *map(str, pages), "--out",
                           str(Path(out) / "ds"), "--workers", str(workers), "--timeout", "0", "--quiet"])
        if run.returncode != 0:
            raise SystemExit(f"kinerja ingest failed ({run.returncode}): {run.stderr[-2000:]}")
        docs = read_frame(Path(out) / "ds", "documents")
        ok = int((docs["extractor"] == "ocr").sum())
    return run.cpu, run.wall, ok, run.other_rss


STAGES = {
    "render": "render",
    "layout detection": "_layout_quads",
    "orientation": "orientation",
    "deskew": "skew_angle",
    "turn and level": "upright",
    "rules": "ruling_masks",
    "OCR engine": "read_words",
    "words cut at rules": "split_at_rules",
    "stamps, footers": "keep_words",
}


def breakdown(pages: list[Path]) -> None:
    """CPU seconds per stage of reading the pages in this process (the stages wrapped with timers)."""
    import functools

    from kinerja.document_job import process_document
    from kinerja.extract import ocr, scan

    spent = dict.fromkeys(STAGES, 0.0)

    def timed(label: str, func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start
        return run

    for label, name in STAGES.items():
        owner = ocr if name == "read_words" else scan
        setattr(owner, name, timed(label, getattr(owner, name)))
    process_document(pages[0].read_bytes(), str(pages[0]))  # warm-up: the engine's model load
    spent.update(dict.fromkeys(STAGES, 0.0))
    total = time.process_time()
    for path in pages:
        process_document(path.read_bytes(), str(path))
    total = time.process_time() - total
    rest = total - sum(spent.values())
    n = len(pages)
    print(f"where a page's CPU goes (in-process, {n} pages, {total / n:.2f} s CPU/page):")
    for label, seconds in [*spent.items(), ("tables, normalise, match", rest)]:
        print(f"  {label:26s} {seconds / n:6.3f} s/page  {seconds / total:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-real", action="store_true", help="leave out the real scans")
    parser.add_argument("--no-twins", action="store_true", help="leave out the scanned twins of the samples")
    parser.add_argument("--no-breakdown", action="store_true", help="leave out the stage-by-stage breakdown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = single_pages(Path(tmp), not args.no_real, not args.no_twins)
        n = len(pages)
        print(f"{n} scanned pages: {', '.join(p.stem for p in pages)}")
        e_cpu, e_wall = engine_alone(pages)
        print(f"OCR engine alone      : {e_cpu:7.2f} s CPU {e_wall:7.2f} s wall  {e_cpu / n:5.2f} s CPU/page")
        rates = {}
        peak = 0.0
        for workers in (1, 2):
            cpu, wall, ok, rss = ingest_pages(pages, workers)
            peak = max([peak, *rss])
            rates[workers] = n / wall
            print(f"kinerja ingest, {workers} worker{'s' if workers > 1 else ' '}: {cpu:7.2f} s CPU {wall:7.2f} s wall"
                  f"  {cpu / n:5.2f} s CPU/page  {n / wall:5.3f} pages/s (wall)  {ok}/{n} read by OCR")
            print(f"full ingest ({workers} worker{'s' if workers > 1 else ''}) / engine alone (CPU per page) = "
                  f"{cpu / e_cpu:.2f}x  (target <= 1.3x)")
        print(f"2 workers / 1 worker (pages/s) = {rates[2] / rates[1]:.2f}x  "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print(f"peak resident memory of a worker: {peak:.0f} MB  (target < 1024 MB)")
        if not args.no_breakdown:
            breakdown(pages)
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end: with other work on the "
              "machine, compare CPU seconds, not wall)")


if __name__ == "__main__":
    main()
