"""Word and Excel originals read directly: the real .docx/.xlsx of ../shared/realdocs, a Word/PDF twin made from
one seed table (samples/make_office.py), and office files that cannot be read.

Values asserted from the real files were read from their XML (word/document.xml, xl/worksheets/sheet1.xml and
xl/sharedStrings.xml).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kinerja.document_job import process_document
from kinerja.extract import UnreadableDocument, read_document
from kinerja.pipeline import DocumentResult, IngestOptions, ingest

from conftest import SHARED
from helpers import one, quarter_values, sample_script

REALDOCS = SHARED / "realdocs"
needs_realdocs = pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside this checkout")


def _load_samples():
    return sample_script("make_office")


@pytest.fixture(scope="session")
def twin(tmp_path_factory) -> Path:
    """The Kaligondang seed table written as .docx and as .pdf into a temporary folder."""
    out = tmp_path_factory.mktemp("office_twin")
    _load_samples().main(out)
    return out


def _real(name: str) -> DocumentResult:
    return process_document((REALDOCS / name).read_bytes(), name)


def _periods(result: DocumentResult, row: dict, measure: str) -> dict[str, tuple[float | None, str | None]]:
    return {p["period"]: (p["value"], p["cell_ref"]) for p in result.periods
            if (p["table_index"], p["row_index"]) == (row["table_index"], row["row_index"]) and p["measure"] == measure}


# --- the Word/PDF twin ------------------------------------------------------------------------------------------


def _comparable(result: DocumentResult) -> list[tuple]:
    rows = []
    for r in result.indicators:
        rows.append((r["sasaran"], r["indikator"], r["satuan"], r["target"], r["target_raw"], r["level"],
                     tuple(sorted(quarter_values(result, r).items()))))
    return rows


def test_kaligondang_twin_word_and_pdf_give_the_same_rows_and_values(twin):
    word = process_document((twin / "kaligondang_ra_2022.docx").read_bytes(), "kaligondang_ra_2022.docx")
    pdf = process_document((twin / "kaligondang_ra_2022.pdf").read_bytes(), "kaligondang_ra_2022.pdf")
    assert word.document["extractor"] == "docx" and pdf.document["extractor"] == "pdf"
    assert word.document["status"] == pdf.document["status"] == "ok"
    assert (word.document["doc_type"], word.document["tahun"]) == (pdf.document["doc_type"], pdf.document["tahun"])
    assert len(word.indicators) == 6
    assert _comparable(word) == _comparable(pdf)
    sakip = one(word, "Nilai SAKIP Kecamatan Kaligondang")
    assert sakip["sasaran"] == "Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang"  # merged down over 3 rows
    assert quarter_values(word, sakip) == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}
    aset = one(word, "Prosentase Pengelolaan Administrasi Aset")
    assert quarter_values(word, aset) == {"TW1": None, "TW2": 50, "TW3": None, "TW4": 100}  # "-": no target


def test_kaligondang_word_rows_name_their_cells_in_the_word_table(twin):
    word = process_document((twin / "kaligondang_ra_2022.docx").read_bytes(), "kaligondang_ra_2022.docx")
    ikm = one(word, "Hasil Pengukuran Indeks Kepuasan Masyarakat")
    # row 3 of the Word table (two header rows), No in column A to TW IV in column I; no page, no box
    assert (ikm["table_index"], ikm["cell_range"], ikm["page"], ikm["bbox"], ikm["sheet"]) == (0, "A3:I3", None,
                                                                                              None, None)
    assert _periods(word, ikm, "target") == {"TW1": (30, "F3"), "TW2": (50, "G3"), "TW3": (70, "H3"),
                                             "TW4": (100, "I3")}
    laporan = one(word, "Presentase Ketersediaan Laporan Capaian Kinerja")
    assert laporan["cell_range"] == "C5:I5"  # the merged No and Sasaran cells belong to row 4


# --- real Word documents ----------------------------------------------------------------------------------------


@needs_realdocs
def test_dinkes_jabar_pk_2017_docx_targets_and_program_budgets():
    result = _real("OPD_Jabar_Dinkes_PK_Kadis_2017.docx")
    doc = result.document
    assert (doc["extractor"], doc["doc_type"], doc["tahun"]) == ("docx", "perjanjian_kinerja", 2017)
    assert doc["status"] in ("ok", "partial")
    phbs = one(result, "Persentase Rumah Tangga yang Berprilaku Hidup Bersih dan Sehat")
    assert (phbs["target"], phbs["satuan"], phbs["table_index"], phbs["cell_range"]) == (60, "%", 3, "A3:D3")
    assert phbs["sasaran"] == "Meningkatnya kemandirian masyarakat untuk Hidup Sehat"
    assert one(result, "Cakupan Persalinan oleh Tenaga Kesehatan")["target"] == 87
    assert one(result, "Jumlah Puskesmas yang sudah terakreditasi")["target"] == 128
    rs = one(result, "Jumlah Rumah Sakit yang sudah terakreditasi")
    assert rs["target"] == 80 and rs["sasaran"] == "Meningkatkan sumber daya kesehatan sesuai dengan standar"
    tb = one(result, "Angka Keberhasilan Pengobatan TB")  # sasaran cell merged down (vMerge) over two rows
    assert tb["target"] == 87 and tb["sasaran"].startswith("Meningkatnya upaya pencegahan, pemberantasan")
    regulasi = one(result, "Jumlah Dokumen regulasi kebijakan pembangunan kesehatan")
    assert (regulasi["target"], regulasi["satuan"]) == (2, "Dokumen")
    budgets = {r["uraian"]: r["anggaran"] for r in result.indicators if r["table_index"] == 4}
    assert budgets["Pelayanan Kesehatan"] == 160427065470
    assert budgets["Sumber Daya Kesehatan"] == 315751615601


@needs_realdocs
def test_bpkad_jabar_pk_2017_docx_header_merged_over_two_rows():
    result = _real("OPD_Jabar_BPKAD_PK_Kepala_2017.docx")
    assert result.document["doc_type"] == "perjanjian_kinerja" and result.document["tahun"] == 2017
    perda = one(result, "Perda dan Pergub APBD/APBD Perubahan Tepat Waktu")
    assert (perda["target"], perda["satuan"]) == (4, "Dokumen")
    assert perda["sasaran"] == "Meningkatnya Kualitas Pengelolaan Keuangan Daerah"
    assert one(result, "Evaluasi Raperda APBD Kab/Kota Tepat Waktu")["target"] == 3
    sp2d = one(result, "Prosentase SP2D yang diterbitkan Tepat Waktu")
    assert (sp2d["target"], sp2d["satuan"]) == (100, "%")
    aset = one(result, "Aset yang Dimanfaatkan")
    assert aset["sasaran"] == "Meningkatnya Kualitas Pengelolaan Aset Daerah" and aset["target"] == 100
    budgets = {r["uraian"]: r["anggaran"] for r in result.indicators if r["table_index"] == 1}
    assert budgets["Program Pengelolaan Keuangan dan Kekayaan Daerah"] == 26138904000
    assert budgets["Program Pelayanan Administrasi Perkantoran"] == 20039147321


@needs_realdocs
def test_boyolali_bpbd_pk_2026_docx_lampiran_and_rencana_aksi():
    result = _real("OPD_Boyolali_BPBD_PK_2026.docx")
    assert result.document["tahun"] == 2026 and result.document["status"] in ("ok", "partial")
    lampiran = {r["indikator"]: (r["target"], r["satuan"]) for r in result.indicators if r["table_index"] == 1}
    assert lampiran["Indeks Ketahanan Daerah"] == (0.9, "Angka")
    assert lampiran["Indeks Kesiapsiagaan Masyarakat"] == (0.48, "Angka")
    assert lampiran["Nilai SAKIP BPBD"] == (75.35, "Angka")
    budgets = {r["uraian"]: r["anggaran"] for r in result.indicators if r["table_index"] == 2}
    assert budgets["PROGRAM PENANGGULANGAN BENCANA"] == 827924000
    # the Rencana Aksi table (Word table 4): annual targets of the monthly plan
    penduduk = one(result, "Persentase penduduk di kawasan rawan bencana", table_index=4)
    assert (penduduk["target"], penduduk["satuan"]) == (4.47, "persen")
    assert one(result, "Persentase warga negara yang memperoleh layanan pencegahan", table_index=4)["target"] == 0.49


@needs_realdocs
def test_minahasa_selatan_dispora_ra_capaian_2023_docx_twenty_pages():
    result = _real("OPD_MinahasaSelatan_Dispora_RA-Capaian_2023.docx")
    assert result.document["tahun"] == 2023 and result.document["status"] in ("ok", "partial")
    first = [r for r in result.indicators if r["table_index"] == 0]
    targets = {r["sasaran"]: r["target"] for r in first if r["target"] is not None}
    assert targets["Peningkatan Kapasitas Daya Saing Wira Usaha Pemuda Pemula"] == 0.045
    assert targets["Peningkatan Daya Saing Bidang Olahraga Dengan Prestasi Olahraga"] == 38
    assert one(result, "Persentasi Partisipasi Masyarakat berolahraga", table_index=0)["target"] == 38
    # a kegiatan cell lists several kegiatan as paragraphs: joined, in order
    capaian = {r["sasaran"].split(" Kompetisi Olahraga Rekreasi")[0]: r["capaian_raw"] for r in first
               if r["capaian_raw"]}
    assert capaian["Kompetisi Olahraga Antar Satuan Pendidikan Dasar"] == "34.00 (89.5%)"
    assert [v for k, v in capaian.items() if k.startswith("Pelaksanaan Seleksi dab Diklat PASKIBRAKA")] == [
        "10,93 (99,82)"]


# --- the real Excel workbook ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deli_serdang() -> DocumentResult:
    return _real("OPD_DeliSerdang_Bappedalitbang_EvaluasiRenja-TW_2025.xlsx")


@needs_realdocs
def test_deli_serdang_evaluasi_renja_2025_quarterly_realisation_from_the_cells(deli_serdang):
    doc = deli_serdang.document
    assert (doc["extractor"], doc["tahun"]) == ("xlsx", 2025) and doc["status"] in ("ok", "partial")
    dokumen = one(deli_serdang, "Jumlah Dokumen Perencanaan Perangkat Daerah")
    assert (dokumen["sheet"], dokumen["cell_range"], dokumen["satuan"]) == ("Realisasi TW IV", "A15:AG15", "Dok")
    assert dokumen["uraian"] == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    # P15 = 2 (a formula, its saved value), S15 0.8, V15 1.2, Y15 0; R15 8416000 … AA15 25427000 rupiah
    assert _periods(deli_serdang, dokumen, "realisasi") == {
        "TW1": (2, "P15"), "TW2": (0.8, "S15"), "TW3": (1.2, "V15"), "TW4": (0, "Y15")}
    assert _periods(deli_serdang, dokumen, "realisasi_anggaran") == {
        "TW1": (8416000, "R15"), "TW2": (12490000, "U15"), "TW3": (2688000, "X15"), "TW4": (25427000, "AA15")}
    gaji = one(deli_serdang, "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN")
    assert (gaji["satuan"], gaji["uraian"]) == ("Orang/Bulan", "Penyediaan Gaji dan Tunjangan ASN")
    assert {k: v for k, (v, _) in _periods(deli_serdang, gaji, "realisasi").items()} == {
        "TW1": 11.25, "TW2": 11.25, "TW3": 11.25, "TW4": 11.25}
    assert _periods(deli_serdang, gaji, "realisasi_anggaran")["TW1"] == (1571439337, "R23")


@needs_realdocs
def test_deli_serdang_hidden_rows_are_not_read_and_side_calculations_are_said(deli_serdang):
    texts = {r["indikator"] for r in deli_serdang.indicators}
    # rows 106-112 are hidden on the sheet: "Indeks Inovasi Daerah" (H107) is not printed, so not read
    assert "Indeks Inovasi Daerah" not in texts
    assert not any(r["cell_range"] and r["cell_range"].endswith("107") for r in deli_serdang.indicators)
    program = one(deli_serdang, "Persentase Pendanaan Perangkat Daerah Berbasis Kinerja")
    assert program["uraian"] == "Program Pengelolaan Keuangan Daerah" and program["cell_range"] == "A92:AG92"
    assert any("beside the table" in w and "AH15" in w for w in deli_serdang.document["warnings"])


# --- workbooks written here: formulas without saved values, merged, hidden ---------------------------------------


def _workbook() -> bytes:
    """A small RA workbook as a script writes it (openpyxl saves formulas without computing them)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "RA 2024"
    ws["A1"] = "RENCANA AKSI TAHUN 2024 KECAMATAN KALIGONDANG"
    ws.append([])
    ws.append(["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Triwulan I", "Triwulan II",
               "Triwulan III", "Triwulan IV", "Catatan"])
    ws.append([1, "Meningkatnya kualitas pelayanan", "Indeks Kepuasan Masyarakat", "Nilai", 82.5, 82.5, 82.5,
               82.5, "=E4", "internal"])
    ws.append([None, None, "Persentase pengaduan yang ditindaklanjuti", "%", 1, 0.25, 0.5, 0.75, 1])
    ws.append([2, "Meningkatnya akuntabilitas", "Nilai SAKIP Kecamatan", "Nilai", 70, "-", "-", "-", 70])
    ws.merge_cells("B4:B5")
    for cell in ("E5", "F5", "G5", "H5", "I5"):
        ws[cell].number_format = "0%"
    ws.column_dimensions["J"].hidden = True
    ws.row_dimensions[6].hidden = True
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_written_workbook_merged_percent_hidden_and_formula_without_saved_value():
    result = process_document(_workbook(), "ra_2024.xlsx")
    doc = result.document
    assert doc["extractor"] == "xlsx" and doc["tahun"] == 2024
    ikm = one(result, "Indeks Kepuasan Masyarakat")
    assert (ikm["sheet"], ikm["cell_range"], ikm["target"]) == ("RA 2024", "A4:H4", 82.5)
    # I4 is "=E4", never calculated: no value is invented, and the document says which cell and why
    assert quarter_values(result, ikm) == {"TW1": 82.5, "TW2": 82.5, "TW3": 82.5}
    assert any("I4" in w and "=E4" in w and "without a saved value" in w for w in doc["warnings"])
    pengaduan = one(result, "Persentase pengaduan yang ditindaklanjuti")
    assert pengaduan["sasaran"] == "Meningkatnya kualitas pelayanan"  # B4:B5 merged
    assert quarter_values(result, pengaduan) == {"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100}  # 0% format
    assert "Nilai SAKIP Kecamatan" not in {r["indikator"] for r in result.indicators}  # row 6 hidden
    assert "internal" not in str(result.indicators)  # column J hidden


# --- what cannot be read ----------------------------------------------------------------------------------------


def _encrypted(plain: bytes) -> bytes:
    """A real password-protected Word file (ECMA-376 agile encryption, as Word writes it)."""
    pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("rahasia", out)
    return out.getvalue()


def _odt() -> bytes:
    """A minimal OpenDocument text, as LibreOffice lays its package out (mimetype stored first)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return buf.getvalue()


def _legacy_xls() -> bytes:
    """A real Excel 97-2003 workbook (BIFF8 in an OLE compound file), as xlwt writes it."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("PK 2016")
    for col, text in enumerate(("No", "Sasaran", "Indikator Kinerja", "Target")):
        sheet.write(0, col, text)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_office_files_that_cannot_be_read_say_why(twin):
    plain = (twin / "kaligondang_ra_2022.docx").read_bytes()
    with pytest.raises(UnreadableDocument, match="password-protected"):
        read_document(_encrypted(plain))
    with pytest.raises(UnreadableDocument, match="damaged or truncated office file"):
        read_document(plain[: len(plain) // 2])
    with pytest.raises(UnreadableDocument, match=r"OpenDocument text .*soffice --headless --convert-to docx"):
        read_document(_odt())
    with pytest.raises(UnreadableDocument, match=r"legacy Excel 97-2003 workbook \(\.xls\).*--convert-to xlsx"):
        read_document(_legacy_xls())


def test_a_corrupt_and_a_password_protected_office_file_fail_alone_in_a_batch(twin, tmp_path):
    plain = (twin / "kaligondang_ra_2022.docx").read_bytes()
    folder = tmp_path / "arsip"
    folder.mkdir()
    (folder / "a_terkunci.docx").write_bytes(_encrypted(plain))
    (folder / "b_rusak.xlsx").write_bytes(_workbook()[:700])
    (folder / "c_kaligondang.docx").write_bytes(plain)
    (folder / "d_ra.xlsx").write_bytes(_workbook())
    (folder / "e_lama.odt").write_bytes(_odt())
    summary = ingest([folder], tmp_path / "out", IngestOptions(match=False))
    assert summary.documents == 5 and summary.statuses["failed"] == 3
    failures = "\n".join(summary.failures)
    assert "a_terkunci.docx: password-protected" in failures
    assert "b_rusak.xlsx: damaged" in failures
    assert "e_lama.odt: OpenDocument" in failures
    assert summary.indicators == 6 + 2


def test_a_table_nested_in_a_layout_table_is_read_as_its_own_table():
    """Offices lay a page out in a one-cell table and put the performance table inside it."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("PERJANJIAN KINERJA TAHUN 2023")
    frame = doc.add_table(rows=1, cols=1)
    holder = frame.cell(0, 0)
    holder.paragraphs[0].text = "LAMPIRAN PERJANJIAN KINERJA KECAMATAN PAMULANG"
    inner = holder.add_table(rows=3, cols=4)
    for r, values in enumerate([("No", "Sasaran", "Indikator Kinerja", "Target"),
                                ("1.", "Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat",
                                 "82,5"),
                                ("2.", "Meningkatnya akuntabilitas kinerja", "Nilai SAKIP Kecamatan", "BB")]):
        for c, text in enumerate(values):
            inner.cell(r, c).text = text
    buf = io.BytesIO()
    doc.save(buf)
    result = process_document(buf.getvalue(), "pk_pamulang_2023.docx")
    ikm = one(result, "Indeks Kepuasan Masyarakat")
    assert (ikm["table_index"], ikm["cell_range"], ikm["target"]) == (1, "A2:D2", 82.5)  # Word table 1, nested in 0
    sakip = one(result, "Nilai SAKIP Kecamatan")
    assert (sakip["target"], sakip["target_label"]) == (None, "BB")
    assert result.document["tahun"] == 2023


def test_formatting_alone_does_not_stretch_the_sheet_read():
    """Borders drawn down to row 20000 make openpyxl's max_row 20000; only the rows holding values are read."""
    import openpyxl
    from openpyxl.styles import Border, Side

    from kinerja.extract.xlsx import used_extent

    book = openpyxl.load_workbook(io.BytesIO(_workbook()))
    ws = book.active
    ws.cell(20000, 30).border = Border(left=Side(style="thin"))
    assert (ws.max_row, ws.max_column) == (20000, 30)
    assert used_extent(ws) == (6, 10)


def test_audit_findings_of_an_excel_row_name_its_sheet_and_cells(tmp_path):
    import openpyxl

    from kinerja.audit.run import audit_dataset

    book = openpyxl.load_workbook(io.BytesIO(_workbook()))
    ws = book.active
    ws.append([3, "Meningkatnya kualitas perencanaan", "Persentase dokumen perencanaan tepat waktu", "%", 100,
               25, 50, 40, 100])  # a cumulative plan that goes down in TW III
    path = tmp_path / "arsip" / "ra_2024.xlsx"
    path.parent.mkdir()
    book.save(path)
    ingest([path.parent], tmp_path / "out", IngestOptions(match=False))
    findings = audit_dataset(tmp_path / "out")
    mine = findings[findings["indikator"] == "Persentase dokumen perencanaan tepat waktu"]
    assert len(mine) >= 1
    assert set(mine["sheet"]) == {"RA 2024"} and set(mine["cell_range"]) == {"A7:I7"}
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "RA 2024!A7:I7" in html  # the report says where to look in the workbook


def test_every_sheet_with_a_table_is_read_and_tables_on_one_sheet_are_kept_apart():
    """A workbook as offices keep them: instructions, a PK sheet holding two tables, an RA sheet, a hidden lookup."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Petunjuk"
    notes["A1"] = "Isi kolom target sesuai Renstra; jangan mengubah rumus."
    pk = book.create_sheet("PK 2024")
    pk["A1"] = "PERJANJIAN KINERJA TAHUN 2024 KECAMATAN PAMULANG"
    pk.append([])
    pk.append(["No", "Sasaran", "Indikator Kinerja", "Target"])
    pk.append([1, "Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat", 82.5])
    pk.append([2, "Meningkatnya akuntabilitas kinerja", "Nilai SAKIP Kecamatan", "BB"])
    pk.append([])
    pk.append([])
    pk.append(["No", "Program", "Anggaran", "Keterangan"])
    pk.append([1, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 1378000000, "APBD"])
    ra = book.create_sheet("RA 2024")
    ra.append(["No", "Indikator Kinerja", "Target", "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"])
    ra.append([1, "Jumlah dokumen perencanaan", 4, 1, 2, 3, 4])
    lookup = book.create_sheet("ref")
    lookup.append(["No", "Indikator Kinerja", "Target"])
    lookup.append([1, "Indikator lama yang tidak dipakai", 9])
    lookup.sheet_state = "hidden"
    buf = io.BytesIO()
    book.save(buf)
    result = process_document(buf.getvalue(), "kinerja_pamulang_2024.xlsx")
    where = {r["indikator"] or r["uraian"]: (r["sheet"], r["table_index"], r["cell_range"])
             for r in result.indicators}
    assert where == {
        "Indeks Kepuasan Masyarakat": ("PK 2024", 0, "A4:D4"),
        "Nilai SAKIP Kecamatan": ("PK 2024", 0, "A5:D5"),
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota": ("PK 2024", 1, "A9:D9"),
        "Jumlah dokumen perencanaan": ("RA 2024", 2, "A2:G2"),
    }
    assert one(result, "Indeks Kepuasan Masyarakat")["target"] == 82.5
    program = next(r for r in result.indicators if r["table_index"] == 1)
    assert (program["anggaran"], program["penjelasan"]) == (1378000000, "APBD")
    assert quarter_values(result, one(result, "Jumlah dokumen perencanaan")) == {"TW1": 1, "TW2": 2, "TW3": 3,
                                                                                "TW4": 4}
    assert any("sheet 'ref' is hidden" in w for w in result.document["warnings"])


@needs_realdocs
def test_boyolali_rencana_aksi_monthly_targets_are_columns_of_their_own():
    """Class 2 in a Word table: "Target Bulan" over Januari … Desember beside "Target Tahun 2026": each month a
    column of its own named by the group and the month (values as stored in the .docx), nothing left over."""
    result = _real("OPD_Boyolali_BPBD_PK_2026.docx")
    spm = one(result, "Indeks Pencapaian Standar Pelayanan Minimal Suburusan Bencana", table_index=4, row_index=2)
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]
    values = ["0", "0", "0", "50", "50", "50", "67", "67", "67", "87", "87", "100"]
    assert spm["other_columns"] == [{"header": f"Target Bulan {m}", "text": v} for m, v in zip(months, values)]
    assert (spm["target"], spm["satuan"]) == (100, "Persen")
    assert not [w for r in result.indicators for w in r["warnings"] if "fits no column" in w]
