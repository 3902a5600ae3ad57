"""The PDF extractor on the sample PDFs (samples/make_pdfs.py) and the real documents in ../shared/realdocs.

Assertions are on what can be read off the printed pages: header groups, cell texts, the rows values sit on,
pages covered. Real documents are read in place and never copied into the repository.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from kinerja.extract.headers import header_signature, is_header_row
from kinerja.extract.model import ExtractedDocument, Row, Table, UnreadableDocument
from kinerja.extract.pdf import PdfSettings, read_pdf

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
BAD = Path(__file__).resolve().parent / "data" / "pdf"
REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"

needs_realdocs = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"real documents not present at {REALDOCS}")


@cache
def sample(name: str) -> ExtractedDocument:
    return read_pdf((SAMPLES / name).read_bytes(), name=name)


@cache
def real(name: str) -> ExtractedDocument:
    return read_pdf((REALDOCS / name).read_bytes(), name=name)


def row_with(table: Table, text: str) -> Row:
    rows = [r for r in table.rows if any(c.text == text for c in r.cells)]
    assert rows, f"no row with a cell {text!r}"
    return rows[0]


def cell_text(row: Row, col: int) -> str:
    return next((c.text for c in row.cells if c.col == col), "")


def assert_provenance(doc: ExtractedDocument) -> None:
    for table in doc.tables:
        for row in [*table.header, *table.rows]:
            for cell in row.cells:
                assert cell.page is not None and cell.page >= 1
                assert cell.bbox is not None
                x0, top, x1, bottom = cell.bbox
                assert x0 <= x1 and top <= bottom


# --- Kalaena: landscape, ruled, Triwulan groups, header repeated on 3 pages ---------------------------------


def ra_table(doc: ExtractedDocument) -> Table:
    tables = [t for t in doc.tables if "RENCANA AKSI" in t.title]
    assert len(tables) == 1, [t.title for t in doc.tables]
    return tables[0]


def test_kalaena_ra_is_one_table_over_three_pages() -> None:
    doc = sample("003_kalaena_ra.pdf")
    assert doc.pages == 3
    table = ra_table(doc)
    assert {r.page for r in table.rows} == {1, 2, 3}
    assert len(table.segments) == 1
    assert table.title == "Tabel 2.5 RENCANA AKSI KANTOR KECAMATAN KALAENA TAHUN 2024"


def test_kalaena_header_has_triwulan_groups_over_target_and_rp() -> None:
    table = ra_table(sample("003_kalaena_ra.pdf"))
    top, sub = table.header[0], table.header[1]
    groups = {c.text: c for c in top.cells if c.text.startswith("Triwulan")}
    assert list(groups) == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    for group in groups.values():
        assert group.colspan == 2
        assert cell_text(sub, group.col) == "Target"
        assert cell_text(sub, group.col + 1) == "Rp."
    assert [c.text for c in table.header[2].cells] == [str(i) for i in range(1, 19)]


def test_kalaena_repeated_headers_are_not_body_rows() -> None:
    table = ra_table(sample("003_kalaena_ra.pdf"))
    assert not any(is_header_row(r) for r in table.rows)
    assert not any(c.text == "Triwulan I" for r in table.rows for c in r.cells)


def test_kalaena_values_sit_on_their_indicator_row() -> None:
    table = ra_table(sample("003_kalaena_ra.pdf"))
    row = row_with(table, "Jumlah Dokumen Non Perizinan Usaha yang dilaksanakan")
    tw1 = next(c for c in table.header[0].cells if c.text == "Triwulan I").col
    assert cell_text(row, tw1) == "1"
    assert cell_text(row, tw1 + 1) == "1.378.000"
    assert [cell_text(row, tw1 + k) for k in range(0, 10, 2)] == ["1", "1", "1", "3", "6"]
    assert cell_text(row, tw1 + 9) == "4.570.000"
    assert cell_text(row, 17) == "MULIANI, S.E."


def test_kalaena_spanning_sasaran_is_on_its_first_row_only() -> None:
    table = ra_table(sample("003_kalaena_ra.pdf"))
    first = table.rows[0]
    assert cell_text(first, 2) == "Indeks Kepuasan Masyarakat (IKM)"
    assert cell_text(first, 3) == "95"
    assert "PROGRAM PENYELENGGARAAN" in cell_text(first, 5)
    assert cell_text(table.rows[1], 2) == ""
    second_sasaran = [r for r in table.rows if cell_text(r, 3) == "98"]
    assert len(second_sasaran) == 1 and second_sasaran[0].page == 2
    assert cell_text(second_sasaran[0], 5) == "Penyediaan Gaji dan Tunjangan ASN"


def test_kalaena_wrapped_cells_are_one_cell() -> None:
    table = ra_table(sample("003_kalaena_ra.pdf"))
    row_with(
        table,
        "Jumlah Lembaga Kemasyarakatan yang Berpartisipasi dalam Forum Musyawarah Perencanaan "
        "Pembangunan di Desa",
    )


def test_kalaena_two_tables_on_page_one_and_text_outside() -> None:
    doc = sample("003_kalaena_ra.pdf")
    pk = doc.tables[0]
    assert pk.title.startswith("Tabel 2.3 PERJANJIAN KINERJA")
    assert [r.texts()[-1] for r in pk.rows] == ["95", "98"]
    assert "KECAMATAN KALAENA KABUPATEN LUWU TIMUR TAHUN 2024" in doc.text_lines
    assert not any("Halaman" in line for line in doc.text_lines)
    # the running title printed on every page is kept once (it may be the only title), not once per page
    assert doc.text_lines.count("RENCANA AKSI KANTOR KECAMATAN KALAENA") == 1
    assert_provenance(doc)


# --- Pallangga: portrait, ruled, stacked TW lines, three bands ----------------------------------------------


def test_pallangga_stacked_tw_lines_are_one_cell() -> None:
    doc = sample("000_pallangga_ra.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.text for c in table.header[0].cells][:3] == ["Sasaran Strategis", "Indikator Kinerja", "Target"]
    ikm = row_with(table, "Indeks Kepuasan Masyarakat (IKM)")
    assert cell_text(ikm, 2) == "TW 1 : - TW 2 : 86.92 TW 3 : - TW 4 : 87.00"
    assert cell_text(ikm, 5) == "TW 1 : 8 unit TW 2 : 5 unit TW 3 : 7 unit TW 4 : 7 unit"
    assert cell_text(ikm, 9) == "TW 1 : 5 unit"


def test_pallangga_spanning_program_gives_text_to_first_kegiatan_row() -> None:
    table = sample("000_pallangga_ra.pdf").tables[0]
    rentan = row_with(table, "Tersedianya sarana bagi kelompok rentan")
    assert [c.col for c in rentan.cells] == [7, 8, 9, 10]
    assert cell_text(rentan, 9) == "TW 1 : 3 unit TW 2 : 3 unit TW 3 : 5 unit TW 4 : 5 unit"


def test_pallangga_runs_over_two_pages_without_browser_furniture() -> None:
    doc = sample("000_pallangga_ra.pdf")
    table = doc.tables[0]
    assert {r.page for r in table.rows} == {1, 2}
    assert table.header and header_signature(table.header) == header_signature(table.segments[-1].header)
    assert not any(is_header_row(r) for r in table.rows)
    sakip = row_with(table, "Nilai SAKIP")
    assert sakip.page == 2 and cell_text(sakip, 2) == "TW 1 : - TW 2 : - TW 3 : - TW 4 : BB"
    assert doc.text_lines[:2] == [
        "RENCANA AKSI PERANGKAT DAERAH TAHUN 2024",
        "KECAMATAN PALLANGGA KABUPATEN GOWA",
    ]
    assert not any("https://" in line or "10.15" in line for line in doc.text_lines)
    assert_provenance(doc)


# --- Kaligondang: unruled -----------------------------------------------------------------------------------


def test_kaligondang_unruled_table_keeps_tw_rows_and_wrapped_names() -> None:
    doc = sample("002_kaligondang_ra.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.text for c in table.header[0].cells] == ["SASARAN", "PROGRAM"]
    assert (table.header[0].cells[0].col, table.header[0].cells[0].colspan) == (0, 4)
    assert [c.text for c in table.header[1].cells][:3] == ["URAIAN", "INDIKATOR KINERJA", "TARGET"]
    first = table.rows[0]
    assert cell_text(first, 0) == "1. Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang"
    assert first.texts()[2:4] == ["TW I", "25%"]
    assert [r.texts() for r in table.rows[1:4]] == [
        ["TW II", "50%", "TW II", "50%"],
        ["TW III", "75%", "TW III", "75%"],
        ["TW IV", "100%", "TW IV", "100%"],
    ]
    row_with(
        table,
        "3 Persentase Ketersediaan layanan kepegawaian, administrasi umum dan jasa penunjang urusan "
        "pemerintahan daerah",
    )
    assert len(table.rows) == 9 * 4
    assert doc.text_lines[:2] == ["RENCANA AKSI TAHUN 2022", "KECAMATAN KALIGONDANG"]
    assert_provenance(doc)


# --- Bajeng: section rows, second table --------------------------------------------------------------------


def test_bajeng_section_rows_span_the_table() -> None:
    doc = sample("001_bajeng_pengukuran.pdf")
    table = doc.tables[0]
    assert [c.text for c in table.header[0].cells] == [
        "NO",
        "SASARAN",
        "INDIKATOR KINERJA",
        "TARGET",
        "REALISASI",
        "CAPAIAN",
        "PENJELASAN KINERJA",
    ]
    sections = [r for r in table.rows if len(r.cells) == 1]
    assert [(r.cells[0].text, r.cells[0].colspan) for r in sections] == [
        ("Sasaran Strategis", 7),
        ("Sasaran Program", 7),
        ("Sasaran Kegiatan", 7),
    ]
    ikm = row_with(table, "Indeks Kepuasan Masyarakat (IKM)")
    assert ikm.texts()[3:6] == ["85,00 (Baik)", "82, 71 (Baik)", "97,31%"]
    assert [c.text for c in doc.tables[1].header[0].cells] == ["PROGRAM", "ANGGARAN"]
    assert doc.tables[1].title == ""


# --- broken and odd files -----------------------------------------------------------------------------------


def test_encrypted_with_empty_password_opens() -> None:
    plain = sample("001_bajeng_pengukuran.pdf")
    locked = read_pdf((BAD / "900_encrypted_empty_password.pdf").read_bytes(), name="900")
    assert [r.texts() for r in locked.tables[0].rows] == [r.texts() for r in plain.tables[0].rows]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("901_encrypted_password.pdf", "password"),
        ("902_truncated.pdf", "truncated"),
        ("903_empty.pdf", "empty"),
        ("904_not_a_pdf.pdf", "not a PDF"),
    ],
)
def test_unreadable_files_say_why(name: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument, match=reason):
        read_pdf((BAD / name).read_bytes(), name=name)


def test_prose_only_has_no_tables_but_its_text() -> None:
    doc = read_pdf((BAD / "905_prose_only.pdf").read_bytes(), name="905_prose_only.pdf")
    assert doc.tables == []
    assert doc.text_lines[0] == "KATA PENGANTAR"
    assert doc.warnings == []


def test_scan_without_text_layer_is_read_from_its_image_unless_ocr_is_off() -> None:
    data = (BAD / "906_scanned_no_text.pdf").read_bytes()
    off = read_pdf(data, name="906_scanned_no_text.pdf", ocr=False)
    assert off.tables == [] and off.pages == 1
    assert any("no text layer (scanned?)" in w for w in off.warnings)
    doc = read_pdf(data, name="906_scanned_no_text.pdf")
    assert doc.extractor == "ocr" and doc.tables
    assert any(line.startswith("KECAMATAN BAJENG KABUPATEN") for line in doc.text_lines)  # its title block
    cells = [c for t in doc.tables for r in t.rows for c in r.cells]
    assert all(c.confidence is not None and c.page == 1 and c.bbox is not None for c in cells)


def test_unknown_option_is_rejected() -> None:
    data = (BAD / "905_prose_only.pdf").read_bytes()
    with pytest.raises(ValueError, match="unknown PDF option"):
        read_pdf(data, snap_tolerence=2)
    with pytest.raises(ValueError, match="ruled_engine"):
        PdfSettings(ruled_engine="tabula")


def test_camelot_lattice_engine_reads_the_same_groups() -> None:
    data = (SAMPLES / "003_kalaena_ra.pdf").read_bytes()
    table = ra_table(read_pdf(data, ruled_engine="camelot-lattice"))
    assert [c.text for c in table.header[0].cells if c.text.startswith("Triwulan")] == [
        "Triwulan I",
        "Triwulan II",
        "Triwulan III",
        "Triwulan IV",
    ]
    row = row_with(table, "Jumlah Dokumen Non Perizinan Usaha yang dilaksanakan")
    assert "1.378.000" in row.texts()


# --- real documents -----------------------------------------------------------------------------------------


def manifest() -> dict[str, dict[str, str]]:
    with (REALDOCS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}


@needs_realdocs
def test_tangsel_three_kecamatan_one_table_over_all_pages() -> None:
    name = "KEC_Tangsel_Ciputat-CiputatTimur-Pamulang_RealisasiTriwulan_2023.pdf"
    doc = real(name)
    assert doc.pages == int(manifest()[name]["pages"]) == 10
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert {r.page for r in table.rows} == set(range(1, 11))
    assert table.header[0].cells[0].text == "Urusan/Bidang Urusan/Program/Kegiatan"
    assert [c.text for c in table.header[-1].cells] == ["K", "Rp"] * 4
    texts = [c.text for r in table.rows for c in r.cells]
    for kecamatan in ("KECAMATAN CIPUTAT", "KECAMATAN CIPUTAT TIMUR", "KECAMATAN PAMULANG"):
        assert kecamatan in " ".join(texts)
    # continuation pages keep the columns of the header page: "Kec. Ciputat" stays under the last header cell
    last = max(table.header[0].cells, key=lambda c: c.col)
    assert last.text == "Perangkat Daerah Penanggung Jawab"
    pj = [c for r in table.rows for c in r.cells if c.text.startswith("Kec. Ciputat")]
    assert len({c.page for c in pj}) >= 3
    assert all(last.col <= c.col < last.col + last.colspan for c in pj)
    assert_provenance(doc)


@needs_realdocs
def test_wonogiri_iku_browser_print_loses_its_furniture() -> None:
    doc = real("KEC_Wonogiri_Batuwarno_IKU_2019.pdf")
    assert doc.tables
    assert not any(line.startswith("http") for line in doc.text_lines)
    assert any("BATUWARNO" in line for line in doc.text_lines)


@needs_realdocs
def test_girimarto_rkt_header_and_rows() -> None:
    doc = real("KEC_Wonogiri_Girimarto_RKT_2020.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.text for c in table.header[0].cells][:3] == ["No", "Sasaran", "Indikator Kinerja"]
    assert any("Indeks Kepuasan Masyarakat" in c.text for r in table.rows for c in r.cells)


@needs_realdocs
def test_born_digital_real_documents_all_yield_tables_with_provenance() -> None:
    for name, row in manifest().items():
        if not name.endswith(".pdf") or "scanned" in row["born_digital_or_scanned"]:
            continue
        doc = real(name)
        assert doc.tables, name
        assert doc.pages == int(row["pages"]), name
        assert_provenance(doc)
