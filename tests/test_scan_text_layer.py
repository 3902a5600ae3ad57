"""Which pages need OCR when a page has a text layer (issue 8): a scanner's hidden OCR layer is checked against the
image — a sample of its words read afresh in their boxes — when the shape of its words cannot settle it; a good
layer is kept (no OCR), a garbled one is not; born-digital pages are never read by OCR."""

from __future__ import annotations

import sys

import pytest

from kinerja.extract import read_document
from kinerja.extract.pdfpage import open_pdf, read_page
from kinerja.extract.textlayer import (
    garbage_share,
    hidden_text,
    image_cover,
    needs_sample,
    ocr_reason,
    sample_reason,
    sample_words,
)

from conftest import ROOT, SAMPLES, SHARED

sys.path.insert(0, str(ROOT / "samples"))
import make_scans

BAJENG = (SAMPLES / "pdf" / "001_bajeng_pengukuran.pdf").read_bytes()
REALDOCS = SHARED / "realdocs"


def test_a_good_hidden_layer_with_names_and_codes_is_kept_and_no_page_is_ocrd():
    """Bajeng's scan under a true invisible layer: the layer is hidden, so a sample is read from the image; it
    agrees, and the page keeps its layer: the rows come from the text (`pdf`), not from OCR."""
    data = make_scans.garbage_layer(BAJENG, layer="true")
    pdf = open_pdf(data)
    assert hidden_text(pdf, 0) and image_cover(pdf, 0) > 0.9
    doc = read_document(data, "bajeng_lapisan_benar.pdf")
    assert doc.extractor == "pdf"
    assert not [w for w in doc.warnings if "layer" in w]


def test_a_hidden_layer_of_lookalike_letters_is_read_from_the_image():
    """`Kincrja`, `Progrom`, `86` for `85`: no odd character, so the words' shape passes; the sample read from the
    image disagrees, and the page is read by OCR, with the reason in the warnings."""
    data = make_scans.garbage_layer(BAJENG, layer="lookalike")
    layer = read_page(open_pdf(data), 0)
    assert garbage_share([w.text for w in layer.words]) < 0.03  # the shape check alone would trust it
    doc = read_document(data, "bajeng_lapisan_mirip.pdf")
    assert doc.extractor == "ocr"
    assert any("hidden OCR layer disagrees with the image" in w for w in doc.warnings)


def test_odd_looking_words_are_sampled_first_and_a_few_wrong_readings_do_not_reject_a_layer():
    class W:
        def __init__(self, text: str) -> None:
            self.text = text

    words = [W(t) for t in ("Kinerja", "dkp@cianjurkab.go.id", "Target", "SAKIP", "K3L", "x<=80%", "Anggaran",
                            "Rp1.250.000", "Realisasi", "Program", "Kegiatan", "Satuan", "Persen", "Dokumen")]
    picked = [w.text for w in sample_words(words, 6)]
    assert picked[:2] == ["dkp@cianjurkab.go.id", "x<=80%"]
    assert len(picked) == 6
    pairs = [("Kinerja", "Kinerja"), ("SAKIP", "SAKIP"), ("dkp@cianjurkab.go.id", "dkp@cianjurkab.go.id"),
             ("Target", "Targel"), ("Program", "Program"), ("Anggaran", "Anggaran")]
    assert sample_reason(pairs) is None  # 5 of 6 agree: one misreading by the fresh OCR is not evidence
    garbled = [("Kincrja", "Kinerja"), ("Progrom", "Program"), ("86", "85"), ("Target", "Target")]
    assert sample_reason(garbled) == "hidden OCR layer disagrees with the image (3 of 4 sampled words)"
    assert sample_reason([("Kincrja", "Kinerja")]) is None  # one word is no evidence


def test_a_visible_born_digital_layer_with_a_clean_vocabulary_needs_no_sample():
    words = ["Capaian", "Kinerja", "Target", "Realisasi"] * 10
    assert ocr_reason(words, image_cover=1.0) is None
    assert not needs_sample(words, image_cover=1.0, hidden=False)  # a background image under born-digital text
    assert needs_sample(words, image_cover=1.0, hidden=True)  # a scanner's invisible layer is always checked
    assert not needs_sample(words, image_cover=0.2, hidden=True)


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="needs ../shared/realdocs")
def test_no_born_digital_realdoc_page_is_sent_to_ocr_but_cianjurs_pictured_back_cover():
    """Every page of the born-digital PDFs in realdocs keeps its text layer; the one page routed to OCR is
    Cianjur LKjIP page 56, the back cover: a picture (dark green, "LAKIP TAHUN 2015" drawn in it), no text layer."""
    routed = []
    for path in sorted(REALDOCS.glob("*.pdf")):
        if path.stem.endswith("_scan"):
            continue
        pdf = open_pdf(path.read_bytes())
        for index in range(len(pdf)):
            words = [w.text for w in read_page(pdf, index).words]
            cover = image_cover(pdf, index)
            if ocr_reason(words, cover) or needs_sample(words, cover, hidden_text(pdf, index)):
                routed.append((path.name, index + 1))
    assert routed == [("OPD_Cianjur_DKP_LKjIP_2015.pdf", 56)]


def _names_and_codes_page() -> bytes:
    """A PK signature block and contact lines: names with titles, an NIP, an e-mail address, abbreviations."""
    import io

    from reportlab.pdfgen import canvas

    lines = ["PERJANJIAN KINERJA TAHUN 2017 e-SAKIP", "Pihak Pertama: Ir. H. Asep Suryadi, M.Si.",
             "NIP. 19650412 199003 1 007", "Surel: dkp@cianjurkab.go.id", "Indikator K3L: IKM >= 80%",
             "Sasaran: SiPD-RI terisi 100%", "Anggaran Rp1.250.000.000,-", "Pihak Kedua: dr. Yusman Faisal, MM."]
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf, pagesize=(420, 300), invariant=1)
    sheet.setFont("Helvetica", 12)
    for k, line in enumerate(lines):
        sheet.drawString(30, 260 - 30 * k, line)
    sheet.showPage()
    sheet.save()
    return buf.getvalue()


def test_a_good_hidden_layer_of_names_addresses_and_abbreviations_is_kept():
    """Odd-looking but right (`dkp@cianjurkab.go.id`, `>=`, `19650412`, `SiPD-RI`): the odd words are sampled
    first, the image agrees with them, and the page keeps its layer."""
    data = make_scans.garbage_layer(_names_and_codes_page(), layer="true")
    texts = [w.text for w in read_page(open_pdf(data), 0).words]
    assert "dkp@cianjurkab.go.id" in texts and garbage_share(texts) > 0.03
    doc = read_document(data, "pk_nama_dan_kode.pdf")
    assert doc.extractor == "pdf", doc.warnings
