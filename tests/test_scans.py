"""Scanned documents read from their page images (RapidOCR, offline): the real scans of ../shared/realdocs.

Every value asserted here was read off the page images by a person. Only the pages a test needs are OCR'd: the
fixtures cut them out of the real PDFs (pypdfium2) and process that PDF, once per module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.document_job import process_document
from kinerja.pipeline import DocumentResult

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"
pytestmark = [
    pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside this checkout"),
    pytest.mark.slow,
]


def pages_of(name: str, *numbers: int) -> bytes:
    """A PDF holding only the given pages (1-based) of a real document, as bytes."""
    import io

    import pypdfium2

    src = pypdfium2.PdfDocument(REALDOCS / name)
    out = pypdfium2.PdfDocument.new()
    out.import_pages(src, [n - 1 for n in numbers])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _doc(name: str, *numbers: int) -> DocumentResult:
    return process_document(pages_of(name, *numbers), f"{name} p{','.join(map(str, numbers))}")


def _row(result: DocumentResult, start: str, field: str = "indikator") -> dict:
    found = [r for r in result.indicators if (r[field] or "").startswith(start)]
    assert len(found) == 1, [r[field] for r in result.indicators]
    return found[0]


def _periods(result: DocumentResult, row: dict) -> dict[str, tuple[float | None, str | None]]:
    return {p["period"]: (p["value"], p["label"]) for p in result.periods
            if (p["table_index"], p["row_index"]) == (row["table_index"], row["row_index"])}


@pytest.fixture(scope="module")
def dishub() -> DocumentResult:
    return _doc("OPD_Jabar_Dishub_PK_EselonII_2016_scan.pdf", 2)


@pytest.fixture(scope="module")
def disperkim() -> DocumentResult:
    return _doc("OPD_Jabar_Disperkim_PK_KasiDrainase_2017_scan.pdf", 2)


@pytest.fixture(scope="module")
def dishub_budget() -> DocumentResult:
    return _doc("OPD_Jabar_Dishub_PK_EselonII_2016_scan.pdf", 3)


@pytest.fixture(scope="module")
def dishub_budget_two_pages() -> DocumentResult:
    return _doc("OPD_Jabar_Dishub_PK_EselonII_2016_scan.pdf", 4, 5)


@pytest.fixture(scope="module")
def disperkim_budget() -> DocumentResult:
    return _doc("OPD_Jabar_Disperkim_PK_KasiDrainase_2017_scan.pdf", 3)


@pytest.fixture(scope="module")
def grobogan() -> DocumentResult:
    return _doc("OPD_Grobogan_DPUPR_IKU_2022_scan.pdf", 2)


@pytest.fixture(scope="module")
def pasuruan() -> DocumentResult:
    return _doc("OPD_Pasuruan_Bappeda_PK-Perubahan_2020_scan.pdf", 2)


def test_dishub_pk_eselon_ii_scansnap_scan_gives_its_nine_indicators(dishub):
    doc = dishub.document
    assert (doc["status"], doc["extractor"], doc["doc_type"], doc["tahun"]) == ("ok", "ocr", "perjanjian_kinerja", 2016)
    printed = [(r["indikator"][:30], r["satuan"], r["target"]) for r in dishub.indicators]
    assert printed == [
        ("Prosentase keikutsertaan kabup", "%", 55.56),
        ("Prosentase kepemilikan armada ", "%", 50.11),
        ("Prosentase ketersediaan AKDP d", "%", 94),
        ("Prosentase kendaraan tidak mel", "%", 79),
        ("Prosentase kendaraan umum laik", "%", 100),
        ("Prosentase ketersediaan prasar", "%", 45.64),
        ("Prosentase ketersediaan dermag", "%", 66.67),
        ("Prosentase Ketersediaan prasar", "%", 74.29),
        ("Prosentase ketersediaan Fasili", "%", 21),
    ]
    wtn = dishub.indicators[0]
    assert wtn["indikator"] == "Prosentase keikutsertaan kabupaten/kota dalam Wahana Tata Nugraha (WTN)"
    assert wtn["sasaran"] == "Meningkatnya Kualitas Pelayanan Moda Transportasi Umum"
    assert dishub.indicators[8]["sasaran"] == "Meningkatnya ketersediaan perlengkapan Jalan di Ruas Jalan Provinsi"
    for row in dishub.indicators:
        assert row["extractor"] == "ocr" and 0.5 <= row["confidence"] <= 1 and row["page"] == 1
        x0, top, x1, bottom = row["bbox"]
        assert 0 <= x0 < x1 <= 612 and 0 <= top < bottom <= 937  # PDF points on the page as displayed


def test_disperkim_pk_bullets_inside_one_ruled_cell_are_rows_of_their_own(disperkim):
    rows = [(r["indikator"], r["target"], r["satuan"]) for r in disperkim.indicators]
    assert rows[0] == ("Meningkatnya Cakupan Pelayanan Air Limbah Domestik", 67, "%")
    assert rows[1] == ("Prosiding hasil workshop", 1, "Dokumen")
    assert rows[3] == ("Dokumen pemantauan dan pengelolaan sanitasi di DAS Citarum", 1, "Dokumen")
    assert rows[4] == ("Dokumen DED Long Storage Air Hujan Melong di Metropolitan Bandung Raya", 1, "Dokumen")
    assert rows[7] == ("Dokumen DED Drainase Permukiman Pagarsih-Pasteur di Metropolitan Bandung Raya", 1, "Dokumen")
    assert len(rows) == 8
    assert {r["sasaran"] for r in disperkim.indicators} == {
        "Meningkatnya Akses Masyarakat terhadap Cakupan Pelayanan Air Limbah Domestik yang Layak"
    }


def test_grobogan_iku_table_scanned_sideways_reads_upright(grobogan):
    assert grobogan.document["extractor"] == "ocr"
    banjir = _row(grobogan, "Ratio luas Kawasan permukiman rawan banjir")
    assert banjir["sasaran"] == "Meningkatnya pengelolaan Sumberdaya Air"
    assert _periods(grobogan, banjir)["2022"] == (89.16, None)
    assert _periods(grobogan, banjir)["2026"] == (92.48, None)
    irigasi = _row(grobogan, "Rasio luas daerah irigasi")
    assert _periods(grobogan, irigasi)["2022"] == (85.5, None)
    assert _periods(grobogan, _row(grobogan, "Tingkat kemantapan jalan"))["2023"] == (86.42, None)
    assert _periods(grobogan, _row(grobogan, "Persentase bangunan gedung pemerintah ber IMB"))["2022"] == (71, None)
    assert _periods(grobogan, _row(grobogan, "Persentase kesesuaian tata ruang"))["2026"] == (92.9, None)
    assert _row(grobogan, "Nilai SAKIP OPD")["sasaran"].startswith("Meningkatnya kinerja tata kelola pemerintahan")
    # the page is portrait; the table's boxes are on it as displayed, not on the turned image
    x0, top, x1, bottom = banjir["bbox"]
    assert x1 <= 577 and bottom <= 907 and bottom - top > x1 - x0  # a row runs down the portrait page


def test_pasuruan_pk_perubahan_phone_scan_targets_and_budgets(pasuruan):
    assert (pasuruan.document["status"], pasuruan.document["extractor"]) == ("ok", "ocr")
    perangkat = _row(pasuruan, "Persentase Perangkat Daerah yang mempunyai dokumen perencanaan")
    assert (perangkat["satuan"], perangkat["target"]) == ("Persen", 88)
    hasil = _row(pasuruan, "Persentase hasil penelitian dan pengembangan yang ditindaklanjuti")
    # a speck of dust sits between the P and the e of this "Persen" on the photo: OCR reads `P.ersen`, and the
    # word the document prints whole a row above puts it back together
    assert (hasil["satuan"], hasil["target"]) == ("Persen", 85)
    assert hasil["sasaran"] == "Meningkatnya hasil penelitian dan pengembangan sebagai dasar kebijakan daerah."
    budgets = {r["uraian"]: r["anggaran"] for r in pasuruan.indicators if r["anggaran"] is not None}
    assert budgets["Pelayanan Administrasi Perkantoran"] == 1_830_632_226
    assert budgets["Peningkatan Sarana dan Prasarana Aparatur"] == 719_200_500
    assert budgets["Program Perencanaan Pembangunan Ekonomi"] == 851_712_490
    assert budgets["Program Penelitian dan Pengembangan"] == 1_330_965_360
    # the signatures, the red stamp and the CamScanner footer make no rows
    assert not any("CamScanner" in str(v) for r in pasuruan.indicators for v in r.values())
    assert len(pasuruan.indicators) == 2 + 8


def test_dishub_pk_page_3_unruled_budget_table_rp_printed_apart_from_each_amount(dishub_budget):
    """No. | Program | Rp. | amount | Keterangan, no rules: the lone `Rp.` column under no header belongs to the
    Anggaran amounts; the fifth program's list number sits a little lower on the scan than its name."""
    budgets = [(r["uraian"], r["anggaran"]) for r in dishub_budget.indicators]
    assert budgets == [
        ("Program Pembangunan Prasarana dan Fasilitas Perhubungan", 49_898_816_000),
        ("Program Rehabilitasi dan Pemeliharaan Prasarana dan Fasilitas Lalu Lintas Angkutan Jalan (LLAJ)",
         13_209_342_916),
        ("Program Peningkatan Pelayanan Angkutan", 3_244_325_000),
        ("Program Pengendalian dan Pengamanan Lalu Lintas", 3_969_200_000),
        ("Program Peningkatan Kelayakan Kendaraan Bermotor", 432_835_000),
    ]
    assert {r["penjelasan"] for r in dishub_budget.indicators} == {"Sumber Pembiayaan dari APBD Jawa Barat Tahun 2016"}
    assert all(r["level"] == "program" and r["extractor"] == "ocr" for r in dishub_budget.indicators)


def test_dishub_pk_budget_list_of_fourteen_programs_continues_on_the_next_page(dishub_budget_two_pages):
    """Pages 4-5: programs 1-13 fill page 4, program 14 heads page 5 under the repeated header, above the
    signatures; every amount read as printed."""
    budgets = [(r["uraian"], r["anggaran"]) for r in dishub_budget_two_pages.indicators]
    assert len(budgets) == 14
    assert budgets[0] == ("Program Mitigasi dan Adaptasi Perubahan Iklim", 85_150_000)
    assert budgets[1] == ("Program Perencanaan Pengendalian dan Evaluasi Pembangunan Daerah", 352_794_500)
    assert [b[1] for b in budgets[2:7]] == [49_898_816_000, 3_244_325_000, 13_209_342_916, 3_969_200_000,
                                           432_835_000]
    assert budgets[7] == ("Program Peningkatan Kesejahteraan Sumber Daya Aparatur", 1_517_300_000)
    assert [b[1] for b in budgets[8:12]] == [5_254_216_000, 5_450_410_400, 5_671_635_800, 100_000_000]
    assert budgets[12] == ("Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan",
                           163_820_000)
    assert budgets[13] == ("Program Pengembangan Data/Informasi/Statistik Daerah", 122_500_000)
    assert [r["page"] for r in dishub_budget_two_pages.indicators].count(2) == 1


def test_disperkim_pk_page_3_kegiatan_budgets_above_the_signatures(disperkim_budget):
    """The header's `Anggaran` sits a little lower than `No. Kegiatan Ket.` on the scan; the signature block under
    the table (`Bandung, 3 Februari 2017`, the two signatories) is not a row."""
    budgets = [(r["uraian"], r["anggaran"], r["penjelasan"]) for r in disperkim_budget.indicators]
    assert budgets[0] == ("Workshop Percepatan Pembangunan Sanitasi Permukiman Kab./Kota", 178_500_000, "APBD")
    assert budgets[1][1:] == (319_525_000, "APBD")
    assert budgets[2][1] == 125_000_000
    assert budgets[3] == ("Penyusunan DED Long Storage Air Hujan Melong di Metropolitan Bandung Raya", 496_450_000,
                          "APBD")
    assert [b[1] for b in budgets[4:]] == [644_000_000, 648_000_000, 648_000_000]
    assert budgets[6][0] == "Penyusunan DED Drainase Permukiman Pagarsih-Pasteur di Metropolitan Bandung Raya"
    assert len(budgets) == 7
    assert not any("KEPALA" in (r["uraian"] or "") for r in disperkim_budget.indicators)


def test_grobogan_iku_sakip_and_ikm_targets_are_grades_with_their_scores(grobogan):
    """`B (65,00)` under the year columns: the score is the yearly target, the grade its label."""
    sakip = _periods(grobogan, _row(grobogan, "Nilai SAKIP OPD"))
    assert sakip == {"2022": (65, "B"), "2023": (68, "B"), "2024": (70, "BB"), "2025": (72, "BB"),
                     "2026": (73.5, "BB")}
    ikm = _periods(grobogan, _row(grobogan, "Nilai IKM OPD"))
    assert ikm["2022"] == (76.7, "B") and ikm["2026"] == (79.7, "B")
    assert not any("no number" in w for r in grobogan.indicators for w in r["warnings"])


def test_pasuruan_budget_list_adds_up_to_its_printed_total(pasuruan):
    """TOTAL 8.594.032.725 is the sum of the seven programs as read: the check holds, nothing is repaired."""
    total = _row(pasuruan, "TOTAL", "uraian")
    assert total["anggaran"] == 8_594_032_725
    assert not any(r["repairs"] for r in pasuruan.indicators if r["anggaran"] is not None)
    assert not any("does not add up" in w for w in pasuruan.document["warnings"])
