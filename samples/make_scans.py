"""Scanned twins of the sample PDFs, as an office scanner or a phone would make them (deterministic).

Each page of a born-digital sample is rasterised at 200-300 dpi, turned grey, rotated by 0.3-1 degree, given
sensor noise and a faint speckle, and stored as a JPEG inside a PDF with no text layer. The one landscape page
of Kaligondang is put sideways on a portrait sheet, as a landscape table fed through a portrait scanner. A
last variant keeps a scanner's hidden OCR layer over the image, but a garbage one (`kine~a`, `RpA.868`), for
the test that such a page is read from its image and not from that layer.

    python samples/make_scans.py            # writes samples/scan/002_kaligondang_ra_scan.pdf (the demo's scan)
    python samples/make_scans.py OUT_DIR    # writes every twin and the garbage-layer PDF to OUT_DIR

The tests call `scanned_twin` and `garbage_layer` into a temporary folder (tests/test_scan_twins.py); only the
small Kaligondang twin is committed, so `make demo` ingests a scan too.
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
PDFS = ROOT / "pdf"
TWINS = {
    "000_pallangga_ra.pdf": "000_pallangga_ra_scan.pdf",
    "001_bajeng_pengukuran.pdf": "001_bajeng_pengukuran_scan.pdf",
    "002_kaligondang_ra.pdf": "002_kaligondang_ra_scan.pdf",
    "003_kalaena_ra.pdf": "003_kalaena_ra_scan.pdf",
}
SIDEWAYS = {"002_kaligondang_ra.pdf"}
"""Samples whose landscape pages are scanned sideways on a portrait sheet."""


def _page_image(page: object, dpi: int, angle: float, seed: int, sideways: bool) -> tuple[object, float, float]:
    """One page as a scanner would see it: grey, slightly rotated, noisy; returns the PIL image and the sheet
    size in points."""
    from PIL import Image

    width, height = page.get_size()  # type: ignore[attr-defined]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")  # type: ignore[attr-defined]
    if sideways and width > height:
        image = image.transpose(Image.Transpose.ROTATE_90)  # the table's top now faces the sheet's left edge
        width, height = height, width
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels * 0.93 + 8  # paper is not white, ink is not black
    pixels += rng.normal(0, 6, pixels.shape)
    specks = rng.random(pixels.shape) < 0.0004
    pixels[specks] = 90
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), width, height


def _jpeg(image: object, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)  # type: ignore[attr-defined]
    return out.getvalue()


def scanned_twin(pdf: bytes, name: str = "", dpi: int = 200, quality: int = 55) -> bytes:
    """A scan of every page of `pdf`: one JPEG per page, no text layer; rotation and noise seeded by the name."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rnd = random.Random(name)
    doc = pdfium.PdfDocument(pdf)
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, invariant=1)
    for index in range(len(doc)):
        angle = rnd.choice((-1, 1)) * rnd.uniform(0.3, 1.0)
        image, width, height = _page_image(doc[index], dpi, angle, rnd.randrange(1 << 30), name in SIDEWAYS)
        sheet.setPageSize((width, height))
        sheet.drawImage(ImageReader(io.BytesIO(_jpeg(image, quality))), 0, 0, width=width, height=height)
        sheet.showPage()
    sheet.save()
    doc.close()
    return buf.getvalue()


_GARBLE = {"r": "~", "a": "@", "e": "c", "0": "O", "1": "l", "5": "S", "8": "B", "i": "|"}


def garble(word: str, rnd: random.Random) -> str:
    """A word as a poor scanner OCR layer would have it: letters and digits swapped for look-alikes."""
    if len(word) < 3 or rnd.random() < 0.35:
        return word
    chars = list(word)
    for k, ch in enumerate(chars):
        if ch in _GARBLE and rnd.random() < 0.5:
            chars[k] = _GARBLE[ch]
    if word.startswith("Rp"):
        chars.insert(2, "A")
    return "".join(chars)


def garbage_layer(pdf: bytes, name: str = "garbage", dpi: int = 200, quality: int = 55) -> bytes:
    """A scan of page 1 of `pdf` with an invisible OCR text layer over it whose words are garbage."""
    import pdfplumber
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rnd = random.Random(name)
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        page = plumber.pages[0]
        words = page.extract_words()
    doc = pdfium.PdfDocument(pdf)
    image, width, height = _page_image(doc[0], dpi, 0.4, rnd.randrange(1 << 30), False)
    doc.close()
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    sheet.drawImage(ImageReader(io.BytesIO(_jpeg(image, quality))), 0, 0, width=width, height=height)
    for w in words:
        size = max(4.0, float(w["bottom"]) - float(w["top"]))
        text = sheet.beginText(float(w["x0"]), height - float(w["bottom"]))
        text.setTextRenderMode(3)  # invisible, as scanners lay their OCR under the image
        text.setFont("Helvetica", size)
        text.textOut(garble(w["text"], rnd))
        sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    return buf.getvalue()


def main(argv: list[str]) -> None:
    if argv:
        out = Path(argv[0])
        out.mkdir(parents=True, exist_ok=True)
        for source, twin in TWINS.items():
            (out / twin).write_bytes(scanned_twin((PDFS / source).read_bytes(), source))
        (out / "001_bajeng_garbage_ocr_layer.pdf").write_bytes(
            garbage_layer((PDFS / "001_bajeng_pengukuran.pdf").read_bytes())
        )
    else:
        out = ROOT / "scan"
        out.mkdir(exist_ok=True)
        source = "002_kaligondang_ra.pdf"
        (out / TWINS[source]).write_bytes(scanned_twin((PDFS / source).read_bytes(), source))
    for path in sorted(out.glob("*.pdf")):
        print(f"{path!s:60s} {path.stat().st_size:8d} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
