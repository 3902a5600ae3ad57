"""A scan's time limit grows with its pages: `--timeout` is the base, `--page-timeout` is added for each page the
worker reads by OCR, as it reaches it (issue 8). Real `kinerja ingest` subprocesses on a generated 20-page scan."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from kinerja.store import read_frame

from conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
import make_scans

pytestmark = pytest.mark.slow

PAGES = 20


@pytest.fixture(scope="module")
def long_scan(tmp_path_factory):
    """A 20-page scan of small slips (200 × 150 pt, one target each), 200 dpi JPEG, no text layer: each page is
    a fraction of a second of OCR, the whole well over the 2 s base limit."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=(200, 150), invariant=1)
    for page in range(1, PAGES + 1):
        sheet.setFont("Helvetica", 11)
        sheet.drawString(20, 110, f"Halaman {page}")
        sheet.drawString(20, 80, f"Target {60 + page},50 %")
        sheet.showPage()
    sheet.save()
    folder = tmp_path_factory.mktemp("long_scan")
    path = folder / "pindaian_20_halaman.pdf"
    path.write_bytes(make_scans.scanned_twin(buf.getvalue(), path.name))
    return path


def ingest(path, out, *limits: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kinerja.cli", "ingest", str(path), "--out", str(out), *limits],
                          capture_output=True, text=True, timeout=600, check=False)


def test_a_20_page_scan_over_the_base_limit_is_read_with_its_per_page_allowance(long_scan, tmp_path):
    done = ingest(long_scan, tmp_path / "out", "--timeout", "2", "--page-timeout", "20")
    assert done.returncode == 0, done.stderr
    doc = read_frame(tmp_path / "out", "documents").iloc[0]
    assert doc["status"] != "failed", doc["error"]
    assert doc["extractor"] == "ocr" and doc["pages"] == PAGES


def test_the_same_scan_without_a_per_page_allowance_fails_at_the_base_limit(long_scan, tmp_path):
    """The allowance is what reads it: with none, the worker is stopped at 2 s and the document failed."""
    done = ingest(long_scan, tmp_path / "out", "--timeout", "2", "--page-timeout", "0")
    assert done.returncode != 0
    assert "pindaian_20_halaman.pdf: over the time limit of 2 s\n" in done.stderr

