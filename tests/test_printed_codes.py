"""Specification of codes printed in a column of their own ("Kode"), as Renja/RKT exports print them: read,
normalised, used as strong evidence for the name, and a disagreement said as a warning and an audit finding.

The form is written by `samples/make_renja_kode.py` (a Dinas Perhubungan's Renja 2024, as an Excel sheet and as a
ruled PDF) into a temporary folder once per module; nothing generated is committed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja.document_job import process_document
from kinerja.extract.headers import KODE, header_role
from kinerja.normalize.align import CODE, ORDINAL, cell_kind
from kinerja.normalize.coding import printed_code_note, read_printed_code
from kinerja.pipeline import DocumentResult

from helpers import sample_script


def _sample_module():
    return sample_script("make_renja_kode")


@pytest.fixture(scope="module")
def renja(tmp_path_factory) -> dict[str, DocumentResult]:
    """The Dinas Perhubungan Renja with its Kode column, read from the .xlsx and from the .pdf, and from the .xlsx
    whose Kode header is merged over one column per part of the code."""
    xlsx, pdf, parts = _sample_module().write(tmp_path_factory.mktemp("renja_kode"))
    forms = (("xlsx", xlsx), ("pdf", pdf), ("parts", parts))
    return {kind: process_document(path.read_bytes(), str(path)) for kind, path in forms}


FORMS = ("xlsx", "pdf", "parts")


def _row(result: DocumentResult, uraian: str) -> dict:
    rows = [r for r in result.indicators if r["uraian"] == uraian]
    assert len(rows) == 1, uraian
    return rows[0]


# --- the column and the cells ------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Kode", "KODE", "Kode Rekening", "Kode Program/Kegiatan/Sub Kegiatan"])
def test_a_kode_header_names_the_code_column(header):
    assert header_role(header).role == KODE


def test_a_kode_tujuan_header_of_a_renstra_is_no_nomenclature_code():
    # Banyuwangi Muncar Renstra p. 56: "Kode Tujuan Pemda" over "M4 T4"
    assert header_role("Kode Tujuan Pemda") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1.02.01", CODE),  # zero-padded: a program's code, not a list number
        ("1.02.01.2.01.0001", CODE),
        ("X.XX.01.2.02.0001", CODE),
        ("4.10.4.10.03.01.001.", CODE),
        ("1.1.2", ORDINAL),  # list numbers stay list numbers
        ("3.10.4", ORDINAL),  # Cianjur DKP LKjIP p. 21: an RPJMD indicator's number
    ],
)
def test_a_cell_holding_only_a_code_is_a_code(text, kind):
    assert cell_kind(text) == kind


@pytest.mark.parametrize(
    ("raw", "bidang", "kode"),
    [
        ("X.XX.01.2.02.0001", ("2.15",), "2.15.01.2.02.0001"),  # SIPD's generic code, under the unit's bidang
        ("X.XX.01.2.02.0001", None, "X.XX.01.2.02.0001"),  # the unit unknown: the template, never a guess
        ("1.02.0.00.0.00.01.0000.1.02.01.2.01.0001", None, "1.02.01.2.01.0001"),  # Permendagri 90 unit prefix
        ("2.15.0.00.0.00.01.0000", None, None),  # the unit's own code names no program
        ("2.15", None, None),  # the bidang's heading
    ],
)
def test_printed_codes_are_normalised_to_the_2021_form(raw, bidang, kode):
    assert read_printed_code(raw, bidang) == kode


def test_a_code_of_another_scheme_says_why_it_is_not_compared():
    assert "before 2021" in printed_code_note("4.10.4.10.03.01.001.")
    assert "unit's code" in printed_code_note("2.15.0.00.0.00.01.0000")
    assert printed_code_note("1.02.01.2.01.0001") is None


# --- the Dinas Perhubungan Renja, end to end -----------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_renja_dishub_unit_is_dinas_perhubungan(renja, form):
    document = renja[form].document
    assert (document["instansi"], document["bidang"]) == ("Dinas Perhubungan", "2.15")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("uraian", "kode_raw", "kode", "level"),
    [
        ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "2.15.01", "2.15.01", "program"),
        ("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "2.15.01.2.01", "2.15.01.2.01",
         "kegiatan"),
        ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "2.15.01.2.01.0001", "2.15.01.2.01.0001", "sub_kegiatan"),
        ("Penyediaan Gaji dan Tunjangan ASN", "X.XX.01.2.02.0001", "2.15.01.2.02.0001", "sub_kegiatan"),
        ("Rehabilitasi dan Pemeliharaan Perlengkapan Jalan", "2.15.02.2.02.0004", "2.15.02.2.02.0004",
         "sub_kegiatan"),
    ],
)
def test_renja_dishub_kode_column_agrees_with_the_names(renja, form, uraian, kode_raw, kode, level):
    if form == "parts":
        kode_raw = kode_raw.replace("X.XX", "2.15")  # a form with a column per part prints the bidang's own
    row = _row(renja[form], uraian)
    assert (row["kode_raw"], row["kode"], row["kode_match_status"], row["level"]) == (
        kode_raw, kode, "accepted", level)
    assert row["other_columns"] == []  # the Kode column is read, not left aside as a column kinerja does not know


@pytest.mark.parametrize("form", FORMS)
def test_renja_dishub_the_code_settles_a_shortened_name(renja, form):
    # "Penyediaan Peralatan Kantor": the list's name is "Penyediaan Peralatan dan Perlengkapan Kantor"
    row = _row(renja[form], "Penyediaan Peralatan Kantor")
    assert (row["kode_raw"], row["kode"], row["kode_match_method"]) == (
        "2.15.01.2.06.0002", "2.15.01.2.06.0002", "printed")


@pytest.mark.parametrize("form", FORMS)
def test_renja_dishub_a_code_that_disagrees_with_its_name_is_a_warning_and_no_code(renja, form):
    row = _row(renja[form], "Penyediaan Bahan Logistik Kantor")
    assert (row["kode_raw"], row["kode"], row["kode_match_status"]) == ("2.15.01.2.06.0003", None, "review")
    disagreeing = [w for w in renja[form].document["warnings"] if "disagrees" in w]
    assert len(disagreeing) == 1
    assert disagreeing[0].endswith(
        "printed code 2.15.01.2.06.0003 disagrees with the name (2.15.01.2.06.0004 Penyediaan Bahan Logistik Kantor)")


def test_renja_dishub_xlsx_warning_names_the_row_of_the_sheet(renja):
    assert any(w.startswith("cell A11: printed code 2.15.01.2.06.0003")
               for w in renja["xlsx"].document["warnings"])


@pytest.mark.parametrize("form", ("xlsx", "pdf"))
def test_renja_dishub_unit_and_bidang_rows_are_headings_not_programs(renja, form):
    unit = _row(renja[form], "DINAS PERHUBUNGAN")
    bidang = _row(renja[form], "URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN")
    assert (unit["kode"], unit["kode_match_status"]) == (None, "unmatched")
    assert "unit's code" in unit["kode_match_note"]
    assert (bidang["kode"], bidang["kode_match_status"]) == (None, "unmatched")
    assert "heading" in bidang["kode_match_note"]


@pytest.mark.parametrize("form", FORMS)
def test_audit_kode_printed_finds_the_disagreeing_row_of_the_kode_column(renja, form):
    from kinerja.audit import RULE_FUNCTIONS, prepare

    result = renja[form]
    data = prepare(pd.DataFrame([result.document]), pd.DataFrame(result.indicators), pd.DataFrame(result.periods))
    findings = RULE_FUNCTIONS["KODE-PRINTED"](data)
    assert findings[["rule", "severity", "expected", "observed"]].values.tolist() == [
        ["KODE-PRINTED", "warning", "2.15.01.2.06.0004", "2.15.01.2.06.0003"]]
    assert list(findings["cells"][0]) == ["2.15.01.2.06.0003", "Penyediaan Bahan Logistik Kantor"]


def _codes(result: DocumentResult) -> list[tuple]:
    return [(r["uraian"], r["kode_raw"], r["kode"]) for r in result.indicators]


def test_renja_dishub_pdf_and_xlsx_read_the_same_codes(renja):
    assert _codes(renja["pdf"]) == _codes(renja["xlsx"])
    assert len(_codes(renja["pdf"])) == 11


def test_renja_dishub_code_printed_one_part_per_column_is_read_whole(renja):
    # "2 | 15 | 01 | 2.01 | 0001" under one merged "Kode" header; the unit's own row is not in this form
    assert _row(renja["parts"], "Penyusunan Dokumen Perencanaan Perangkat Daerah")["kode_raw"] == "2.15.01.2.01.0001"
    assert _row(renja["parts"], "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")["kode_raw"] == "2.15.01"
    whole = [(u, k) for u, _, k in _codes(renja["xlsx"]) if u != "DINAS PERHUBUNGAN"]
    assert [(u, k) for u, _, k in _codes(renja["parts"])] == whole


RKT_NO_KODE = (
    "RENCANA KINERJA TAHUNAN TAHUN 2024\nDINAS KESEHATAN KABUPATEN GROBOGAN\n\n"
    "NO\tPROGRAM/KEGIATAN/SUB KEGIATAN\tINDIKATOR KINERJA\tTARGET\n"
    "1.02.01\tPROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA\tNilai SAKIP Perangkat Daerah\tBB\n"
    "1.02.01.2.01.0001\tPenyusunan Dokumen Perencanaan Perangkat Daerah\tJumlah Dokumen Perencanaan\t3 Dokumen\n"
    "1.02.01.2.06.0002\tPenyediaan Peralatan Kantor\tJumlah Paket Peralatan Kantor\t12 Paket\n"
)


def test_codes_printed_in_the_no_column_are_read_as_codes(tmp_path):
    path = tmp_path / "rkt_dinkes_no_kode.txt"
    path.write_text(RKT_NO_KODE, encoding="utf-8")
    result = process_document(path.read_bytes(), str(path))
    assert [(r["kode_raw"], r["kode"], r["kode_match_method"]) for r in result.indicators] == [
        ("1.02.01", "1.02.01", "exact"),
        ("1.02.01.2.01.0001", "1.02.01.2.01.0001", "exact"),
        ("1.02.01.2.06.0002", "1.02.01.2.06.0002", "printed"),  # the shortened name settled by its code
    ]

