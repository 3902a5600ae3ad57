"""Scanned twins of the sample PDFs (samples/make_scans.py: 200 dpi, rotated 0.3-1 degree, noise, JPEG, one page
sideways) give the values of their born-digital twins; a hidden OCR layer full of garbage is not trusted.

The twins are generated once per session into a temporary folder; the committed Kaligondang twin under
samples/scan/ is the one `make demo` ingests and is checked to be what the script writes.
"""

from __future__ import annotations

import re

import pytest

from kinerja.document_job import process_document
from kinerja.pipeline import DocumentResult

from conftest import SAMPLES
from helpers import sample_script

pytestmark = pytest.mark.slow


def _make_scans():
    return sample_script("make_scans")


make_scans = _make_scans()


@pytest.fixture(scope="session")
def twins(tmp_path_factory) -> dict[str, tuple[DocumentResult, DocumentResult]]:
    """Each sample PDF and its scanned twin, both through the whole pipeline."""
    out = {}
    for source in make_scans.TWINS:
        data = (SAMPLES / "pdf" / source).read_bytes()
        scan = make_scans.scanned_twin(data, source)
        out[source] = (process_document(data, source), process_document(scan, make_scans.TWINS[source]))
    return out


def _key(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())[:40]


def _values(result: DocumentResult) -> set[tuple]:
    """What a user reads off a document: each indicator's name, unit, target, budget and period values."""
    by_row = {}
    values: set[tuple] = set()
    for row in result.indicators:
        name = _key(row["indikator"] or row["uraian"])
        by_row[(row["table_index"], row["row_index"])] = name
        values.add(("name", name))
        for field in ("satuan", "target", "anggaran"):
            if row[field] is not None:
                values.add((name, field, row[field] if field != "satuan" else _key(row[field])))
    for p in result.periods:
        if p["value"] is not None:
            values.add((by_row[(p["table_index"], p["row_index"])], p["period"], p["measure"], p["value"]))
    return values


@pytest.mark.parametrize("source", list(make_scans.TWINS))
def test_scanned_twin_gives_nine_tenths_of_the_born_digital_values(twins, source, report):
    digital, scan = twins[source]
    assert scan.document["extractor"] == "ocr" and scan.document["status"] in ("ok", "partial")
    expected, got = _values(digital), _values(scan)
    share = len(expected & got) / len(expected)
    report(f"scanned twin {source}: {len(expected & got)}/{len(expected)} values ({share:.1%}) of the born-digital")
    assert share >= 0.9, sorted(expected - got)[:20]
    assert all(r["extractor"] == "ocr" for r in scan.indicators)
    assert all(r["confidence"] is not None for r in scan.indicators if r["target"] is not None)


def test_kaligondang_twin_scanned_sideways_is_the_committed_demo_scan():
    source = "002_kaligondang_ra.pdf"
    committed = SAMPLES / "scan" / make_scans.TWINS[source]
    assert committed.read_bytes() == make_scans.scanned_twin((SAMPLES / "pdf" / source).read_bytes(), source)
    import pypdfium2

    page = pypdfium2.PdfDocument(committed)[0]
    width, height = page.get_size()
    assert width < height  # the landscape table lies on a portrait sheet


def test_bajeng_hidden_ocr_layer_full_of_garbage_is_read_from_the_image():
    data = (SAMPLES / "pdf" / "001_bajeng_pengukuran.pdf").read_bytes()
    garbage = make_scans.garbage_layer(data)
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(garbage)) as pdf:
        layer = pdf.pages[0].extract_text()
    assert "~" in layer  # the layer is there, and it is garbage
    digital = process_document(data, "001_bajeng_pengukuran.pdf")
    scan = process_document(garbage, "001_bajeng_garbage_ocr_layer.pdf")
    assert scan.document["extractor"] == "ocr"
    assert any("hidden OCR layer is garbage" in w for w in scan.document["warnings"])
    expected, got = _values(digital), _values(scan)
    assert len(expected & got) / len(expected) >= 0.9, sorted(expected - got)[:20]
    assert not any("~" in (r["indikator"] or "") or "@" in (r["indikator"] or "") for r in scan.indicators)
