"""Faults: a batch of 1,000+ files with 1–2% bad ones of every kind through `kinerja ingest --workers 2`.

Prints documents/s (wall), CPU seconds of all processes and per document (the machine may be shared), the peak
resident memory of every worker process, and a table: every good document written (count by status), every bad
file with its status and reason. Fails loudly (exit 1) if a good document is missing, a bad one has no reason, or
the run does not finish.

    python bench/bench_faults.py [--files 1000] [--bad 0.015] [--timeout 60] [--max-memory 1024] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from make_faults import write_batch  # noqa: E402
from proctree import cpu_seconds, descendants  # noqa: E402

from kinerja.store import read_frame  # noqa: E402

KINERJA = [sys.executable, "-m", "kinerja.cli"]


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _is_worker(pid: int) -> bool:
    """A worker is a child of the fork server (the helpers are the fork server and the resource tracker)."""
    try:
        ppid = int(_status(pid).get("PPid", "0"))
        parent = Path(f"/proc/{ppid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return False
    return b"forkserver" in parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--bad", type=float, default=0.015)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--max-memory", type=int, default=1024)
    parser.add_argument("--keep", type=Path, default=None, help="write the batch and the dataset here and keep them")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="kinerja-faults-"))
    batch_dir, out = work / "batch", work / "out"
    shutil.rmtree(batch_dir, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    files = write_batch(batch_dir, args.files, args.bad, include_bench_only=True)
    bad = [f for f in files if f.kind != "good"]
    print(f"batch: {len(files)} files, {len(bad)} bad of {len({f.kind for f in bad})} kinds "
          f"({time.perf_counter() - started:.1f} s to write) in {batch_dir}")

    started = time.perf_counter()
    run = subprocess.Popen([*KINERJA, "ingest", str(batch_dir), "--out", str(out), "--workers", str(args.workers),
                            "--timeout", str(args.timeout), "--max-memory", str(args.max_memory), "--quiet"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, float] = {}
    cpu_seen: dict[int, float] = {}
    while run.poll() is None:
        for pid in [run.pid, *descendants(run.pid)]:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                cpu_seen[pid] = seconds
            if _is_worker(pid):
                hwm = _status(pid).get("VmHWM", "0 kB").split()[0]
                peaks[pid] = max(peaks.get(pid, 0.0), int(hwm) / 1024)
        time.sleep(0.2)
    stdout, stderr = run.communicate()
    wall = time.perf_counter() - started
    cpu = sum(cpu_seen.values())  # sampled every 0.2 s: a killed worker's last moments are not counted
    print(stdout.strip())
    print(f"exit code {run.returncode} (3: some documents failed)")

    docs = read_frame(out, "documents")
    by_path = {}
    for row in docs.to_dict("records"):
        for path in row.get("source_paths") if row.get("source_paths") is not None else [row["source_path"]]:
            by_path[str(Path(path).resolve())] = row
    good = [f for f in files if f.kind == "good"]
    good_status = Counter(by_path[str(f.path.resolve())]["status"] if str(f.path.resolve()) in by_path
                          else "MISSING" for f in good)
    print(f"\n{len(docs)} documents in the dataset for {len(files)} files; {wall:.1f} s wall, "
          f"{len(files) / wall:.1f} files/s, {len(good) / wall:.1f} good documents/s")
    print(f"CPU {cpu:.1f} s over the ingest, its fork server and workers ({cpu / len(files) * 1000:.0f} ms per file, "
          f"{cpu / wall:.2f} cores busy on average)")
    print(f"worker processes: {len(peaks)} (started or replaced); peak RSS MB: "
          + ", ".join(f"{mb:.0f}" for mb in sorted(peaks.values(), reverse=True)))
    print(f"\ngood documents: {len(good)}, by status: {dict(good_status)}")
    print(f"\n{'file':44s} {'kind':16s} {'status':10s} reason")
    problems = []
    for f in sorted(bad, key=lambda f: (f.kind, f.path.name)):
        row = by_path.get(str(f.path.resolve()))
        status = row["status"] if row else "MISSING"
        reason = (row.get("error") or "; ".join(row.get("warnings") or [])) if row else ""
        reason = reason.split(": ", 1)[1] if reason.startswith(str(batch_dir)) else reason  # the path it names
        print(f"{f.path.name:44s} {f.kind:16s} {status:10s} {reason[:110]}")
        if not row or not reason:
            problems.append(f"{f.path.name}: no row or no reason")
    if good_status.get("MISSING") or good_status.get("failed"):
        problems.append(f"good documents not written: {good_status}")
    slowest = [line for line in stderr.splitlines() if "time limit" in line]
    print(f"\ndocuments stopped at --timeout {args.timeout} s: {len(slowest)}; the run ended "
          f"({wall:.1f} s), none left hanging")
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems))
        sys.exit(1)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
