"""How long `kinerja inspect` takes on a 100-page document, and how the page view behaves in Chromium.

The 100-page PDF is built from the sample PDFs (pages repeated in order) with pypdfium2, ingested, then viewed.
Prints wall time and CPU time per core for ingest and for inspect, the size of the view, and in headless
Chromium (when /usr/bin/chromium exists): time until the page's script is ready, how many page images are
decoded at first (drawn lazily: only those near the screen), and the time to jump to a row on the last page.

    .venv/bin/python bench/bench_inspect.py [--pages 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def build_pdf(pages: int, path: Path) -> Path:
    sources = [pdfium.PdfDocument(str(p)) for p in sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
               if "rotated" not in p.name]
    out = pdfium.PdfDocument.new()
    i = 0
    while len(out) < pages:
        src = sources[i % len(sources)]
        take = min(len(src), pages - len(out))
        out.import_pages(src, list(range(take)))
        i += 1
    out.save(str(path))
    return path


def timed(label: str, fn) -> object:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = fn()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"{label:<34} wall {wall:6.1f} s   cpu {cpu:6.1f} s ({cpu / max(wall, 1e-9) / (os.cpu_count() or 1):.2f} "
          f"per core of {os.cpu_count()})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    from kinerja.pipeline import IngestOptions, ingest
    from kinerja.store import read_frame
    from kinerja.views import view_name
    from kinerja.views.page_view import write_views

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        pdf = build_pdf(args.pages, tmp_path / f"arsip_{args.pages}_halaman.pdf")
        out = tmp_path / "out"
        timed(f"ingest ({args.pages} pages)*", lambda: ingest([pdf], out, IngestOptions(workers=1)))
        print("  * ingest reads in a worker process: its CPU is not in this process's figures")
        written = timed(f"inspect ({args.pages} pages)", lambda: write_views(out))
        from kinerja.views.images import render_pages

        data = pdf.read_bytes()
        timed("  of which: render + WebP", lambda: sum(len(i.data_uri) for i in render_pages(data)))
        from kinerja.extract import read_document

        timed("  of which: read the PDF again", lambda: read_document(data, str(pdf)))
        view = written[0]
        docs = read_frame(out, "documents")
        rows = read_frame(out, "indicators")
        print(f"page view: {view.stat().st_size / 1e6:.1f} MB for {args.pages} pages, {len(rows)} rows "
              f"({view.stat().st_size / args.pages / 1e3:.0f} kB per page)")
        assert view.name == view_name(docs.iloc[0]["doc_id"], docs.iloc[0]["source_path"])
        if not Path("/usr/bin/chromium").exists():
            print("chromium not found: browser figures skipped")
            return
        from browser import Browser

        last = rows.sort_values(["page", "table_index", "row_index"]).iloc[-1]
        key = f"{int(last['table_index'])}-{int(last['row_index'])}"
        with Browser(tmp_path / "profile") as b:
            start = time.perf_counter()
            b.open(view.as_uri())
            ready = time.perf_counter() - start
            decoded = b.evaluate("document.querySelectorAll('img[src]').length")
            total = b.evaluate("document.querySelectorAll('img[data-src]').length")
            print(f"chromium: ready in {ready:.2f} s; page images drawn at first: {decoded} of {total}")
            start = time.perf_counter()
            b.evaluate(f"location.hash = 'r-{key}'")
            b.wait_for(f"document.body.dataset.selected === '{key}' && "
                       f"document.querySelector('#p-{int(last['page'])} img').complete")
            jump = time.perf_counter() - start
            drawn = b.evaluate("document.querySelectorAll('img[src]').length")
            print(f"chromium: jump to a row on page {int(last['page'])} and draw it: {jump:.2f} s; "
                  f"images drawn now: {drawn}")
            errors = b.console_errors()
            print(f"chromium: console errors: {len(errors)}")


if __name__ == "__main__":
    main()
