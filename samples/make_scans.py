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


_LOOKALIKE = {"e": "c", "a": "o", "n": "u", "i": "l", "0": "8", "5": "6"}


def lookalike(word: str, rnd: random.Random) -> str:
    """A word as a poor OCR layer has it without any odd character: one letter or digit read as a similar one
    (`Kinerja` → `Kincrja`, `85` → `86`), a garbage the shape of the words cannot show."""
    spots = [k for k, ch in enumerate(word) if ch in _LOOKALIKE]
    if len(word) < 3 or not spots:
        return word
    k = rnd.choice(spots)
    return word[:k] + _LOOKALIKE[word[k]] + word[k + 1 :]


def garbage_layer(pdf: bytes, name: str = "garbage", dpi: int = 200, quality: int = 55,
                  layer: str = "garbage") -> bytes:
    """A scan of page 1 of `pdf` with an invisible OCR text layer over it, whose words are `layer`: `garbage` (odd
    characters, letters in numbers), `lookalike` (one similar letter or digit in each word) or `true` (a good
    layer)."""
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
        word = w["text"]
        text.textOut(garble(word, rnd) if layer == "garbage" else lookalike(word, rnd) if layer == "lookalike"
                     else word)
        sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    return buf.getvalue()


HARD_QUARTERS = [
    # indikator, satuan, target, TW I-IV as printed (the quarters add up to the target)
    ("Jumlah rumah layak huni dibangun", "Unit", "10.000", ("1.000", "2.500", "3.000", "3.500")),
    ("Jumlah peserta pelatihan kerja", "Orang", "1.250", ("250", "300", "350", "350")),
    ("Persentase dokumen tepat waktu", "%", "100", ("25", "50", "75", "100")),
]
HARD_BUDGETS = [
    ("Program Penyelenggaraan Jalan", "1.250.000.000"),
    ("Program Pengelolaan Sumber Daya Air", "2.375.500.000"),
    ("Program Penataan Bangunan Gedung", "980.250.000"),
]
HARD_TOTAL = "4.605.750.000"
HARD_FADED = (("quarter", 0, 5, 1), ("budget", 0, 2, 6))
"""(table, body row, column, digit): digits the scan loses (a streak of faded toner). TW II `2.500` of the
first row loses its `5`, and the first budget `1.250.000.000` its seventh digit, so OCR reads a number with a
digit missing, which only the row's annual target and the printed JUMLAH can set right."""


def hard_numbers(faded: bool = False) -> bytes:
    """A one-page Rencana Aksi whose numbers are known: quarterly targets that add up to the annual target and a
    budget list with its printed total. With `faded`, the digits of HARD_FADED are whited out before the scan,
    as a streak of faded toner loses them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    font, size = "Helvetica", 9.5
    sheet.setFont("Helvetica-Bold", 12)
    sheet.drawCentredString(width / 2, height - 60, "RENCANA AKSI TAHUN 2024")
    sheet.drawCentredString(width / 2, height - 76, "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG KABUPATEN GROBOGAN")

    def table(top: float, xs: list[float], rows: list[list[str]], right: set[int]) -> list[list[tuple]]:
        """Ruled rows from `top` down; returns each cell's text origin (x, y) for the faded digits."""
        pitch = 24.0
        origins = []
        for r, cells in enumerate(rows):
            y = top - r * pitch
            sheet.setFont("Helvetica-Bold" if r == 0 else font, size)
            row_origins = []
            for c, text in enumerate(cells):
                x = xs[c + 1] - 5 - stringWidth(text, font, size) if c in right and r > 0 else xs[c] + 4
                sheet.drawString(x, y - 15, text)
                row_origins.append((x, y - 15, text))
            origins.append(row_origins)
        bottom = top - len(rows) * pitch
        for r in range(len(rows) + 1):
            sheet.line(xs[0], top - r * pitch, xs[-1], top - r * pitch)
        for x in xs:
            sheet.line(x, top, x, bottom)
        return origins

    quarter_rows = [["No", "Indikator Kinerja", "Satuan", "Target", "TW I", "TW II", "TW III", "TW IV"]]
    quarter_rows += [[f"{i}.", name, unit, target, *tws] for i, (name, unit, target, tws) in
                     enumerate(HARD_QUARTERS, 1)]
    quarters = table(height - 110, [40, 62, 262, 312, 362, 412, 462, 512, 560], quarter_rows, {3, 4, 5, 6, 7})
    budget_rows = [["No", "Program", "Anggaran (Rp)"]]
    budget_rows += [[f"{i}.", name, amount] for i, (name, amount) in enumerate(HARD_BUDGETS, 1)]
    budget_rows += [["", "JUMLAH", HARD_TOTAL]]
    budgets = table(height - 260, [40, 62, 362, 520], budget_rows, {2})
    if faded:
        sheet.setFillColorRGB(1, 1, 1)
        for which, row, col, digit in HARD_FADED:
            x, y, text = (quarters if which == "quarter" else budgets)[row + 1][col]
            k = [i for i, ch in enumerate(text) if ch.isdigit()][digit]
            x0 = x + stringWidth(text[:k], font, size)
            sheet.rect(x0, y - 3, stringWidth(text[k], font, size), size + 2, stroke=0, fill=1)
    sheet.showPage()
    sheet.save()
    return buf.getvalue()


def hard_numbers_scan() -> bytes:
    """The scan of `hard_numbers` printed with its faded digits (200 dpi, slightly turned, noisy, JPEG)."""
    return scanned_twin(hard_numbers(faded=True), "hard_numbers")


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
