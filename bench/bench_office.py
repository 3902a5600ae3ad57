"""Office originals: documents per second for .docx and .xlsx, reading alone and the whole `process_document`.

Files: the Word/PDF twin of samples/make_office.py, plus every .docx and .xlsx in ../shared/realdocs when present.
Each file is read once untimed (imports, caches), then `--repeat` times; CPU time per core is printed beside wall
time because the machine is shared.
The PDF twin of the sample table is timed too, so the cost of reading an original can be set against its print.

Run: `.venv/bin/python bench/bench_office.py [--repeat N]`
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
from pathlib import Path

from kinerja.document_job import process_document
from kinerja.extract import read_document

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"


def _samples(out: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("make_office", ROOT / "samples" / "make_office.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(out)
    return sorted(out.iterdir())


def _time(label: str, files: list[Path], repeat: int, work) -> None:
    blobs = [(f, f.read_bytes()) for f in files]
    for f, data in blobs:  # one untimed pass: imports and the matcher's lists load once per process
        work(data, f.name)
    rows = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for f, data in blobs:
            rows += work(data, f.name)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    n = repeat * len(blobs)
    print(f"{label:<44} {n / wall:7.1f} docs/s wall  {n / cpu:7.1f} docs/s per CPU core  "
          f"({n} docs, {wall:.2f}s wall, {cpu:.2f}s CPU, {rows // repeat} rows per pass)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="passes over the files (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = _samples(Path(tmp))
        real = sorted(REALDOCS.glob("*.docx")) + sorted(REALDOCS.glob("*.xlsx")) if REALDOCS.is_dir() else []
        groups = {
            "sample table, .docx": [f for f in sample if f.suffix == ".docx"],
            "sample table, .pdf (the same table printed)": [f for f in sample if f.suffix == ".pdf"],
            "realdocs .docx (4 files)": [f for f in real if f.suffix == ".docx"],
            "realdocs .xlsx (1 workbook, 125 rows x 36 cols)": [f for f in real if f.suffix == ".xlsx"],
        }
        for label, files in groups.items():
            if not files:
                continue
            _time(f"read_document     {label}", files, args.repeat,
                  lambda data, name: sum(len(t.rows) for t in read_document(data, name).tables))
            _time(f"process_document  {label}", files, args.repeat,
                  lambda data, name: len(process_document(data, name).indicators))


if __name__ == "__main__":
    main()
