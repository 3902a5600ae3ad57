"""Issue 9, class 3, unruled: a header printed over two lines without borders is one header cell per column.

The PDF is written by `samples/make_unruled_header.py` (a Kecamatan Kaligondang Rencana Aksi 2024 laid out with
whitespace only; its header cells "INDIKATOR / KINERJA", "TARGET / TAHUNAN", "PENANGGUNG / JAWAB" wrap)."""

from __future__ import annotations

import pytest

from kinerja.document_job import process_document
from kinerja.pipeline import DocumentResult

from helpers import sample_script


@pytest.fixture(scope="module")
def rencana_aksi(tmp_path_factory) -> DocumentResult:
    module = sample_script("make_unruled_header")
    path = module.write(tmp_path_factory.mktemp("unruled") / "kaligondang_ra_unruled.pdf")
    return process_document(path.read_bytes(), str(path))


def test_second_header_line_is_no_indicator_row(rencana_aksi: DocumentResult) -> None:
    """"KINERJA" under "INDIKATOR" is the rest of the header, not a first indicator: three rows, as printed."""
    names = [row["indikator"] for row in rencana_aksi.indicators]
    assert names == [
        "Persentase pelayanan administrasi terpadu",
        "Jumlah dokumen perencanaan yang disusun",
        "Persentase desa yang dibina",
    ]
    assert rencana_aksi.document["warnings"] == []


def test_penanggung_jawab_over_two_lines_is_the_pj_column(rencana_aksi: DocumentResult) -> None:
    """Kaligondang RA: "PENANGGUNG / JAWAB" gives penanggung_jawab (Kasi Pemerintahan for desa yang dibina);
    target tahunan 90 %, quarters 20, 40, 60, 90."""
    desa = rencana_aksi.indicators[2]
    assert desa["penanggung_jawab"] == "Kasi Pemerintahan"
    assert desa["other_columns"] == []
    assert (desa["satuan"], desa["target"]) == ("%", 90.0)
    quarters = {p["period"]: p["value"] for p in rencana_aksi.periods
                if (p["table_index"], p["row_index"]) == (desa["table_index"], desa["row_index"])}
    assert quarters == {"TW1": 20.0, "TW2": 40.0, "TW3": 60.0, "TW4": 90.0}
