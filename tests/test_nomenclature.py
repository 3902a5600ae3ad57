"""Specification of the national nomenclature: the shipped list, the unit → bidang rule, generic penunjang names
coded under the unit's bidang, and `kinerja codes`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kinerja.cli import main
from kinerja.normalize.matching import UNIT_UNKNOWN, Matcher, normalise_name
from kinerja.normalize.units import bidang_of, office_in_line, unit_from_cells, unit_from_title
from kinerja.schema import canonical


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


# --- the shipped list ------------------------------------------------------------------------------------------

def test_the_list_holds_every_bidang_and_the_generic_penunjang_program_once():
    entries = canonical.nomenklatur()
    assert len({e.bidang for e in entries if not e.generic}) == 43
    generic = [e for e in entries if e.generic]
    assert len(generic) == 118 and {e.kode[:4] for e in generic} == {"X.XX"}
    assert [e.kode for e in entries if not e.generic and e.kode.split(".")[2] == "01"] == []


def test_a_generic_entry_is_a_valid_code_under_every_bidang_that_may_carry_it():
    by_kode = canonical.nomenklatur_by_kode()
    assert by_kode["1.02.01.2.01.0001"].nama == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert by_kode["7.01.01.2.02.0001"].nama == "Penyediaan Gaji dan Tunjangan ASN"
    # kepala daerah and DPRD kegiatan of the penunjang program belong to the Sekretariat Daerah and DPRD only
    assert "4.01.01.2.11.0001" in by_kode and "1.02.01.2.11.0001" not in by_kode
    assert "4.02.01.2.16" in by_kode and "7.01.01.2.16" not in by_kode


def test_the_kecamatan_lists_metadata_and_spellings_are_kept():
    by_kode = canonical.nomenklatur_by_kode()
    gaji = by_kode["7.01.01.2.02.0001"]
    assert (gaji.indikator, gaji.satuan) == ("Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "Orang/bulan")
    assert by_kode["1.02.01.2.02.0001"].indikator == gaji.indikator
    assert by_kode["7.01.01.2.01.0005"].nama == "Koordinasi dan Penyusunan Perubahan DPA- SKPD"
    assert by_kode["7.01.03.2.06.0010"].bidang == "7.01"  # newer than the national dump, kept
    assert by_kode["7.01.04.2.03"].khusus == "aceh"


def test_generic_template_names_the_entry_a_real_penunjang_code_stands_for():
    assert canonical.generic_template("1.02.01.2.01.0001") == "X.XX.01.2.01.0001"
    assert canonical.generic_template("7.01.01") == "X.XX.01"
    assert canonical.generic_template("1.02.02.2.01.0001") is None
    assert canonical.generic_template("9.99.01") is None


# --- the unit decides the bidang --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("instansi", "bidang"),
    [
        ("Dinas Kesehatan", ("1.02",)),
        ("Dinas Perhubungan Provinsi Jawa Barat", ("2.15",)),
        ("Inspektorat Daerah", ("6.01",)),
        ("Badan Penanggulangan Bencana Daerah", ("1.05",)),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", ("1.03",)),
        ("Dinas Perdagangan dan Perindustrian", ("3.30", "3.31")),
        ("Kecamatan Pallangga", ("7.01",)),
        ("Balai Pengelolaan Anjungan Jawa Barat", ()),
    ],
)
def test_an_office_name_gives_its_bidang_primary_first(instansi, bidang):
    assert bidang_of(instansi) == bidang


@pytest.mark.parametrize(
    ("line", "office"),
    [
        ("RENCANA AKSI KINERJA TAHUN 2022 DINAS PEKERJAAN UMUM DAN PENATAAN RUANG",
         "Dinas Pekerjaan Umum dan Penataan Ruang"),
        ("INSPEKTORAT P R O V I N S I J A W A B A R A T", "Inspektorat"),
        ("Unit Kerja Mandiri : Dinas Koperasi dan Usaha Mikro Kecil dan Menengah Provinsi Jawa Barat",
         "Dinas Koperasi dan Usaha Mikro Kecil dan Menengah"),
        ("Inspektorat Provinsi Jawa Barat Tahun 2016", "Inspektorat"),
        ("Dinas Kebersihan dan Pertamanan berharap dapat memberikan", None),
        ("Dasar hukum Penyusunan Laporan Akuntabilitas Kinerja Instansi Pemerintah (LAKIP) Biro", None),
    ],
)
def test_a_title_line_names_its_office_and_prose_does_not(line, office):
    assert office_in_line(line) == office


def test_an_office_name_broken_over_two_title_lines_is_joined():
    unit = unit_from_title(["P E M E R I N T A H P R O V I N S I J A W A B A R A T",
                            "BADAN PEMBERDAYAAN MASYARAKAT", "DAN PEMERINTAHAN DESA"])
    assert (unit.instansi, unit.bidang) == ("Badan Pemberdayaan Masyarakat dan Pemerintahan Desa", ("2.13",))


def test_a_form_without_title_block_names_its_unit_in_its_first_rows():
    # Tangsel Dinkes realisasi form: the penanggung jawab column says DINKES before the unit's row
    unit = unit_from_cells(["Urusan/Bidang Urusan/Program/Kegiatan", "URUSAN PEMERINTAHAN BIDANG KESEHATAN",
                            "DINKES", "DINAS KESEHATAN", "PROGRAM PENUNJANG URUSAN"])
    assert (unit.instansi, unit.bidang) == ("Dinas Kesehatan", ("1.02",))


# --- matching with the unit's bidang ----------------------------------------------------------------------------

def test_a_generic_penunjang_name_is_coded_under_the_units_bidang(matcher):
    name = "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert matcher.match_uraian(name, bidang=("1.02",)).kode == "1.02.01.2.01.0001"
    assert matcher.match_uraian(name, bidang=("7.01",)).kode == "7.01.01.2.01.0001"
    assert matcher.match_uraian(name, bidang=("3.30", "3.31")).kode == "3.30.01.2.01.0001"


def test_without_a_unit_a_generic_name_stays_uncoded_with_the_reason(matcher):
    result = matcher.match_uraian("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
    assert (result.kode, result.status, result.note) == (None, "review", UNIT_UNKNOWN)
    assert result.candidates[0].kode == "X.XX.01"


def test_without_a_unit_a_bidang_specific_name_still_gets_its_code(matcher):
    result = matcher.match_uraian("Pelaksanaan Tugas Forum Koordinasi Pimpinan di Kecamatan")
    assert (result.status, result.kode) == ("accepted", "7.01.05.2.01.0008")


def test_a_merged_offices_second_bidang_is_found_outside_the_named_one(matcher):
    # a "Dinas Pemuda, Olahraga dan Pariwisata" whose name the pattern read as 2.19 only
    result = matcher.match_uraian("PROGRAM PENINGKATAN DAYA TARIK DESTINASI PARIWISATA", bidang=("2.19",))
    assert (result.status, result.kode) == ("accepted", "3.26.02")
    assert "outside" in result.note


def test_outside_the_units_bidang_a_near_match_needs_a_higher_bar(matcher):
    inside = matcher.match_uraian("Pengelolaan Pelayanan Kesehatan Untuk Ibu Hamil", bidang=("1.02",))
    outside = matcher.match_uraian("Pengelolaan Pelayanan Kesehatan Untuk Ibu Hamil", bidang=("1.03",))
    assert (inside.status, inside.kode) == ("accepted", "1.02.02.2.02.0001")
    assert outside.score < 95 and outside.status == "review" and outside.kode is None


def test_a_sekretariat_daerah_kegiatan_is_not_coded_for_a_dinas(matcher):
    name = "Penyediaan Gaji dan Tunjangan Kepala Daerah dan Wakil Kepala Daerah"
    assert matcher.match_uraian(name, bidang=("4.01",)).kode == "4.01.01.2.11.0001"
    dinas = matcher.match_uraian(name, bidang=("1.03",))
    assert dinas.kode is None and "4.01" in dinas.note


def test_a_name_printed_as_a_program_is_not_a_sub_kegiatan_of_the_same_words(matcher):
    result = matcher.match_uraian("Program Pengelolaan Ruang Terbuka Hijau (RTH)", bidang=("2.11",))
    assert result.kode is None and result.candidates[0].kode == "2.11.04.2.01.0004"


def test_a_reviewed_generic_decision_applies_under_each_documents_bidang():
    # decided once in a kecamatan dataset; a Dinas Kesehatan document codes the same name under 1.02
    matcher = Matcher({("uraian", normalise_name("Rapat-rapat Koordinasi dan Konsultasi SKPD")): "7.01.01.2.06.0009"})
    name = "Rapat-rapat Koordinasi dan Konsultasi SKPD"
    assert matcher.match_uraian(name, bidang=("7.01",)).kode == "7.01.01.2.06.0009"
    assert matcher.match_uraian(name, bidang=("1.02",)).kode == "1.02.01.2.06.0009"
    unknown = matcher.match_uraian(name)
    assert (unknown.kode, unknown.method, unknown.note) == (None, "override", UNIT_UNKNOWN)


# --- kinerja codes ----------------------------------------------------------------------------------------------

def _codes(*args: str) -> list[list[str]]:
    result = CliRunner().invoke(main, ["codes", *args])
    assert result.exit_code == 0, result.output
    return [line.split(None, 2) for line in result.stdout.splitlines()]


def test_codes_searches_names_across_the_whole_list():
    found = _codes("pelayanan kesehatan ibu hamil", "--limit", "3")
    assert found[0] == ["1.02.02.2.02.0001", "sub_kegiatan", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"]


def test_codes_lists_a_branch_by_code_prefix_with_its_penunjang_program():
    programs = _codes("2.19", "--kind", "program")
    assert [p[0] for p in programs] == ["2.19.01", "2.19.02", "2.19.03", "2.19.04"]
    assert _codes("1.02.01.2.02.0001") == [["1.02.01.2.02.0001", "sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN"]]


def test_codes_lists_the_generic_program_once_without_a_bidang_and_expanded_with_one():
    assert _codes("X.XX.01", "--kind", "program") == [
        ["X.XX.01", "program", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"]]
    kegiatan = _codes("--bidang", "4.02", "--kind", "kegiatan", "--limit", "0")
    assert "4.02.01.2.16" in {k[0] for k in kegiatan} and "4.02.01.2.11" not in {k[0] for k in kegiatan}


def test_codes_finds_a_code_as_documents_print_it():
    gaji = [["1.02.01.2.02.0001", "sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN"]]
    assert _codes("1.02.01.2.02.01") == gaji  # SIPD 2021's two-digit sub kegiatan
    assert _codes("1.02.0.00.0.00.01.0000.1.02.01.2.02.0001") == gaji  # behind the unit's Permendagri 90 code


def test_codes_refuses_an_unknown_bidang():
    result = CliRunner().invoke(main, ["codes", "--bidang", "9.99"])
    assert result.exit_code == 2 and "unknown bidang" in result.output


# --- codes printed in the document ------------------------------------------------------------------------------

PRINTED = Path(__file__).parent / "data" / "text" / "renja_dinkes_kode_tercetak.txt"


@pytest.fixture(scope="module")
def printed():
    from kinerja.document_job import process_document

    return process_document(PRINTED.read_bytes(), str(PRINTED))


def _printed_row(result, uraian: str) -> dict:
    rows = [r for r in result.indicators if r["uraian"] == uraian]
    assert len(rows) == 1, uraian
    return rows[0]


@pytest.mark.parametrize(
    ("raw", "kode"),
    [
        ("1.02.01", "1.02.01"),
        ("1.02.01.2.01", "1.02.01.2.01"),
        ("1.02.01.2.01.01", "1.02.01.2.01.0001"),  # SIPD 2021 wrote sub kegiatan in two digits
        ("1 . 02 . 01 . 2 . 01 . 0001", "1.02.01.2.01.0001"),
        ("1.02.1.02.01.2.01.0001", "1.02.01.2.01.0001"),  # a Renja export's unit prefix written twice
        ("4.10.4.10.03.01.001.", None),  # the pre-2021 scheme: no kegiatan "2." part
        ("1.1.2", None),
    ],
)
def test_a_printed_code_is_read_in_the_form_of_the_2021_nomenclature(raw, kode):
    from kinerja.normalize.coding import read_printed_code

    assert read_printed_code(raw) == kode


def test_printed_codes_that_agree_with_their_names_are_kept_as_printed(printed):
    assert printed.document["bidang"] == "1.02"
    row = _printed_row(printed, "Penyusunan Dokumen Perencanaan Perangkat Daerah")
    assert (row["kode_raw"], row["kode"], row["kode_match_status"]) == (
        "1.02.01.2.01.01", "1.02.01.2.01.0001", "accepted")
    program = _printed_row(printed, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
    assert (program["kode_raw"], program["kode"]) == ("1.02.01", "1.02.01")


def test_a_printed_code_settles_a_name_the_matcher_alone_was_unsure_of(printed):
    row = _printed_row(printed, "Penyediaan Peralatan Kantor")
    assert (row["kode"], row["kode_match_method"], row["kode_match_status"]) == (
        "1.02.01.2.06.0002", "printed", "accepted")


def test_a_printed_code_that_disagrees_with_the_name_is_a_warning_and_no_code(printed):
    row = _printed_row(printed, "Penyediaan Gaji dan Tunjangan ASN")
    assert (row["kode_raw"], row["kode"], row["kode_match_status"]) == ("1.02.01.2.01.0002", None, "review")
    assert "disagrees" in row["kode_match_note"]
    assert [w for w in printed.document["warnings"] if "disagrees" in w] == [
        "line 8: printed code 1.02.01.2.01.0002 disagrees with the name "
        "(1.02.01.2.02.0001 Penyediaan Gaji dan Tunjangan ASN)"]


def test_a_code_of_the_old_scheme_is_kept_as_printed_and_the_name_decides(printed):
    row = _printed_row(printed, "Pengelolaan Pelayanan Kesehatan Ibu Hamil")
    assert (row["kode_raw"], row["kode"]) == ("4.10.4.10.03.01.001", "1.02.02.2.02.0001")


def _kode_printed_findings(result):
    import pandas as pd

    from kinerja.audit import RULE_FUNCTIONS, prepare

    data = prepare(pd.DataFrame([result.document]), pd.DataFrame(result.indicators), pd.DataFrame(result.periods))
    return RULE_FUNCTIONS["KODE-PRINTED"](data)


def test_audit_kode_printed_finds_the_disagreeing_row_only(printed):
    findings = _kode_printed_findings(printed)
    assert findings[["rule", "severity", "line", "expected", "observed"]].values.tolist() == [
        ["KODE-PRINTED", "warning", 8, "1.02.01.2.02.0001", "1.02.01.2.01.0002"]]
    assert list(findings["cells"][0]) == ["1.02.01.2.01.0002", "Penyediaan Gaji dan Tunjangan ASN"]


def test_audit_kode_printed_is_silent_on_a_consistent_document(tmp_path):
    from kinerja.document_job import process_document

    consistent = tmp_path / "renja_konsisten.txt"
    consistent.write_text("\n".join(line for line in PRINTED.read_text(encoding="utf-8").splitlines()
                                    if "Penyediaan Gaji" not in line) + "\n", encoding="utf-8")
    result = process_document(consistent.read_bytes(), str(consistent))
    assert sum(1 for r in result.indicators if r["kode_raw"]) == 7
    assert _kode_printed_findings(result).empty


def test_review_of_a_dinas_document_decides_once_and_recodes_under_its_bidang(tmp_path):
    import csv

    from kinerja.store import read_frame

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / PRINTED.name).write_bytes(PRINTED.read_bytes())
    out, exported = tmp_path / "out", tmp_path / "review.csv"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(archive), "--out", str(out)]).exit_code == 0
    before = read_frame(out, "indicators")
    assert runner.invoke(main, ["review", str(out), "--export", str(exported)]).exit_code == 0
    with exported.open(newline="", encoding="utf-8-sig") as fh:
        queue = list(csv.DictReader(fh, delimiter=";"))  # the review CSV is written for Excel
    gaji = next(item for item in queue if item["name"] == "Penyediaan Gaji dan Tunjangan ASN")
    assert gaji["candidate_1_kode"] == "1.02.01.2.02.0001"  # the Dinas's own bidang, not 7.01
    for item in queue:
        item["decision"] = item["candidate_1_kode"] if item is gaji else ""
    with exported.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(queue[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(queue)
    result = runner.invoke(main, ["review", str(out), "--apply", str(exported)])
    assert result.exit_code == 0, result.output
    after = read_frame(out, "indicators")
    row = after[after["uraian"] == "Penyediaan Gaji dan Tunjangan ASN"]
    assert list(zip(row["kode"], row["kode_match_method"], strict=True)) == [("1.02.01.2.02.0001", "override")]
    others = after["uraian"] != "Penyediaan Gaji dan Tunjangan ASN"
    assert list(after.loc[others, "kode"]) == list(before.loc[before["uraian"] != "Penyediaan Gaji dan Tunjangan ASN",
                                                               "kode"])
    assert all(k.startswith("1.02.") for k in after["kode"].dropna())
