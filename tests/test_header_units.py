"""A unit printed in a value column's header (`TARGET (%)`) is the unit of the values under it, as the Grobogan
DPUPR IKU prints its yearly targets; a header that changes the scale (`(Rp. 000)`) gives no unit."""

from __future__ import annotations

from kinerja.extract.model import Cell, ExtractedDocument, Row, Segment, Table
from kinerja.normalize.columns import header_unit
from kinerja.normalize.document import normalize_document


def _doc(header: list[list[tuple[int, str, int]]], body: list[list[str]]) -> ExtractedDocument:
    rows = [Row(tuple(Cell(text, col=col, colspan=span) for col, text, span in line)) for line in header]
    cells = [Row(tuple(Cell(t, col=i) for i, t in enumerate(line) if t)) for line in body]
    return ExtractedDocument([Table([Segment(rows, cells)])], ["INDIKATOR KINERJA UTAMA TAHUN 2022"], "pdf")


def test_header_units():
    assert header_unit("TARGET (%)") == "%" and header_unit("Capaian ( % )") == "%"
    assert header_unit("Anggaran (Rp. 000)") is None and header_unit("Target") is None


def test_yearly_targets_under_target_percent_are_percentages():
    doc = _doc([[(0, "NO", 1), (1, "INDIKATOR KINERJA UTAMA", 1), (2, "TARGET (%)", 2)],
                [(2, "2022", 1), (3, "2023", 1)]],
               [["1.", "Persentase kesesuaian tata ruang", "91,78", "92,06"]])
    out = normalize_document(doc, "x")
    (row,) = out.indicators
    assert row["satuan"] == "%"
    assert {(p["period"], p["value"], p["satuan"]) for p in out.periods} == {("2022", 91.78, "%"), ("2023", 92.06, "%")}


def test_target_percent_column_and_a_printed_unit_column():
    doc = _doc([[(0, "No", 1), (1, "Indikator Kinerja", 1), (2, "Target (%)", 1)]],
               [["1.", "Persentase jalan mantap", "85,17"]])
    (row,) = normalize_document(doc, "x").indicators
    assert (row["target"], row["satuan"]) == (85.17, "%")
    doc = _doc([[(0, "No", 1), (1, "Indikator Kinerja", 1), (2, "Satuan", 1), (3, "Target (%)", 1)]],
               [["1.", "Jumlah dokumen", "Dokumen", "4"]])
    (row,) = normalize_document(doc, "x").indicators
    assert row["satuan"] == "Dokumen"  # the unit printed in the row wins
