"""Text renditions into tables: every table found, page furniture and repeated headers left out."""

from __future__ import annotations

from kinerja.extract import headers as h
from kinerja.extract import read_document
from kinerja.extract.linedump import read_line_dump
from kinerja.extract.text import clean_markup

from conftest import SAMPLES, SEEDS


def _doc(name):
    return read_document((SAMPLES / SEEDS[name]).read_bytes(), SEEDS[name])


def test_kalaena_has_five_tables_between_its_narrative():
    doc = _doc("kalaena")
    assert len(doc.tables) == 5
    assert "Tabel 2.2" in doc.tables[1].title and "Tabel 2.3" in doc.tables[2].title
    assert "RENCANA KINERJA TAHUNAN" in doc.tables[3].title


def test_kalaena_rkt_continues_over_pages_without_its_repeated_headers_and_titles():
    rkt = _doc("kalaena").tables[3]
    texts = [c.text for row in rkt.rows for c in row.cells]
    assert not any(h.is_header_row(row) for row in rkt.rows)
    assert not any(t.startswith("RENCANA AKSI KANTOR") for t in texts)
    assert not any(h.is_column_number_row(row, under_header=True) for row in rkt.rows)
    assert "Penyediaan Gaji dan Tunjangan ASN" in texts and "Pemeliharaan Peralatan dan Mesin Lainnya" in texts


def test_every_cell_remembers_its_line():
    for table in _doc("kalaena").tables:
        for row in table.rows:
            assert all(c.line is not None for c in row.cells)


def test_markup_debris_is_removed_and_formula_kept_readable():
    assert clean_markup("<b>KATA PENGANTAR .....</b>") == "KATA PENGANTAR ....."
    assert clean_markup("**RENCANA AKSI**") == "RENCANA AKSI"
    assert clean_markup("## RENCANA AKSI") == "RENCANA AKSI"
    formula = clean_markup(r"IKM = $\frac{\text{Total Nilai}}{\text{Total Unsur}} \times \text{Penimbang}$")
    assert formula == "IKM = (Total Nilai) / (Total Unsur) × Penimbang"


def test_kalaena_iku_formula_cell_reads_as_text():
    iku = _doc("kalaena").tables[1]
    formula = [c.text for row in iku.rows for c in row.cells if c.text.startswith("Survey Kepuasan")]
    assert formula == ["Survey Kepuasan Masyarakat = (Total Nilai Persepsi Per Unsur) / (Total Unsur yang terisi)"
                       " × Nilai Penimbang"]


def test_pengadegan_line_dump_splits_unit_target_and_first_quarter_label():
    doc = _doc("pengadegan")
    assert doc.extractor == "text-lines"
    first = doc.tables[0].rows[0]
    by_col = {c.col: c.text for c in first.cells}
    assert by_col[0] == "Meningkatnya kualitas pelayanan kecamatan"
    assert by_col[1] == "Indeks Kepuasan Masyarakat (IKM) Kecamatan"
    assert (by_col[3], by_col[4]) == ("Nilai", "81.30")
    assert [by_col[c] for c in (5, 6, 7, 8)] == ["81.30"] * 4


def test_line_dump_indicator_and_unit_on_one_line_are_told_apart():
    text = "\n".join([
        "Meningkatnya ", "Kualitas Kelembagaan ", "Perangkat Daerah ",
        "Nilai SAKIP OPD Nilai 50 (CC) TW I", "TW II", "TW III", "TW IV",
        "50 (CC)", "50 (CC)", "50 (CC)", "50 (CC)",
        "Program ", "Penunjang ", "Persentase ", "layanan", "Persen 100 TW I", "TW II", "TW III", "TW IV",
        "25", "50", "75", "100",
    ])
    rows = read_line_dump(text).tables[0].rows
    assert {c.col: c.text for c in rows[0].cells}[1] == "Nilai SAKIP OPD"
    assert {c.col: c.text for c in rows[1].cells}[0] == "Program Penunjang"
    assert {c.col: c.text for c in rows[1].cells}[1] == "Persentase layanan"


def test_years_over_target_realisasi_pairs_and_a_baseline_year_become_periods():
    from kinerja.document_job import process_document

    text = "\n".join([
        "**INDIKATOR KINERJA UTAMA INSPEKTORAT TAHUN 2016**",
        "",
        "\t\t\t2014\t\t2015\t",
        "No\tIndikator Kinerja\tEksisting\tTarget\tRealisasi\tTarget\tRealisasi",
        "\t\t2013\t\t\t\t",
        "1\tPersentase OPD yang melaksanakan SPIP\t0\t10%\t10,71%\t50%\t47%",
    ])
    result = process_document(text.encode(), "iku.txt")
    (row,) = result.indicators
    printed = {(p["period"], p["measure"]): p["value"] for p in result.periods}
    assert row["indikator"] == "Persentase OPD yang melaksanakan SPIP"
    assert printed == {("2013", "kondisi_awal"): 0, ("2014", "target"): 10, ("2014", "realisasi"): 10.71,
                       ("2015", "target"): 50, ("2015", "realisasi"): 47}
