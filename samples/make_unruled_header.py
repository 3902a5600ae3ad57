"""An unruled Rencana Aksi whose header cells are printed over two lines ("INDIKATOR / KINERJA", "TARGET / TAHUNAN",
"PENANGGUNG / JAWAB"), as word processors lay out a table without borders (issue 9, class 3).

    python samples/make_unruled_header.py OUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

COLUMNS = (40, 70, 330, 420, 480, 540, 600, 660, 720)
HEADER = (
    ("NO", "INDIKATOR", "SATUAN", "TARGET", "TW I", "TW II", "TW III", "TW IV", "PENANGGUNG"),
    ("", "KINERJA", "", "TAHUNAN", "", "", "", "", "JAWAB"),
)
ROWS = (
    ("1", "Persentase pelayanan administrasi terpadu", "%", "100", "25", "50", "75", "100", "Kasi Pelayanan"),
    ("2", "Jumlah dokumen perencanaan yang disusun", "Dokumen", "4", "1", "2", "3", "4", "Kasubag PK"),
    ("3", "Persentase desa yang dibina", "%", "90", "20", "40", "60", "90", "Kasi Pemerintahan"),
)


def write(path: Path) -> Path:
    """Write the one-page PDF to `path`."""
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    page.setFont("Helvetica-Bold", 12)
    page.drawString(200, 540, "RENCANA AKSI KECAMATAN KALIGONDANG TAHUN 2024")
    page.setFont("Helvetica-Bold", 9)
    for y, line in zip((500, 489), HEADER, strict=True):
        for x, text in zip(COLUMNS, line, strict=True):
            page.drawString(x, y, text)
    page.setFont("Helvetica", 9)
    for n, row in enumerate(ROWS):
        for x, text in zip(COLUMNS, row, strict=True):
            page.drawString(x, 465 - 14 * n, text)
    page.save()
    return path


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "unruled_two_line_header.pdf"))
