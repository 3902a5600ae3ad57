"""Scale: an archive of 1,000+ documents (1% broken) through `kinerja ingest` at 1 and 2 workers, and a resume.

Prints documents/s and pages/s (wall), CPU seconds of all processes (the machine may be shared: CPU per document is
the steadier figure), peak RSS of the main process and of each process under it (the pool's fork server, ~15 MB,
and its workers), and the time a re-run takes after `kill -9` half way through.
Checks that every good document is written and every broken one is explained, and prints the broken ones.

    python bench/bench_scale.py [--documents 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from make_archive import make_archive  # noqa: E402
from proctree import run_sampled  # noqa: E402

from kinerja.store import read_frame  # noqa: E402

KINERJA = [sys.executable, "-m", "kinerja.cli"]


def run_ingest(archive: Path, out: Path, workers: int, kill_after: float | None = None) -> dict:
    """One `kinerja ingest` subprocess; peak RSS and CPU time of it and every process under it sampled from /proc
    (its workers are not its waited children, so getrusage would miss them)."""
    run = run_sampled([*KINERJA, "ingest", str(archive), "--out", str(out), "--workers", str(workers), "-q"],
                      kill_after)
    return {"wall": run.wall, "cpu": run.cpu, "rc": run.returncode, "stdout": run.stdout, "stderr": run.stderr,
            "main_rss": run.main_rss, "worker_rss": run.other_rss, "cpu_by_role": run.cpu_by_role}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the archive and datasets here.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kinerja-scale-"))
    archive = work / "arsip"
    if archive.exists():
        shutil.rmtree(archive)
    made = make_archive(archive, args.documents, bad_share=args.bad_share)
    good = [f for f in made if f.kind == "good"]
    distinct = len({hashlib.sha256(f.path.read_bytes()).hexdigest() for f in made})  # zero-byte files are one
    print(f"archive: {len(made)} files ({len(made) - len(good)} broken: corrupt, encrypted, truncated, zero-byte, "
          f"not a PDF) from {len({f.original for f in good})} samples, {os.cpu_count()} cores")
    print(f"{'workers':>7} {'docs':>6} {'pages':>6} {'wall s':>8} {'docs/s':>7} {'pages/s':>8} {'CPU s':>7} "
          f"{'CPU ms/doc':>10} {'main MB':>8}  peak RSS of each process under it, MB")
    walls, cpus = {}, {}
    for workers in (1, 2):
        out = work / f"out-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        r = run_ingest(archive, out, workers)
        walls[workers] = r["wall"]
        docs = read_frame(out, "documents")
        pages = int(docs["pages"].fillna(0).sum())
        worker_rss = ", ".join(f"{v:.0f}" for v in r["worker_rss"]) or "(none)"
        print(f"{workers:>7} {len(docs):>6} {pages:>6} {r['wall']:>8.1f} {len(docs) / r['wall']:>7.1f} "
              f"{pages / r['wall']:>8.1f} {r['cpu']:>7.1f} {1000 * r['cpu'] / len(docs):>10.1f} "
              f"{r['main_rss'] or 0:>8.0f}  {worker_rss}")
        roles = r["cpu_by_role"]
        cpus[workers] = roles
        share = roles["main"] / max(roles["workers"], 1e-9)
        print(f"{'':>7} CPU s: main process {roles['main']:.1f} ({100 * share:.0f}% of the workers'), "
              f"fork server {roles['fork server']:.1f}, workers {roles['workers']:.1f}; load "
              f"{os.getloadavg()[0]:.1f}")
        check(made, docs)
    one, two = cpus[1], cpus[2]
    print(f"2 workers / 1 worker = {walls[1] / walls[2]:.2f}x (wall); projected from CPU time: 2 x {one['workers']:.1f}"
          f" / ({two['workers']:.1f} + {two['main'] + two['fork server']:.1f}) = "
          f"{2 * one['workers'] / (two['workers'] + two['main'] + two['fork server']):.2f}x")

    # resume: kill -9 the whole run half way through, then run the same command again
    out = work / "out-resume"
    shutil.rmtree(out, ignore_errors=True)
    killed = run_ingest(archive, out, 2, kill_after=walls[2] / 2)
    committed = len(read_frame(out, "documents"))
    again = run_ingest(archive, out, 2)
    docs = read_frame(out, "documents")
    print(f"\nresume: killed (SIGKILL to the run and its workers) after {killed['wall']:.1f}s of a "
          f"{walls[2]:.1f}s run with {committed} of {distinct} documents committed; the re-run took "
          f"{again['wall']:.1f}s ({again['cpu']:.1f} CPU s) and read {distinct - committed}: "
          f"{again['stdout'].strip()}")
    assert len(docs) == distinct and docs["doc_id"].is_unique, "the re-run did not complete the dataset once"
    check(made, docs)
    skip = run_ingest(archive, out, 2)
    print(f"re-run with nothing new: {skip['wall']:.1f}s ({skip['cpu']:.1f} CPU s) to hash {len(made)} files and "
          "skip them all")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def check(made, docs) -> None:
    """Every good document written (not failed), every broken one failed with a reason naming its file."""
    by_path = {path: row for _, row in docs.iterrows() for path in row["source_paths"]}  # identical bytes: one row
    for f in made:
        row = by_path[str(f.path.absolute())]
        if f.kind == "good":
            assert row["status"] != "failed", f"{f.path}: {row['error']}"
        else:
            assert row["status"] == "failed" and row["error"], f"{f.path}: {row['status']}"
    if not getattr(check, "printed", False):
        check.printed = True
        print("broken documents, as explained in the dataset:")
        for f in made:
            if f.kind != "good":
                row = by_path[str(f.path.absolute())]
                also = f" (same bytes as {Path(row['source_path']).name})" if row["source_path"] != str(
                    f.path.absolute()) else ""
                print(f"  {f.kind:>10}  {f.path.name}: {row['error'].split(': ', 1)[1][:90]}{also}")


if __name__ == "__main__":
    main()
