"""Generate the born-digital PDFs the speed bench reads: a set of documents and one 100-page document.

The documents are the sample layouts of `make_pdfs.py` (ruled Pallangga and Kalaena grids with spans, the
unruled Kaligondang export upright and rotated, Bajeng's sectioned table, a prose page) bound together in
varying combinations of one to three, as archives hold them (a cover letter, then one or two lampiran). Output
is deterministic. Run: `.venv/bin/python samples/make_bench_pdfs.py DIR [--count 40]`.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_pdfs  # the sample layouts live next to this script


def _layouts() -> list[bytes]:
    from reportlab.lib.pagesizes import A4

    return [
        make_pdfs.pallangga(),
        make_pdfs._build(make_pdfs.bajeng(), A4, make_pdfs._page_number),
        make_pdfs.kaligondang(),
        make_pdfs.kalaena(),
        make_pdfs.kaligondang(rotated=True),
        make_pdfs.prose(),
    ]


def _bind(parts: list[bytes], max_pages: int | None = None) -> bytes:
    """One PDF made of the pages of `parts` in order (at most `max_pages`)."""
    out = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(part)
        room = len(src) if max_pages is None else min(len(src), max_pages - len(out))
        if room > 0:
            out.import_pages(src, list(range(room)))
        src.close()
    buf = io.BytesIO()
    out.save(buf)
    out.close()
    return buf.getvalue()


def write_set(folder: Path, count: int = 40) -> list[Path]:
    """`count` documents of one to three layouts each into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    layouts = _layouts()
    paths = []
    for i in range(count):
        parts = [layouts[(i + k * 3) % len(layouts)] for k in range(1 + i % 3)]
        path = folder / f"bench_{i:03d}.pdf"
        path.write_bytes(_bind(parts))
        paths.append(path)
    return paths


def write_long(folder: Path, pages: int = 100) -> Path:
    """One document of `pages` pages: the Kalaena rencana aksi table over and over (memory per worker)."""
    folder.mkdir(parents=True, exist_ok=True)
    kalaena = make_pdfs.kalaena()
    per = len(pdfium.PdfDocument(kalaena))
    path = folder / f"long_{pages}_pages.pdf"
    path.write_bytes(_bind([kalaena] * (pages // per + 1), max_pages=pages))
    return path


def bordered_page(rows: int = 70, cols: int = 10) -> bytes:
    """One A3 landscape page as Word 365 prints a big table: every side of every cell drawn as its own thin
    filled rectangle (Tangsel's realisation reports), so the page holds thousands of rectangles. Cell (r, c)
    reads `r{r}c{c}`; row 0 is a bold header `KOLOM c`."""
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.pdfgen import canvas as rl_canvas

    width, height = landscape(A3)
    left, top, cell_w, cell_h, rule = 30.0, 30.0, (width - 60) / cols, (height - 60) / (rows + 1), 0.5
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setFillGray(0)
    for r in range(rows + 1):
        for k in range(cols):
            x, y = left + k * cell_w, height - top - (r + 1) * cell_h
            for rx, ry, rw, rh in (
                (x, y + cell_h - rule / 2, cell_w, rule),  # top
                (x, y - rule / 2, cell_w, rule),  # bottom
                (x - rule / 2, y, rule, cell_h),  # left
                (x + cell_w - rule / 2, y, rule, cell_h),  # right
            ):
                c.rect(rx, ry, rw, rh, stroke=0, fill=1)
            c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 6)
            c.drawString(x + 3, y + cell_h / 2 - 2, f"KOLOM {k}" if r == 0 else f"r{r}c{k}")
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    paths = write_set(args.folder, args.count)
    long = write_long(args.folder)
    print(f"{len(paths)} documents and {long.name} in {args.folder}")


if __name__ == "__main__":
    main()
