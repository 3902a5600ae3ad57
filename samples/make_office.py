"""Write one seed table as a Word document (python-docx) and as a PDF (reportlab), for the office readers' tests.

The table is the Kaligondang rencana aksi 2022 (seed 002) as an office would type it in Word: a two-row header
("Target Triwulan" spanning four quarter columns, the other headers merged down over both rows), a sasaran cell
merged down over its indicators, and the same rows printed to a ruled PDF. Reading both must give the same
indicator rows and values: the Word reader and the PDF reader meet in the same table model.

The tests build these files into a temporary folder (a session fixture), so nothing generated is committed.
Run `.venv/bin/python samples/make_office.py DIR` to write `kaligondang_ra_2022.docx` and `.pdf` into DIR.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

TITLE = "RENCANA AKSI TAHUN 2022 KECAMATAN KALIGONDANG"
HEADER = ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Target Triwulan")
QUARTERS = ("TW I", "TW II", "TW III", "TW IV")

# (number, sasaran, [(indikator, satuan, target, TW I … TW IV)]), from seed 002's sasaran and program tables
SASARAN: list[tuple[str, str, list[tuple[str, str, str, str, str, str, str]]]] = [
    ("1.", "Meningkatnya Kualitas Pelayanan Masyarakat", [
        ("Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan", "%", "100", "30", "50", "70", "100"),
    ]),
    ("2.", "Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang", [
        ("Nilai SAKIP Kecamatan Kaligondang", "%", "100", "25", "50", "75", "100"),
        ("Presentase Ketersediaan Laporan Capaian Kinerja", "%", "100", "25", "50", "75", "100"),
        ("Prosentase Temuan Pengelolaan Anggaran yang ditindaklanjuti", "%", "100", "25", "50", "75", "100"),
    ]),
    ("3.", "Terpeliharanya Barang Milik Daerah", [
        ("Persentase pemeliharaan barang milik daerah", "%", "100", "25", "50", "75", "100"),
        ("Prosentase Pengelolaan Administrasi Aset milik daerah sesuai ketentuan", "%", "100", "-", "50", "-",
         "100"),
    ]),
]


def _merge_down(table, top: int, bottom: int, col: int) -> None:
    """Merge a column's cells from row `top` to `bottom` (Word's vMerge), keeping the top cell's text."""
    if bottom > top:
        table.cell(top, col).merge(table.cell(bottom, col))


def docx_bytes() -> bytes:
    """The table as a Word document: title paragraphs, merged header cells, sasaran merged over its rows."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = "kinerja samples"
    for line in TITLE.split(" KECAMATAN "):
        doc.add_paragraph(line if line.startswith("RENCANA") else f"KECAMATAN {line}").runs[0].bold = True
    n_rows = 2 + sum(len(rows) for _, _, rows in SASARAN)
    table = doc.add_table(rows=n_rows, cols=9)
    table.style = "Table Grid"
    for col, text in enumerate(HEADER[:5]):
        table.cell(0, col).text = text
        _merge_down(table, 0, 1, col)
    group = table.cell(0, 5).merge(table.cell(0, 8))
    group.text = HEADER[5]
    for k, text in enumerate(QUARTERS):
        table.cell(1, 5 + k).text = text
    r = 2
    for number, sasaran, rows in SASARAN:
        table.cell(r, 0).text = number
        table.cell(r, 1).text = sasaran
        for k, values in enumerate(rows):
            for col, text in enumerate(values, start=2):
                table.cell(r + k, col).text = text
        _merge_down(table, r, r + len(rows) - 1, 0)
        _merge_down(table, r, r + len(rows) - 1, 1)
        r += len(rows)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    doc.add_paragraph("Kaligondang, Januari 2022")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes() -> bytes:
    """The same table printed to a ruled PDF: spans drawn as merged boxes, as Word's "Save as PDF" does."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=8, leading=9.5)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)

    def p(text: str) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;"), body)

    data = [[p(h) for h in HEADER] + ["", "", ""], ["", "", "", "", "", *(p(q) for q in QUARTERS)]]
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(5)] + [("SPAN", (5, 0), (8, 0))]
    r = 2
    for number, sasaran, rows in SASARAN:
        for k, values in enumerate(rows):
            first = k == 0
            data.append([p(number) if first else "", p(sasaran) if first else "", *(p(v) for v in values)])
        if len(rows) > 1:
            spans += [("SPAN", (0, r), (0, r + len(rows) - 1)), ("SPAN", (1, r), (1, r + len(rows) - 1))]
        r += len(rows)
    widths = [28, 150, 220, 40, 45, 45, 45, 45, 45]
    grid = Table(data, colWidths=widths, repeatRows=2)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              *spans]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), invariant=1, title="", author="", creator="kinerja samples")
    head = TITLE.split(" KECAMATAN ")
    doc.build([Paragraph(head[0], title), Paragraph(f"KECAMATAN {head[1]}", title), Spacer(1, 12), grid])
    return buf.getvalue()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "kaligondang_ra_2022.docx").write_bytes(docx_bytes())
    (out / "kaligondang_ra_2022.pdf").write_bytes(pdf_bytes())
    print(f"wrote {out}/kaligondang_ra_2022.docx and .pdf")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("samples/office"))
