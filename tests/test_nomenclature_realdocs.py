"""The whole national nomenclature on the real documents (../shared/realdocs, not committed): each document's unit
decides its bidang, and an office's names never land on the kecamatan list (7.01).

The folder is ingested once for the module, as a user's batch would be. Skipped when the folder is absent.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from kinerja.pipeline import IngestOptions, ingest
from kinerja.store import read_frame

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
pytestmark = [
    pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside this checkout"),
    pytest.mark.slow,
]

# Documents whose title (or, for the Tangsel forms, first rows) names their unit, as printed: the unit's bidang.
TITLED_UNITS = {
    "KEC_Banyuwangi_Muncar_Renstra_2025-2029.pdf": ("Kecamatan Muncar", "7.01"),
    "KEC_Wonogiri_Batuwarno_IKU_2019.pdf": ("Kecamatan Batuwarno", "7.01"),
    "KEC_Wonogiri_Batuwarno_Renstra_2016-2021.pdf": ("Kecamatan Batuwarno", "7.01"),
    "KEC_Wonogiri_Girimarto_RKT_2020.pdf": ("Kecamatan Girimarto", "7.01"),
    "KEC_Tangsel_Ciputat-CiputatTimur-Pamulang_RealisasiTriwulan_2023.pdf": ("Kecamatan Ciputat", "7.01"),
    "OPD_Tangsel_Dinkes_RealisasiTriwulan_2023.pdf": ("Dinas Kesehatan", "1.02"),
    "OPD_Cianjur_DKP_LKjIP_2015.pdf": ("Dinas Kebersihan dan Pertamanan", "2.11"),
    "OPD_Grobogan_DPUPR_RA_2022.pdf": ("Dinas Pekerjaan Umum dan Penataan Ruang", "1.03"),
    "OPD_Jabar_BPMPD_IKU_2016.pdf": ("Badan Pemberdayaan Masyarakat dan Pemerintahan Desa", "2.13"),
    "OPD_Jabar_BiroHumas_LKIP_2016.pdf": ("Biro Humas, Protokol Dan Umum Sekretariat Daerah", "4.01"),
    "OPD_Jabar_Diskanlaut_PencapaianTargetKinerja_2016.pdf": ("Dinas Perikanan dan Kelautan", "3.25"),
    "OPD_Jabar_DiskopUMKM_PengukuranKinerja_2016.pdf": ("Dinas Koperasi dan Usaha Mikro Kecil dan Menengah", "2.17"),
    "OPD_Jabar_Dispora_PK_Kadis_2017.pdf": ("Dinas Pemuda dan Olahraga", "2.19"),
    "OPD_Jabar_Inspektorat_PK_2016.pdf": ("Inspektorat", "6.01"),
    "OPD_Jabar_Inspektorat_RKT_LampiranI_2016.pdf": ("Inspektorat", "6.01"),
    "OPD_Jabar_Inspektorat_RKT_LampiranII_2016.pdf": ("Inspektorat", "6.01"),
    "OPD_Jabar_Inspektorat_RencanaAksi_2016.pdf": ("Inspektorat", "6.01"),
    # its running header on every page, "INSPEKTORAT P R O V I N S I J A W A B A R A T", is its only title
    "OPD_Jabar_Inspektorat_IKU_2016.pdf": ("Inspektorat", "6.01"),
    # "DINAS PARIWISATA DAN KEBUDAYAAN PROVINSI JAWA BARAT" above "KEPALA BALAI PENGELOLAAN ANJUNGAN JAWA BARAT"
    "OPD_Jabar_Disparbud_PK_BalaiAnjungan_2016.pdf": ("Dinas Pariwisata dan Kebudayaan", "3.26"),
    # scans, read by OCR: "Jabatan : KEPALA DINAS PERHUBUNGAN PROVINSI JAWA BARAT"
    "OPD_Jabar_Dishub_PK_EselonII_2016_scan.pdf": ("Dinas Perhubungan", "2.15"),
    # "KEPALA BIDANG INSFRASTRUKTUR PERMUKIMAN / DINAS PERUMAHAN DAN PERMUKIMAN PROVINSI JAWA BARAT"
    "OPD_Jabar_Disperkim_PK_KasiDrainase_2017_scan.pdf": ("Dinas Perumahan dan Permukiman", "1.04"),
    # the letterhead: "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG"
    "OPD_Grobogan_DPUPR_IKU_2022_scan.pdf": ("Dinas Pekerjaan Umum dan Penataan Ruang", "1.03"),
    # "PERJANJIAN KINERJA PERUBAHAN TAHUN 2020 / BADAN PERENCANAAN PEMBANGUNAN DAERAH"
    "OPD_Pasuruan_Bappeda_PK-Perubahan_2020_scan.pdf": ("Badan Perencanaan Pembangunan Daerah", "5.01"),
    "OPD_MinahasaSelatan_Dispora_RKT_2023.pdf": ("Dinas Pemuda dan Olahraga", "2.19"),
    "OPD_Pasuruan_Bappeda_IKU_2021.pdf": ("Badan Perencanaan Pembangunan Daerah", "5.01"),
    "OPD_Boyolali_BPBD_PK_2026.docx": ("Badan Penanggulangan Bencana Daerah", "1.05"),
    "OPD_Jabar_BPKAD_PK_Kepala_2017.docx": ("Badan Pengelolaan Keuangan dan Aset Daerah", "5.02"),
    "OPD_Jabar_Dinkes_PK_Kadis_2017.docx": ("Dinas Kesehatan", "1.02"),
    "OPD_MinahasaSelatan_Dispora_RA-Capaian_2023.docx": ("Dinas Pemuda dan Olahraga", "2.19"),
    "OPD_DeliSerdang_Bappedalitbang_EvaluasiRenja-TW_2025.xlsx": (
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan", "5.01"),
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = tmp_path_factory.mktemp("realdocs") / "out"
    # no time limit: a ten-page scan's OCR on a busy machine may take longer than the default, and this test is
    # about codes, not time limits
    ingest([REALDOCS], out, IngestOptions(workers=2, timeout=0))
    documents = read_frame(out, "documents")
    documents["file"] = documents["source_path"].map(lambda p: Path(p).name)
    indicators = read_frame(out, "indicators").merge(documents[["doc_id", "file"]], on="doc_id")
    return documents, indicators


def _document(documents: pd.DataFrame, file: str) -> dict:
    rows = documents[documents["file"] == file].to_dict("records")
    assert len(rows) == 1, file
    return rows[0]


def test_each_document_whose_title_names_its_unit_gets_that_units_bidang(dataset):
    documents, _ = dataset
    found = {file: (_document(documents, file)["instansi"], _document(documents, file)["bidang"])
             for file in TITLED_UNITS}
    assert found == TITLED_UNITS


def test_bidang_nama_is_the_national_name_of_the_bidang(dataset):
    documents, _ = dataset
    dinkes = _document(documents, "OPD_Tangsel_Dinkes_RealisasiTriwulan_2023.pdf")
    assert dinkes["bidang_nama"] == "URUSAN PEMERINTAHAN BIDANG KESEHATAN"
    girimarto = _document(documents, "KEC_Wonogiri_Girimarto_RKT_2020.pdf")
    assert girimarto["bidang_nama"] == "KECAMATAN"


def test_a_merged_office_carries_its_other_bidang_too(dataset):
    documents, _ = dataset
    # Deli Serdang's signature block: BADAN PERENCANAAN PEMBANGUNAN / DAERAH, PENELITIAN DAN PENGEMBANGAN
    bappedalitbang = _document(documents, "OPD_DeliSerdang_Bappedalitbang_EvaluasiRenja-TW_2025.xlsx")
    assert (bappedalitbang["bidang"], list(bappedalitbang["bidang_lain"])) == ("5.01", ["5.05"])


def test_no_row_of_a_non_kecamatan_document_carries_a_kecamatan_code(dataset):
    _, indicators = dataset
    offices = indicators[indicators["file"].str.startswith("OPD_")]
    assert len(offices) > 500
    carrying = offices[offices["kode"].fillna("").str.startswith("7.01")
                       | offices["indikator_id"].fillna("").str.startswith("7.01")]
    assert carrying[["file", "uraian", "kode", "indikator_id"]].to_dict("records") == []


def test_tangsel_dinkes_penunjang_rows_carry_bidang_kesehatan_codes(dataset):
    _, indicators = dataset
    dinkes = indicators[indicators["file"] == "OPD_Tangsel_Dinkes_RealisasiTriwulan_2023.pdf"]

    def kode(uraian: str) -> set[str]:
        return set(dinkes.loc[dinkes["uraian"] == uraian, "kode"])

    # page 1, as printed in the Urusan/Program/Kegiatan column
    assert kode("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA") == {"1.02.01"}
    assert kode("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah") == {"1.02.01.2.01"}
    assert kode("Penyusunan Dokumen Perencanaan Perangkat Daerah") == {"1.02.01.2.01.0001"}
    assert kode("Koordinasi dan Penyusunan Dokumen RKA-SKPD") == {"1.02.01.2.01.0002"}
    assert kode("Penyediaan Gaji dan Tunjangan ASN") == {"1.02.01.2.02.0001"}
    penunjang = dinkes[dinkes["kode"].fillna("").str.match(r"\d\.\d\d\.01(\.|$)")]
    assert len(penunjang) >= 40
    assert set(penunjang["kode"].str.slice(0, 7)) == {"1.02.01"}


def test_every_document_of_the_folder_is_listed_with_its_unit(dataset):
    documents, _ = dataset
    assert set(documents["file"]) == set(TITLED_UNITS)


def test_a_merged_office_of_a_balai_carries_both_its_bidang(dataset):
    documents, _ = dataset
    balai = _document(documents, "OPD_Jabar_Disparbud_PK_BalaiAnjungan_2016.pdf")
    assert (balai["bidang"], list(balai["bidang_lain"]), balai["bidang_nama"]) == (
        "3.26", ["2.22"], "URUSAN PEMERINTAHAN BIDANG PARIWISATA")


def test_no_office_document_is_warned_that_it_names_no_kecamatan(dataset):
    documents, _ = dataset
    warned = documents[documents["warnings"].map(lambda ws: any("no kecamatan named" in w for w in ws))]
    assert sorted(warned["file"]) == []


_PLACED = re.compile(r"^(?:line \d+|table \d+ row \d+|cell [A-Z]+\d+|page \d+|kecamatan |/)")
"""Warnings about one cell, row or page (a value that could not be read) or one file's sheet: not of the document."""


def test_no_document_level_warning_is_said_of_every_office_document(dataset):
    documents, _ = dataset
    offices = documents[documents["file"].str.startswith("OPD_")]
    said = Counter(re.sub(r"\d+", "#", w) for ws in offices["warnings"] for w in set(ws) if not _PLACED.match(w))
    assert [w for w, n in said.items() if n >= len(offices) // 2] == []


def test_muncar_renstra_codes_printed_before_names_agree_with_them(dataset):
    _, indicators = dataset
    muncar = indicators[indicators["file"] == "KEC_Banyuwangi_Muncar_Renstra_2025-2029.pdf"]
    # Tabel 4.2, p. 72 (printed 68), as printed in the Bidang Urusan/Program/Kegiatan column
    page = muncar[(muncar["page"] == 72) & muncar["kode_raw"].notna()]
    assert set(zip(page["kode_raw"], page["kode"], strict=True)) >= {
        ("7.01.02", "7.01.02"),  # PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK
        ("7.01.02.2.01", "7.01.02.2.01"),  # Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan
        ("7.01.02.2.01.0001", "7.01.02.2.01.0001"),  # Koordinasi/Sinergi Perencanaan dan Pelaksanaan …
        ("7.01.02.2.04", "7.01.02.2.04"),  # Pelaksanaan Urusan Pemerintahan yang Dilimpahkan kepada Camat
    }
    printed = muncar[muncar["kode_raw"].notna()]
    national = printed["kode_raw"].str.match(r"^\d")
    assert (printed[national]["kode"] == printed[national]["kode_raw"]).all()
    # Tabel 3.4 (p56) prints the Pemda's own codes (`M4 T4.IKT4`) in its Kode column: kept as printed, never coded
    assert set(printed[~national]["page"]) == {56}
    assert printed[~national]["kode"].isna().all()
