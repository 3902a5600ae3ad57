"""Write a Renja form that prints each name's code in a column of its own ("Kode"), as an Excel sheet (openpyxl)
and as a ruled PDF (reportlab), for the tests of printed codes.

The form is a Dinas Perhubungan's Renja 2024 as SIPD exports it: the unit's Permendagri 90 code on its own row,
the bidang row, then programs, kegiatan and sub kegiatan with their codes, the generic penunjang sub kegiatan
printed with SIPD's placeholder `X.XX`, one code that disagrees with its name (the logistics sub kegiatan printed
with the number of the one before it) and one name shortened so far that only its code tells which it is.

The tests build these files into a temporary folder (a session fixture), so nothing generated is committed.
Run `.venv/bin/python samples/make_renja_kode.py DIR` to write `renja_dishub_kode_2024.xlsx` and `.pdf` into DIR, and
`renja_dishub_kode_2024_bagian.xlsx`, whose Kode header is merged over one column per part of the code.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

TITLE = ("RENCANA KERJA PERANGKAT DAERAH TAHUN 2024", "DINAS PERHUBUNGAN KABUPATEN GROBOGAN")
HEADER = ("Kode", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja",
          "Satuan", "Target", "Pagu Indikatif (Rp)")

# (kode as printed, name, indikator, satuan, target, pagu)
ROWS: list[tuple[str, str, str, str, str, str]] = [
    ("2.15.0.00.0.00.01.0000", "DINAS PERHUBUNGAN", "", "", "", "7.016.900.000"),
    ("2.15", "URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN", "", "", "", "7.016.900.000"),
    ("2.15.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
     "Nilai SAKIP Perangkat Daerah", "Nilai", "70", "2.310.500.000"),
    ("2.15.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
     "Jumlah Dokumen Perencanaan dan Evaluasi Kinerja", "Dokumen", "7", "95.000.000"),
    ("2.15.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
     "Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen", "3", "40.000.000"),
    ("X.XX.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN",
     "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "Orang/Bulan", "64", "2.150.000.000"),
    ("2.15.01.2.06.0003", "Penyediaan Bahan Logistik Kantor",
     "Jumlah Paket Bahan Logistik Kantor yang Disediakan", "Paket", "12", "25.500.000"),
    ("2.15.01.2.06.0002", "Penyediaan Peralatan Kantor",
     "Jumlah Paket Peralatan dan Perlengkapan Kantor yang Disediakan", "Paket", "4", "40.000.000"),
    ("2.15.02", "PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ)",
     "Persentase Perlengkapan Jalan dalam Kondisi Baik", "%", "85", "4.706.400.000"),
    ("2.15.02.2.02", "Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota",
     "Jumlah Perlengkapan Jalan yang Disediakan", "Unit", "340", "4.706.400.000"),
    ("2.15.02.2.02.0004", "Rehabilitasi dan Pemeliharaan Perlengkapan Jalan",
     "Jumlah Perlengkapan Jalan yang Direhabilitasi", "Unit", "120", "350.000.000"),
]


def xlsx_bytes() -> bytes:
    """The form as an Excel sheet: title rows, the header, one row per code."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Renja 2024"
    for line in TITLE:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def code_parts(kode: str) -> list[str]:
    """A code as forms with one column per part print it: urusan, bidang, program, kegiatan, sub kegiatan
    (`2.15.01.2.01.0001` → `2` | `15` | `01` | `2.01` | `0001`); the generic `X.XX` under the unit's bidang."""
    parts = kode.replace("X.XX", "2.15").split(".")
    return parts[:3] + ([f"{parts[3]}.{parts[4]}"] if len(parts) >= 5 else []) + parts[5:]


def parts_xlsx_bytes() -> bytes:
    """The form with its Kode header merged over five part columns (the Permendagri 86 Renja layout); the unit's
    own row, whose code has no such parts, is left out."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Renja 2024"
    for line in TITLE:
        sheet.append([line])
    sheet.append([])
    sheet.append(["Kode", "", "", "", "", *HEADER[1:]])
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=5)
    for kode, *rest in ROWS[1:]:
        parts = code_parts(kode)
        sheet.append([*parts, *[""] * (5 - len(parts)), *rest])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """The same form as a ruled landscape PDF, the code column narrow as exports print it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=28, rightMargin=28, topMargin=28,
                            bottomMargin=28, title=TITLE[0], author="kinerja samples")
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=7.5, leading=9)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)
    data = [[Paragraph(text, cell) for text in HEADER]]
    data += [[Paragraph(text, cell) for text in row] for row in ROWS]
    table = Table(data, colWidths=[105, 255, 190, 55, 45, 100], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]))
    doc.build([Paragraph(TITLE[0], title), Paragraph(TITLE[1], title), Spacer(1, 12), table])
    return out.getvalue()


def write(folder: Path) -> tuple[Path, Path, Path]:
    """Write the three files into `folder`; returns their paths (xlsx, pdf, xlsx with the code in parts)."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, pdf = folder / "renja_dishub_kode_2024.xlsx", folder / "renja_dishub_kode_2024.pdf"
    parts = folder / "renja_dishub_kode_2024_bagian.xlsx"
    xlsx.write_bytes(xlsx_bytes())
    pdf.write_bytes(pdf_bytes())
    parts.write_bytes(parts_xlsx_bytes())
    return xlsx, pdf, parts


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
