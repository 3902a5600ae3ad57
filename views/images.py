"""Page images for the page view: each PDF page rendered with pypdfium2 and compressed to WebP.

A page view of a 100-page archive document must stay a file people can e-mail and open at once, so pages are
rendered at a readable width (not a fixed DPI: A3 landscape and A4 portrait come out alike) and compressed;
the browser draws them only when they scroll into view.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium

TARGET_WIDTH_PX = 1400
"""Rendered width of a page: small print in wide tables (8 pt in A3 landscape) stays legible when zoomed."""
MIN_SCALE, MAX_SCALE = 1.0, 2.2
QUALITY = 60


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its number, its size in PDF points (as displayed, rotation applied), the image."""

    number: int
    width: float
    height: float
    data_uri: str


def displayed_size(page: pdfium.PdfPage) -> tuple[float, float]:
    """A page's size as a viewer shows it (PDFium applies /Rotate), in PDF points: the frame of pdfplumber's
    boxes, so the boxes drawn over the rendered image need no transform."""
    width, height = page.get_size()
    return float(width), float(height)


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Every page's displayed size in PDF points (width, height), in page order."""
    pdf = pdfium.PdfDocument(data)
    try:
        return [displayed_size(pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()


def render_pages(data: bytes, numbers: Iterable[int] | None = None) -> Iterator[PageImage]:
    """Render the chosen pages (1-based; all by default) as WebP data URIs, one at a time to keep memory flat."""
    pdf = pdfium.PdfDocument(data)
    try:
        wanted = range(1, len(pdf) + 1) if numbers is None else [n for n in numbers if 1 <= n <= len(pdf)]
        for number in wanted:
            page = pdf[number - 1]
            width, height = displayed_size(page)
            scale = min(MAX_SCALE, max(MIN_SCALE, TARGET_WIDTH_PX / max(width, 1.0)))
            image = page.render(scale=scale, draw_annots=True).to_pil().convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="WEBP", quality=QUALITY, method=2)
            page.close()
            uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            yield PageImage(number, float(width), float(height), uri)
    finally:
        pdf.close()
