"""Pages per second of kinerja's full PDF ingest beside the PDF table tools alone, on the same PDFs.

Sets: the samples (`samples/pdf/`), a generated set of 40 born-digital PDFs that this bench writes with
`samples/make_bench_pdfs.py` into a temp dir, and the born-digital real documents when `../shared/realdocs` exists.
Per set and tool it prints CPU seconds (this process; the machine is shared, so CPU time per core is the figure to
compare) and wall seconds, pages/s of each, and kinerja's ratio to each tool. Then: `kinerja --help` start-up, peak
RSS of one worker on a 100-page document, and pages/s of the ingest with 1 and 2 workers (wall, with the load
average) with where each run's time went: CPU seconds of the parent, the fork server and the workers, the pool's
start-up, the workers' busy share, the tail, the commits; and the 2-worker speed-up projected from CPU time alone,
the figure to compare when the machine is shared, each over several rounds beside a pure-Python reference load
that shows what the (shared, virtual) machine itself gives two processes at that moment (`scaling`); and the same
pair through `kinerja ingest` on a generated archive of 200 PDFs, as a user runs it (`cli_scaling`).

Tools: kinerja full ingest (`pipeline.ingest` in this process: extract, normalise, match, write Parquet),
pdfplumber `extract_tables`, camelot stream, camelot lattice, and the bare pypdfium2 read of every character
with its box (what reading the PDF costs).

    .venv/bin/python bench/bench_pdf.py [--sets samples,generated,real] [--tools kinerja,plumber,...] [--no-extras]
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdf"
REALDOCS = ROOT.parent / "shared" / "realdocs"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(ROOT / "samples"))
# make_bench_pdfs (reportlab) is imported where it is used, not here: the pool's workers import this script again as
# their __main__ (multiprocessing does), and would each spend 0.1 s of CPU on imports a real `kinerja` does not make.


def real_documents() -> list[Path]:
    """Every born-digital real PDF (scans have nothing for a table finder to do)."""
    manifest = REALDOCS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [
            REALDOCS / row["file"]
            for row in csv.DictReader(fh, delimiter="\t")
            if row["file"].endswith(".pdf") and "scanned" not in row["born_digital_or_scanned"]
        ]


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


# --- the tools, each over a list of files ------------------------------------------------------------------


def kinerja_ingest(paths: list[Path], workers: int = 1) -> None:
    """The full job: extraction, normalisation, matching, region codes, Parquet written and published."""
    from kinerja.pipeline import IngestOptions, ingest

    with tempfile.TemporaryDirectory() as out:
        ingest(paths, Path(out) / "ds", IngestOptions(workers=workers, timeout=0))


def plumber_tables(paths: list[Path]) -> None:
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()


def _camelot(paths: list[Path], flavor: str) -> None:
    import camelot

    for path in paths:
        try:
            camelot.read_pdf(io.BytesIO(path.read_bytes()), pages="all", flavor=flavor, suppress_stdout=True)
        except Exception as exc:  # camelot gives up on some real documents; the time spent still counts
            print(f"    camelot {flavor} failed on {path.name}: {type(exc).__name__}", file=sys.stderr)


def camelot_stream(paths: list[Path]) -> None:
    _camelot(paths, "stream")


def camelot_lattice(paths: list[Path]) -> None:
    _camelot(paths, "lattice")


def pdfium_chars(paths: list[Path]) -> None:
    """Every character's text and box, nothing else: the floor of any PDF table extraction."""
    import pypdfium2 as pdfium

    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        for page in doc:
            text = page.get_textpage()
            n = text.count_chars()
            text.get_text_range(0, n)
            for i in range(n):
                text.get_charbox(i)
            text.close()
            page.close()
        doc.close()


TOOLS: dict[str, tuple[str, Callable[[list[Path]], None]]] = {
    "kinerja": ("kinerja full ingest", kinerja_ingest),
    "plumber": ("pdfplumber extract_tables", plumber_tables),
    "stream": ("camelot stream", camelot_stream),
    "lattice": ("camelot lattice", camelot_lattice),
    "pdfium": ("pypdfium2 characters", pdfium_chars),
}


def _forkserver_cpu() -> float:
    """CPU seconds of multiprocessing's fork server and the workers it has reaped: `kinerja ingest` runs every
    document in such a worker, whose time RUSAGE_CHILDREN never sees (the fork server outlives the run)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], None]) -> tuple[float, float]:
    """(CPU seconds of this process, its reaped children and the ingest's workers, wall seconds)."""
    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + _forkserver_cpu()

    c0, w0 = cpu(), time.perf_counter()
    fn()
    return cpu() - c0, time.perf_counter() - w0


def bench_set(label: str, paths: list[Path], tools: list[str]) -> None:
    pages = sum(page_count(p) for p in paths)
    print(f"\n== {label}: {len(paths)} PDFs, {pages} pages")
    print(f"{'':28s} {'CPU s':>8s} {'wall s':>8s} {'pages/s CPU':>12s} {'pages/s wall':>13s}")
    rates: dict[str, float] = {}
    for key in tools:
        name, fn = TOOLS[key]
        cpu, wall = timed(lambda fn=fn: fn(paths))
        rates[key] = pages / cpu
        print(f"{name:28s} {cpu:8.2f} {wall:8.2f} {pages / cpu:12.1f} {pages / wall:13.1f}")
    if "kinerja" in rates:
        for key, rate in rates.items():
            if key != "kinerja":
                print(f"full ingest / {TOOLS[key][0]:28s} = {rates['kinerja'] / rate:5.2f}x")


def help_seconds(runs: int = 5) -> float:
    """Wall time of `kinerja --help` in a fresh interpreter (best of `runs`)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(BIN / "kinerja"), "--help"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


_WORKER = """
import re, sys, time
from kinerja.document_job import process_document
path = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
result = process_document(open(path, "rb").read(), path)
# VmHWM, not ru_maxrss: Linux carries the parent's peak across fork and exec into ru_maxrss
with open("/proc/self/status") as fh:
    peak_kb = re.search(r"VmHWM:\\s+(\\d+)", fh.read()).group(1)
print(peak_kb, time.process_time() - cpu, time.perf_counter() - start, result.document["status"],
      len(result.indicators))
"""


def worker_memory(path: Path) -> None:
    """Peak RSS of a fresh worker process that ingests one document."""
    out = subprocess.run([sys.executable, "-c", _WORKER, str(path)], check=True, capture_output=True, text=True)
    rss_kb, cpu, _wall, status, rows = out.stdout.split()
    pages = page_count(path)
    print(
        f"peak RSS of one worker on a {pages}-page document: {int(rss_kb) / 1024:.0f} MB "
        f"({float(cpu):.1f} s CPU, {pages / float(cpu):.1f} pages/s; status {status}, {rows} indicator rows)"
    )


def bordered(tmp: Path) -> None:
    """A Word-style page drawing every cell side as a rectangle (Tangsel): extraction time per page."""
    import make_bench_pdfs

    from kinerja.extract.pdf import read_pdf

    data = make_bench_pdfs.bordered_page(rows=70, cols=10)
    cpu, wall = timed(lambda: [read_pdf(data, "bordered.pdf") for _ in range(5)])
    print(f"Word-style page of 2,840 drawn rectangles: {cpu / 5:.3f} s CPU per page ({wall / 5:.3f} s wall)")


def _forkserver_times() -> tuple[float, float]:
    """(CPU seconds of the fork server itself, CPU seconds of the workers it has reaped)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() if pid else []
    except OSError:
        fields = []
    if not fields:
        return 0.0, 0.0
    utime, stime, cutime, cstime = (int(x) / os.sysconf("SC_CLK_TCK") for x in fields[11:15])
    return utime + stime, cutime + cstime


def _own_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _reference_work(seconds_of_work: int) -> None:
    """A pure-Python load like kinerja's (small dicts, lists and strings made and dropped), no I/O, no shared data."""
    table: dict[int, list[object]] = {}
    for i in range(seconds_of_work * 4_000_000):
        table[i % 1000] = [i, str(i)]


def reference_scaling(work: int = 2) -> tuple[float, float]:
    """(wall seconds of the reference load in one process, in two side by side): what this machine gives any
    CPU-bound Python program on two cores, the ceiling for kinerja's own scaling at that moment."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    walls = []
    for count in (1, 2):
        started = time.perf_counter()
        procs = [ctx.Process(target=_reference_work, args=(work,)) for _ in range(count)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        walls.append(time.perf_counter() - started)
    return walls[0], walls[1]


def _ingest_run(paths: list[Path], pages: int, workers: int, verbose: bool) -> tuple[float, float, float, float]:
    """One ingest of `paths` with `workers`: (wall, parent CPU, fork server CPU, workers' CPU), printed."""
    from kinerja.pipeline import IngestOptions, ingest

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        parent0, (server0, workers0), wall0 = _own_cpu(), _forkserver_times(), time.perf_counter()
        summary = ingest(paths, Path(out) / "ds", IngestOptions(workers=workers, timeout=0))
        wall = time.perf_counter() - wall0
        parent, (server, worker_cpu) = _own_cpu() - parent0, _forkserver_times()
        server, worker_cpu = server - server0, worker_cpu - workers0
    print(f"ingest with {workers} worker(s): {wall:6.2f} s wall, {pages / wall:6.1f} pages/s (load {load:.1f})")
    if verbose:
        print(f"    CPU s: parent {parent:.2f}, fork server {server:.2f}, workers {worker_cpu:.2f} "
              f"(parent {1000 * parent / pages:.1f} ms/page = {100 * parent / max(worker_cpu, 1e-9):.0f}% of the "
              f"workers'; workers {pages / max(worker_cpu, 1e-9):.1f} pages/s per core)")
        pool = summary.pool
        if pool is not None:
            share = pool.busy / max(pool.workers * pool.seconds, 1e-9)
            print(f"    wall s: pool start {pool.first_ready:.2f}, workers busy {pool.busy:.2f} of "
                  f"{pool.workers} x {pool.seconds:.2f} ({100 * share:.0f}%"
                  f"; their CPU {pool.task_cpu:.2f}), tail {pool.tail:.2f}, commits {summary.commit_seconds:.2f} "
                  f"in {summary.batches}, outside the pool {summary.seconds - pool.seconds:.2f}")
    return wall, parent, server, worker_cpu


def scaling(paths: list[Path], rounds: int = 5) -> None:
    """Pages/s (wall) of the ingest with 1 and 2 workers, and where each run's time went: CPU seconds of this
    process (the parent: hashing, planning, receiving results, Arrow, Parquet, manifest), of the fork server and of
    the workers; the pool's start-up, the workers' busy share, the tail (a worker with nothing left to take), the
    commits and the time outside the pool (finding and hashing before it, the last commit after it).

    The machine is a shared virtual one: the same fixed work takes ±25% from one second to the next, and two
    processes side by side slow each other by whatever the host's other tenants leave. So the pair (1 worker,
    2 workers) is run `rounds` times, each round beside the same pair of a reference pure-Python load, and the
    medians are printed: kinerja's speed-up, the reference's (the machine's ceiling at that moment), and the
    speed-up projected from CPU time (with the parent taking P CPU-seconds and the workers W, two workers on two
    cores finish at best in (W2 + P)/2 where one took W1, so 2 x W1 / (W2 + P) is the most two workers can gain)."""
    import statistics

    pages = sum(page_count(p) for p in paths)
    ours, reference, projected = [], [], []
    for round_ in range(1, rounds + 1):
        print(f"round {round_} of {rounds}:")
        w1, _, _, cpu1 = _ingest_run(paths, pages, 1, verbose=round_ == 1)
        w2, parent2, server2, cpu2 = _ingest_run(paths, pages, 2, verbose=round_ == 1)
        r1, r2 = reference_scaling()
        ours.append(w1 / w2)
        reference.append(2 * r1 / r2)
        projected.append(2 * cpu1 / (cpu2 + parent2 + server2))
        print(f"    2 workers / 1 worker = {w1 / w2:.2f}x (wall); projected from CPU time: 2 x {cpu1:.2f} / "
              f"({cpu2:.2f} + {parent2 + server2:.2f}) = {projected[-1]:.2f}x; reference load on this machine: "
              f"{reference[-1]:.2f}x")
    median = statistics.median
    print(f"2 workers / 1 worker on {os.cpu_count()} cores, median of {rounds} rounds: {median(ours):.2f}x (wall), "
          f"{median(projected):.2f}x projected from CPU time; a pure-Python reference load: {median(reference):.2f}x "
          f"(kinerja reaches {100 * median(ours) / median(reference):.0f}% of the machine's own scaling)")


def _cli_run(folder: Path, workers: int) -> tuple[float, float]:
    """`kinerja ingest FOLDER --workers N` as a user runs it: (wall seconds, CPU seconds of the kinerja process itself,
    its workers not included)."""
    with tempfile.TemporaryDirectory() as out:
        kids0, wall0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([str(BIN / "kinerja"), "ingest", str(folder), "--out", str(Path(out) / "ds"), "--workers",
                        str(workers), "--quiet"], check=True, capture_output=True)
        wall, kids = time.perf_counter() - wall0, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, kids.ru_utime + kids.ru_stime - kids0.ru_utime - kids0.ru_stime


def cli_scaling(folder: Path, rounds: int = 5) -> None:
    """The same pair through the command line on a larger archive: what a user sees, the parent's start-up
    (imports, the fork server) included."""
    import statistics

    paths = sorted(folder.glob("*.pdf"))
    pages = sum(page_count(p) for p in paths)
    ours, reference = [], []
    for round_ in range(1, rounds + 1):
        (w1, p1), (w2, p2) = _cli_run(folder, 1), _cli_run(folder, 2)
        r1, r2 = reference_scaling()
        ours.append(w1 / w2)
        reference.append(2 * r1 / r2)
        print(f"kinerja ingest, {len(paths)} PDFs ({pages} pages), round {round_}: 1 worker {w1:.2f} s "
              f"({pages / w1:.1f} pages/s), 2 workers {w2:.2f} s ({pages / w2:.1f} pages/s) = {w1 / w2:.2f}x; "
              f"the kinerja process's own CPU {p1:.2f} / {p2:.2f} s; reference load {reference[-1]:.2f}x")
    median = statistics.median
    print(f"kinerja ingest, median of {rounds} rounds: {median(ours):.2f}x; reference load {median(reference):.2f}x "
          f"({100 * median(ours) / median(reference):.0f}% of the machine's own scaling)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="samples,generated,real")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--no-extras", action="store_true", help="skip start-up, memory and scaling")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the 1- and 2-worker scaling runs")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.getLogger("camelot").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    tools = args.tools.split(",")
    sets = args.sets.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        import make_bench_pdfs

        generated = make_bench_pdfs.write_set(Path(tmp) / "set", 40)
        long = make_bench_pdfs.write_long(Path(tmp) / "long", 100)
        kinerja_ingest([SAMPLES / "001_bajeng_pengukuran.pdf"])  # warm: imports, vocabularies, the matcher
        if "samples" in sets:
            bench_set("samples", sorted(SAMPLES.glob("*.pdf")), tools)
        if "generated" in sets:
            bench_set("generated set", generated, tools)
        real = real_documents()
        if "real" in sets and real:
            bench_set("born-digital real documents", real, tools)
        if not args.no_extras:
            print()
            print(f"kinerja --help: {help_seconds():.3f} s wall (best of 5)")
            worker_memory(long)
            bordered(Path(tmp))
            scaling(generated, args.rounds)
            make_bench_pdfs.write_set(Path(tmp) / "archive", 200)
            cli_scaling(Path(tmp) / "archive", args.rounds)


if __name__ == "__main__":
    main()
