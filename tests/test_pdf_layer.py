"""The PDF page layer (pypdfium2) and the ruled-table finder: the words and cells pdfplumber gives, found faster.

pdfplumber is the reference here, run for real on the same pages: the page layer must give its words (same text,
boxes within a fraction of a point), and the ruled finder its cells. The index structures that make the finder
linear are checked against the plain scans they replace.
"""

from __future__ import annotations

import collections
import csv
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.extract import pdfpage, ruled
from kinerja.extract.layout import WordIndex, nearest, snap, words_in
from kinerja.extract.pdf import read_pdf
from kinerja.extract.pdfpage import Word

from conftest import ROOT, SAMPLES, SHARED

sys.path.insert(0, str(SAMPLES))
import make_bench_pdfs  # the generator of the bench's PDFs, next to the other sample scripts

PDFS = SAMPLES / "pdf"
REALDOCS = SHARED / "realdocs"


def plumber_words(page: pdfplumber.page.Page) -> list[tuple]:
    """Words as the extractor read them before the page layer: pdfplumber's, upright only."""
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname"])
    return [
        (w["text"], w["x0"], w["top"], w["x1"], w["bottom"], "bold" in w["fontname"].lower())
        for w in raw
        if w.get("upright", True)
    ]


def assert_same_words(path: Path, tolerance: float) -> None:
    doc = pdfpage.open_pdf(path.read_bytes())
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == len(doc)
        for index, page in enumerate(pdf.pages):
            theirs = plumber_words(page)
            layer = pdfpage.read_page(doc, index)
            ours = [(w.text, w.x0, w.top, w.x1, w.bottom, w.bold) for w in layer.words]
            where = f"{path.name} page {index + 1}"
            assert collections.Counter(w[0] for w in ours) == collections.Counter(w[0] for w in theirs), where
            assert (layer.width, layer.height) == pytest.approx((float(page.width), float(page.height)), abs=0.01)
            by_text: dict[str, list[tuple]] = collections.defaultdict(list)
            for w in ours:
                by_text[w[0]].append(w)
            for w in theirs:
                match = min(by_text[w[0]], key=lambda o: abs(o[1] - w[1]) + abs(o[2] - w[2]))
                assert match[1:5] == pytest.approx(w[1:5], abs=tolerance), f"{where}: {w[0]!r}"
                assert match[5] == w[5], f"{where}: {w[0]!r} bold"


@pytest.mark.parametrize("name", sorted(p.name for p in PDFS.glob("*.pdf")))
def test_sample_pages_read_to_the_words_pdfplumber_reads(name: str) -> None:
    """Pallangga, Bajeng, Kaligondang (upright and stored rotated /Rotate 90) and Kalaena: every word, its box
    within a quarter point (pdfium's descent for Helvetica differs from the AFM's by 0.22 pt at 6 pt)."""
    assert_same_words(PDFS / name, tolerance=0.25)


REAL_SAME_WORDS = [
    "KEC_Wonogiri_Girimarto_RKT_2020.pdf",
    "KEC_Wonogiri_Batuwarno_Renstra_2016-2021.pdf",
    "KEC_Tangsel_Ciputat-CiputatTimur-Pamulang_RealisasiTriwulan_2023.pdf",
    "OPD_Grobogan_DPUPR_RA_2022.pdf",
    "OPD_Jabar_Inspektorat_RKT_LampiranII_2016.pdf",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_SAME_WORDS)
def test_real_documents_read_to_the_words_pdfplumber_reads(name: str) -> None:
    """Excel exports, browser prints, Word 365 and MS Office exports: the same words, boxes within 1.2 pt (pdfium
    and pdfminer disagree on some fonts' descent)."""
    path = REALDOCS / name
    if not path.exists():
        pytest.skip("real documents not present")
    assert_same_words(path, tolerance=1.2)


def born_digital_real_pdfs() -> list[Path]:
    manifest = REALDOCS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        return [
            REALDOCS / row["file"]
            for row in csv.DictReader(fh, delimiter="\t")
            if row["file"].endswith(".pdf") and "scanned" not in row["born_digital_or_scanned"]
        ]


def plumber_cells(layer: pdfpage.PageLayer) -> list[list[tuple]]:
    """pdfplumber's own table finder (its `find_tables` steps, default settings) on the page layer's edges."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    edges = [
        {"x0": e.x0, "x1": e.x1, "top": e.top, "bottom": e.bottom, "width": e.x1 - e.x0,
         "height": e.bottom - e.top, "orientation": e.orientation, "object_type": e.kind}
        for e in layer.edges(inside=True)
    ]
    edges = filter_edges(edges, "v", min_length=1) + filter_edges(edges, "h", min_length=1)
    edges = filter_edges(merge_edges(edges, 3, 3, 3, 3), min_length=3)
    return [list(t) for t in cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3)))]


@pytest.mark.slow
def test_ruled_finder_gives_pdfplumbers_cells_on_every_real_page() -> None:
    """Every page of the samples and of the born-digital real documents (Tangsel's thousands of cell borders,
    Grobogan's merged cells, Cianjur's shaded headers, Muncar's 85 pages): the same tables, the same cells in
    the same order as pdfplumber's finder."""
    files = sorted(PDFS.glob("*.pdf")) + born_digital_real_pdfs()
    pages = 0
    for path in files:
        doc = pdfpage.open_pdf(path.read_bytes())
        for index in range(len(doc)):
            layer = pdfpage.read_page(doc, index)
            assert ruled.cells_from_edges(layer.edges(inside=True), 3.0) == plumber_cells(layer), (
                f"{path.name} page {index + 1}"
            )
            pages += 1
    assert pages >= 8


@pytest.mark.parametrize("name", ["000_pallangga_ra.pdf", "001_bajeng_pengukuran.pdf", "003_kalaena_ra.pdf"])
def test_ruled_cells_are_the_ones_pdfplumber_finds_on_its_own_strokes(name: str) -> None:
    """Pallangga, Bajeng, Kalaena: the strokes read by pdfium give the cells pdfplumber's `find_tables` gives
    from pdfminer's strokes (within a hundredth of a point)."""
    data = (PDFS / name).read_bytes()
    doc = pdfpage.open_pdf(data)
    with pdfplumber.open(PDFS / name) as pdf:
        for index, page in enumerate(pdf.pages):
            theirs = [t.cells for t in page.within_bbox(page.bbox).find_tables({"snap_tolerance": 3.0})]
            ours = ruled.cells_from_edges(pdfpage.read_page(doc, index).edges(inside=True), 3.0)
            assert [len(t) for t in ours] == [len(t) for t in theirs]
            for mine, plumbers in zip(ours, theirs, strict=True):
                for a, b in zip(sorted(mine), sorted(plumbers), strict=True):
                    assert a == pytest.approx(b, abs=0.01)


@pytest.fixture(scope="module")
def bordered() -> bytes:
    return make_bench_pdfs.bordered_page(rows=70, cols=10)


def test_word_style_page_of_2840_rectangles_reads_every_cell(bordered: bytes) -> None:
    """A Word 365 print drawing each side of each cell as its own rectangle (as Tangsel's are): 71 rows × 10
    columns, 2,840 rectangles on one page, read as one table with the header and 70 rows, each value in its
    column."""
    layer = pdfpage.read_page(pdfpage.open_pdf(bordered), 0)
    assert len(layer.rects) == 2840 and layer.edge_count() == 4 * 2840
    doc = read_pdf(bordered, "bordered.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [r.texts() for r in table.header] == [[f"KOLOM {k}" for k in range(10)]]
    assert len(table.rows) == 70
    assert table.rows[0].texts() == [f"r1c{k}" for k in range(10)]
    assert table.rows[69].texts() == [f"r70c{k}" for k in range(10)]
    assert [c.col for c in table.rows[41].cells] == list(range(10))


# --- the indexes against the scans they replace -------------------------------------------------------------

coord = st.floats(min_value=0, max_value=600, allow_nan=False)


@st.composite
def boxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    x0, y0 = draw(coord), draw(coord)
    return (x0, y0, x0 + draw(st.floats(0, 300)), y0 + draw(st.floats(0, 300)))


@st.composite
def word_lists(draw: st.DrawFn) -> list[Word]:
    out = []
    for i, (x0, top, x1, bottom) in enumerate(draw(st.lists(boxes(), max_size=60))):
        out.append(Word(f"w{i}", x0, top, min(x1, x0 + 40), min(bottom, top + 12)))
    return out


@settings(max_examples=150, deadline=None)
@given(word_lists(), st.lists(boxes(), min_size=1, max_size=8))
def test_word_index_finds_exactly_the_words_whose_centre_is_in_the_box(words: list[Word], queries: list) -> None:
    index = WordIndex(words)
    for box in queries:
        assert index.inside(box) == words_in(words, box)


@settings(max_examples=150, deadline=None)
@given(st.lists(boxes(), max_size=40), st.sampled_from([0.0, 1.5, 3.0]))
def test_outermost_keeps_exactly_the_boxes_inside_no_other(cells: list, tol: float) -> None:
    def inside(a: tuple, b: tuple) -> bool:
        return a != b and b[0] - tol <= a[0] and b[1] - tol <= a[1] and a[2] <= b[2] + tol and a[3] <= b[3] + tol

    nested = cells + [(b[0] + 1, b[1] + 1, b[2] - 1, b[3] - 1) for b in cells[:5] if b[2] - b[0] > 2]
    assert ruled._outermost(nested, tol) == [a for a in nested if not any(inside(a, b) for b in nested)]


@given(st.lists(coord, min_size=1, max_size=30), coord)
def test_nearest_grid_line_is_the_first_closest(values: list[float], value: float) -> None:
    lines = snap(values, 3.0)
    assert nearest(lines, value) == min(range(len(lines)), key=lambda i: abs(lines[i] - value))


# --- start-up -----------------------------------------------------------------------------------------------

HEAVY = ("pandas", "pyarrow", "numpy", "pypdfium2", "pdfplumber", "pdfminer", "rapidfuzz", "duckdb", "camelot",
         "kinerja.extract", "kinerja.normalize", "kinerja.pipeline")
_PROBE = """
import sys
from kinerja.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    heavy = sorted({m for m in sys.modules for h in HEAVY if m == h or m.startswith(h + ".")})
    print("LOADED", " ".join(heavy))
"""


def loaded_by(*args: str) -> set[str]:
    code = f"HEAVY = {HEAVY!r}\n{_PROBE}"
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("LOADED"))
    return set(line.split()[1:])


def test_kinerja_help_imports_no_reader_matcher_or_dataframe_library() -> None:
    assert loaded_by("--help") == set()


def test_kinerja_show_reads_the_dataset_without_pdf_readers_or_the_matcher(tmp_path: Path) -> None:
    """`show` needs pyarrow and pandas for the table it prints, nothing of extraction or matching."""
    from kinerja.pipeline import IngestOptions, ingest

    ingest([SAMPLES / "001_f844bdefb17c9d04.txt"], tmp_path / "ds", IngestOptions(workers=1))
    loaded = loaded_by("show", str(tmp_path / "ds"))
    assert {"pandas", "pyarrow"} <= {m.split(".")[0] for m in loaded}
    assert not {m for m in loaded if m.split(".")[0] in {"pypdfium2", "pdfplumber", "pdfminer", "rapidfuzz"}}
    assert not {m for m in loaded if m.startswith(("kinerja.extract", "kinerja.normalize", "kinerja.pipeline"))}


def test_kinerja_ingest_reads_documents_in_workers_only(tmp_path: Path) -> None:
    """`kinerja ingest` on the Bajeng pengukuran PDF: the document is read (its rows are in the dataset), yet the
    command's own process never imports a PDF reader, the normaliser or the matcher: those are the workers' (forked
    from a server that imported them once), and a parent that loaded them would spend the cores the workers need."""
    loaded = loaded_by("ingest", str(SAMPLES / "pdf" / "001_bajeng_pengukuran.pdf"), "--out", str(tmp_path / "ds"),
                       "--workers", "1", "--quiet")
    assert not {m for m in loaded if m.split(".")[0] in {"pypdfium2", "pdfplumber", "pdfminer", "rapidfuzz", "camelot"}}
    assert not {m for m in loaded if m.startswith(("kinerja.extract", "kinerja.document_job"))}
    assert not {m for m in loaded if m.startswith("kinerja.normalize.") and m != "kinerja.normalize.overrides"}
    from kinerja.store import read_table

    assert read_table(tmp_path / "ds", "indicators").num_rows > 0
