"""Real published documents (../shared/realdocs, not committed): values read off their page images.

Skipped when the folder is absent; CI runs beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.document_job import process_document
from kinerja.pipeline import DocumentResult

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside this checkout")


def _doc(name: str) -> DocumentResult:
    return process_document((REALDOCS / name).read_bytes(), name)


def _row(result: DocumentResult, indikator: str, **where) -> dict:
    found = [r for r in result.indicators if (r["indikator"] or "").startswith(indikator)
             and all(r.get(k) == v for k, v in where.items())]
    assert len(found) == 1, [(r["indikator"], r["page"]) for r in found]
    return found[0]


def _periods(result: DocumentResult, row: dict, measure: str) -> dict[str, float | None]:
    return {p["period"]: p["value"] for p in result.periods
            if (p["table_index"], p["row_index"]) == (row["table_index"], row["row_index"]) and p["measure"] == measure}


@pytest.fixture(scope="module")
def girimarto() -> DocumentResult:
    return _doc("KEC_Wonogiri_Girimarto_RKT_2020.pdf")


@pytest.fixture(scope="module")
def tangsel() -> DocumentResult:
    return _doc("KEC_Tangsel_Ciputat-CiputatTimur-Pamulang_RealisasiTriwulan_2023.pdf")


@pytest.fixture(scope="module")
def batuwarno() -> DocumentResult:
    return _doc("KEC_Wonogiri_Batuwarno_Renstra_2016-2021.pdf")


def test_girimarto_rkt_2020_excel_export_targets_as_printed(girimarto):
    doc = girimarto.document
    assert (doc["status"], doc["doc_type"], doc["tahun"], doc["kode_wilayah"]) == ("ok", "rkt", 2020, "33.12.22")
    printed = [(r["indikator"], r["satuan"], r["target"]) for r in girimarto.indicators]
    assert printed == [
        ("Persentase pelayanan administrasi kependudukan yang tepat waktu", "%", 100),
        ("Persentase pelayanan administrasi umum lainnya yang tepat waktu", "%", 100),
        ("Indeks Kepuasan Masyarakat (IKM)", "Angka", 83),
        ("Persentase ketersediaan dokumen dengan jumlah seluruh dokumen yang harus ada", "%", 100),
        ("Persentase hasil Musrenbang Desa dan Kelurahan yang di ajukan dalam Musrenbang Kabupaten", "%", 80),
    ]
    assert girimarto.indicators[2]["sasaran"] == "Meningkatnya kelancaran pelayanan publik"
    assert girimarto.indicators[2]["indikator_id"] == "IKS-001"


def test_tangsel_three_kecamatan_in_one_file_each_row_knows_its_own(tangsel):
    kecamatan = [r["kecamatan"] for r in tangsel.indicators]
    assert set(kecamatan) == {"Ciputat", "Ciputat Timur", "Pamulang"}
    assert {(r["kecamatan"], r["kode_wilayah"]) for r in tangsel.indicators} == {
        ("Ciputat", "36.74.04"), ("Ciputat Timur", "36.74.05"), ("Pamulang", "36.74.06"),
    }
    order = list(dict.fromkeys(kecamatan))
    assert order == ["Ciputat", "Ciputat Timur", "Pamulang"]
    assert tangsel.document["pages"] == 10 and tangsel.document["tahun"] == 2023


def test_tangsel_page_1_ciputat_quarterly_realisation(tangsel):
    perencanaan = _row(tangsel, "Jumlah Dokumen Perencanaan Perangkat Daerah", kecamatan="Ciputat")
    assert perencanaan["page"] == 1
    assert _periods(tangsel, perencanaan, "realisasi") == {"TW1": 0, "TW2": 0}
    assert _periods(tangsel, perencanaan, "realisasi_anggaran") == {"TW1": 12097400, "TW2": 9329600}
    keuangan = _row(tangsel, "Persentase cakupan pelayanan administrasi keuangan", kecamatan="Ciputat")
    assert _periods(tangsel, keuangan, "realisasi") == {"TW1": 21.5, "TW2": 31.0}
    assert _periods(tangsel, keuangan, "realisasi_anggaran") == {"TW1": 2297713805, "TW2": 3311669631}
    gaji = _row(tangsel, "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", kecamatan="Ciputat")
    assert _periods(tangsel, gaji, "realisasi") == {"TW1": 44, "TW2": 44}
    assert gaji["kode"] == "7.01.01.2.02.0001"


def test_tangsel_page_9_pamulang_values(tangsel):
    row = _row(tangsel, "Jumlah Dokumen Perencanaan Kegiatan Pelayanan kepada Masyarakat", kecamatan="Pamulang")
    assert row["page"] == 9 and row["penanggung_jawab"] == "Kec. Pamulang"
    assert _periods(tangsel, row, "realisasi_anggaran") == {"TW1": 344982990, "TW2": 92556000}
    program = [r for r in tangsel.indicators if r["kecamatan"] == "Pamulang" and r["level"] == "program"
               and (r["uraian"] or "").startswith("PROGRAM PEMBERDAYAAN MASYARAKAT")]
    assert len(program) == 1
    assert _periods(tangsel, program[0], "realisasi_anggaran") == {"TW1": 141347770, "TW2": 1484087740}


def test_batuwarno_renstra_browser_print_targets_per_year(batuwarno):
    row = _row(batuwarno, "Persentase pelayanan administrasi kependudukan")
    assert row["page"] == 2 and row["satuan"] == "%"
    assert _periods(batuwarno, row, "target") == {"2016": 98.2, "2017": 98.3, "2018": 98.3, "2019": 98.4,
                                                   "2020": 97.7}
    dokumen = _row(batuwarno, "Persentase ketersediaan dokumen")
    assert _periods(batuwarno, dokumen, "target") == {"2016": 89.47, "2017": 100, "2018": 100, "2019": 100,
                                                       "2020": 100}
    musrenbang = _row(batuwarno, "Persentase hasil musrenbang")
    assert set(_periods(batuwarno, musrenbang, "target").values()) == {50}
    assert batuwarno.document["kode_wilayah"] == "33.12.04"
    # page 1: tujuan indicators numbered 1.1.1 … in a column of their own under "Indikator Tujuan"
    aparatur = _row(batuwarno, "Tersedianya aparatur pemerintah Kecamatan Batuwarno")
    assert (aparatur["satuan"], aparatur["target"], aparatur["level"]) == ("Orang/tahun", 2, "tujuan")
    assert aparatur["tujuan"].startswith("Meningkatkan kelancaran pelayanan")


def test_the_whole_folder_every_born_digital_pdf_office_original_and_scan_read(tmp_path):
    """`kinerja ingest realdocs`: born-digital PDFs, Word and Excel originals, and scans (by OCR) ok or partial."""
    from click.testing import CliRunner

    from kinerja.cli import main
    from kinerja.store import read_frame

    # a generous time limit: the scans are OCR'd, and a test machine may be shared
    result = CliRunner().invoke(main, ["ingest", str(REALDOCS), "--out", str(tmp_path / "out"), "--timeout", "3000"])
    assert result.exit_code == 0, result.output  # nothing failed
    docs = read_frame(tmp_path / "out", "documents")
    by_name = {p.rsplit("/", 1)[-1]: row for p, row in zip(docs["source_path"], docs.to_dict("records"))}
    with (REALDOCS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        import csv

        manifest = list(csv.DictReader(fh, delimiter="\t"))
    for entry in manifest:
        doc = by_name[entry["file"]]
        if entry["file"].endswith((".docx", ".xlsx")):
            assert doc["status"] in ("ok", "partial"), (entry["file"], doc["error"])
            assert doc["extractor"] == entry["file"].rsplit(".", 1)[-1] and doc["n_indicators"] > 0
        elif "scanned" in entry["born_digital_or_scanned"]:
            assert doc["status"] in ("ok", "partial") and doc["extractor"] == "ocr", (entry["file"], doc["warnings"])
            assert doc["n_indicators"] > 0
        else:
            assert doc["status"] in ("ok", "partial"), (entry["file"], doc["error"])
            assert doc["n_indicators"] > 0 and doc["pages"] == int(entry["pages"])
