"""A document's number style (English `23,665,554,229.00` / Indonesian `23.665.554.229`) read from its own cells and
applied to every number of that document, born-digital or scanned."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.normalize.numbers import NumberKind, NumberStyle, infer_style, number_style, parse_number
from kinerja.normalize.values import parse_value

EN, ID = NumberStyle.ENGLISH, NumberStyle.INDONESIAN
MONEY, GENERIC, PERCENT = NumberKind.MONEY, NumberKind.GENERIC, NumberKind.PERCENT
REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


@pytest.mark.parametrize(
    ("text", "kind", "style", "value"),
    [
        ("23,665,554,229.00", MONEY, EN, 23_665_554_229),
        ("452,750,000.00", MONEY, EN, 452_750_000),
        ("452,750,000", MONEY, EN, 452_750_000),
        ("89.16", PERCENT, EN, 89.16),
        ("1,378", GENERIC, EN, 1378),
        ("1.378", GENERIC, EN, 1.378),
        ("3.5", GENERIC, EN, 3.5),
        ("100", GENERIC, EN, 100),
        ("6.000.000", GENERIC, EN, 6_000_000),  # an Indonesian cell in an English document still reads
        ("23.665.554.229", MONEY, ID, 23_665_554_229),
        ("85,50", PERCENT, ID, 85.5),
        ("1.378", GENERIC, ID, 1378),
    ],
)
def test_numbers_read_in_the_documents_style(text, kind, style, value):
    parsed = parse_number(text, kind, style)
    assert parsed.value == pytest.approx(value) and parsed.repair is None and parsed.warning is None


def test_english_money_was_read_a_thousand_times_too_large_the_indonesian_way():
    assert parse_number("452,750,000.00", MONEY, ID).value == 452_750_000_000  # what a wrong style does
    assert parse_number("452,750,000.00", MONEY, EN).value == 452_750_000


def test_a_repair_in_an_english_document_names_the_number_as_printed():
    parsed = parse_number("31,015,1250", MONEY, EN)
    assert parsed.value == 310_151_250 and parsed.repair == "31,015,1250 read as 310151250"


@pytest.mark.parametrize(
    ("cells", "style"),
    [
        (["23,665,554,229.00", "89.16%", "452,750,000"], EN),
        (["1.378.000", "85,50", "23.665.554.229"], ID),
        (["86.92", "3.5", "100"], ID),  # nothing that only one style can print: Indonesian, the usual
        (["452,750,000", "1.378.000"], ID),  # evidence both ways: the usual style wins
        ([], ID),
    ],
)
def test_style_inferred_from_shapes_only_one_style_prints(cells, style):
    assert infer_style(cells)[0] is style


def test_the_document_style_reaches_value_cells():
    with number_style(EN):
        assert parse_value("Rp 1,250,000.00", MONEY).value == 1_250_000
        assert parse_value("89.16%").value == pytest.approx(89.16)
    assert parse_value("Rp 1.250.000,00", MONEY).value == 1_250_000  # outside the block: Indonesian again


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside this checkout")
def test_diskanlaut_lkip_lampiran_printed_the_english_way_budgets_read_as_printed():
    from kinerja.document_job import process_document

    name = "OPD_Jabar_Diskanlaut_PencapaianTargetKinerja_2016.pdf"
    result = process_document((REALDOCS / name).read_bytes(), name)
    assert any("numbers read the English way" in w for w in result.document["warnings"])
    budgets = [(r["uraian"] or "", r["anggaran"], r["repairs"]) for r in result.indicators
               if r["anggaran"] is not None and r["page"] == 2]

    def budget(start: str) -> tuple[float, list[str]]:
        found = [(value, repairs) for name, value, repairs in budgets if name.startswith(start)]
        return found[0]

    # page 2, Anggaran (Rp): 484,720,000.00 / 394,250,000.00 / 1,000,000,000.00, read off the page
    assert budget("Kegiatan Pelatihan Budidaya Ikan Patin dan Lele") == (484_720_000, [])
    assert budget("Kegiatan Pelatihan Budidaya Ikan Mas dan Nila") == (394_250_000, [])
    assert budget("Kegiatan GAPURA UTARA: Pembenahan Budidaya") == (1_000_000_000, [])


@pytest.mark.parametrize(
    ("printed", "kind", "value"),
    [
        ("1.83O.632.226", MONEY, 1_830_632_226),  # O for 0 between digit groups
        ("Rp 1.83O.632.226", MONEY, 1_830_632_226),
        ("l00%", GENERIC, 100),  # l for 1 leading digits
        ("8S,5O", PERCENT, 85.5),
        ("1 830 632 226", MONEY, 1_830_632_226),  # spaces between a budget's digit groups
    ],
)
def test_ocr_slips_inside_numbers_repaired_and_said_so(printed, kind, value):
    read = parse_value(printed, kind)
    assert read.value == pytest.approx(value) and read.raw == printed
    assert read.repair.startswith(f"{printed} read as ") and "OCR" in read.repair


@pytest.mark.parametrize(
    ("printed", "value", "satuan"),
    [("5 SOP", 5, "SOP"), ("100 Lembaga", 100, "Lembaga"), ("16 Orang/Bulan", 16, "Orang/Bulan"),
     ("2 Dokumen", 2, "Dokumen")],
)
def test_letters_beside_a_number_are_no_slip(printed, value, satuan):
    read = parse_value(printed)
    assert (read.value, read.satuan, read.repair) == (value, satuan, None)


def test_a_lone_letter_is_not_turned_into_a_digit():
    assert parse_value("O").value is None and parse_value("B").label == "B"
