"""report.html: well-formed, self-contained (no network), bilingual, escaped; summary, charts, findings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pandas as pd
import pytest

from kinerja.audit import prepare
from kinerja.audit.report import render_report
from kinerja.audit.rules import conform
from kinerja.schema import to_arrow

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TagChecker(HTMLParser):
    """Every non-void element closed in order; collects tags and attributes for the assertions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _data() -> tuple[pd.DataFrame, object]:
    docs = [
        dict(
            doc_id=f"k{i}",
            source_path=f"ra_{i}.pdf",
            status="ok",
            schema_version="1.0",
            kecamatan=f"Kec {i}",
            kabupaten="Luwu Timur",
            tahun=2024,
            doc_type="rencana_aksi",
        )
        for i in range(4)
    ]
    inds = [
        dict(
            doc_id=f"k{i}",
            table_index=0,
            row_index=0,
            table_kind="perjanjian_kinerja",
            indikator="Indeks Kepuasan Masyarakat (IKM)",
            satuan="Nilai",
            target=t,
            target_raw=str(t),
        )
        for i, t in enumerate([85, 90, 88, 8.5])
    ]
    data = prepare(to_arrow("documents", docs).to_pandas(), to_arrow("indicators", inds).to_pandas(), None)
    findings = conform(
        pd.DataFrame(
            [
                dict(
                    doc_id="k0",
                    table_index=0,
                    row_index=0,
                    rule="TARGET-MISMATCH",
                    severity="error",
                    message="Target 'IKM <script>alert(1)</script>' adalah 90",
                    message_en="Target is 90 not 95",
                    expected="95",
                    observed="90",
                    page=3,
                    line=120,
                    cells=["Tujuan/Sasaran: 90", "IKU: 95"],
                    indikator="Indeks Kepuasan Masyarakat (IKM)",
                    kecamatan="Kec 0",
                ),
                dict(
                    doc_id="k1",
                    table_index=2,
                    row_index=5,
                    rule="BUDGET-TW-SUM",
                    severity="error",
                    message="Jumlah anggaran triwulan Rp 171.000.000",
                    message_en="Quarterly budgets add up",
                    expected="jumlah TW = Rp 42.750.000",
                    observed="= Rp 171.000.000",
                    page=None,
                    line=400,
                    cells=["Anggaran: 42.750.000", "TW I: 42.750.000"],
                    indikator="Jumlah Laporan",
                    kecamatan="Kec 1",
                ),
                dict(
                    doc_id="k1",
                    table_index=None,
                    row_index=None,
                    rule="VALUE-REPAIRED",
                    severity="warning",
                    message="Angka salah cetak diperbaiki: 31.015.1250 read as 310151250",
                    message_en="A misprinted number was repaired",
                    expected="dibaca sebagai 310151250",
                    observed="31.015.1250",
                    cells=["31.015.1250"],
                    kecamatan="Kec 1",
                ),
            ]
        )
    )
    return findings, data


def test_report_is_well_formed_and_self_contained():
    findings, data = _data()
    page = render_report(findings, data)
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    lowered = page.lower()
    assert "http://" not in lowered and "https://" not in lowered
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert not [a for tag, a in checker.tags if tag in ("script", "img", "iframe") and a.get("src")]


def test_report_has_bilingual_summary_svg_charts_and_findings_table():
    findings, data = _data()
    page = render_report(findings, data)
    checker = TagChecker()
    checker.feed(page)
    text = " ".join(checker.text)
    assert "Ringkasan" in text and "Summary" in text and "Temuan" in text and "Findings" in text
    svgs = [a for tag, a in checker.tags if tag == "svg"]
    assert {a.get("class") for a in svgs} >= {"bar-chart", "strip-chart"}
    assert ("table", {"class": "findings"}) in checker.tags
    rows = [a for tag, a in checker.tags if tag == "tr" and "data-rule" in a]
    assert sorted(r["data-rule"] for r in rows) == ["BUDGET-TW-SUM", "TARGET-MISMATCH", "VALUE-REPAIRED"]
    assert {"f-text", "f-rule", "f-sev"} <= {a.get("id") for _, a in checker.tags}
    assert "31.015.1250" in text and "Rp 42.750.000" in text  # printed cells next to expected values
    assert "4" in text  # documents counted in the summary


def test_document_text_is_escaped():
    findings, data = _data()
    page = render_report(findings, data)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_strip_chart_marks_the_ikm_target_8_5_as_outlier_in_red():
    findings, data = _data()
    page = render_report(findings, data)
    strip = page[page.index('class="strip-chart"') :]
    strip = strip[: strip.index("</svg>")]
    assert strip.count("<circle") == 4
    assert strip.count('fill="#b91c1c"') == 1


def test_report_without_findings_still_renders():
    _, data = _data()
    page = render_report(conform(pd.DataFrame(columns=["doc_id"])), data)
    checker = TagChecker()
    checker.feed(page)
    assert checker.errors == [] and "Tidak ada temuan" in page and "<svg" in page


class RowCollector(HTMLParser):
    """Finding rows per document section, with their data attributes and text, as the script sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.docs: list[dict] = []
        self.row: dict | None = None
        self.script: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("class") == "doc":
            self.docs.append({"text": a.get("data-doc-text", ""), "rows": []})
        elif tag == "tr" and "data-rule" in a:
            self.row = {"rule": a["data-rule"], "sev": a["data-sev"], "text": ""}
            self.docs[-1]["rows"].append(self.row)
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.row = None
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.row is not None:
            self.row["text"] += data
        if self.in_script:
            self.script.append(data)


NODE_HARNESS = r"""
const spec = JSON.parse(require('fs').readFileSync(0, 'utf8'));
function classes() {
  const s = new Set();
  return { toggle(c, on) { if (on) { s.add(c); } else { s.delete(c); } }, contains(c) { return s.has(c); } };
}
function node(attrs, text, children) {
  return { attrs, textContent: text, classList: classes(), children,
           getAttribute(n) { return this.attrs[n]; }, querySelectorAll() { return this.children; } };
}
const listeners = {};
function control(id) { return { value: '', addEventListener(ev, fn) { listeners[id] = fn; } }; }
const byId = { 'f-text': control('f-text'), 'f-rule': control('f-rule'), 'f-sev': control('f-sev'),
               'f-count': { textContent: '' } };
const docs = spec.docs.map(d => node({ 'data-doc-text': d.text }, '',
  d.rows.map(r => node({ 'data-rule': r.rule, 'data-sev': r.sev }, r.text, []))));
const body = { attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } };
global.document = { getElementById: id => byId[id], querySelectorAll: sel => sel === 'section.doc' ? docs : [],
                    body };
eval(spec.js);
const shown = () => ({ count: byId['f-count'].textContent,
  rows: docs.map(d => d.children.map(r => !r.classList.contains('hidden'))),
  docs: docs.map(d => !d.classList.contains('hidden')) });
const out = { ready: body.attrs['data-ready'], all: shown() };
byId['f-rule'].value = 'BUDGET-TW-SUM'; listeners['f-rule'](); out.rule = shown();
byId['f-rule'].value = ''; byId['f-sev'].value = 'warning'; listeners['f-sev'](); out.sev = shown();
byId['f-sev'].value = ''; byId['f-text'].value = '42.750'; listeners['f-text'](); out.text = shown();
byId['f-text'].value = 'kec 0'; listeners['f-text'](); out.doc = shown();
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the report's inline script")
def test_report_script_filters_rows_by_rule_severity_and_text():
    findings, data = _data()
    collector = RowCollector()
    collector.feed(render_report(findings, data))
    spec = {"docs": collector.docs, "js": "".join(collector.script)}
    done = subprocess.run(
        ["node", "-e", NODE_HARNESS],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # documents k0 (TARGET-MISMATCH) and k1 (BUDGET-TW-SUM, VALUE-REPAIRED), in that order
    assert out["ready"] == "1"
    assert out["all"] == {"count": "3", "rows": [[True], [True, True]], "docs": [True, True]}
    assert out["rule"] == {"count": "1", "rows": [[False], [True, False]], "docs": [False, True]}
    assert out["sev"] == {"count": "1", "rows": [[False], [False, True]], "docs": [False, True]}
    assert out["text"] == {"count": "1", "rows": [[False], [True, False]], "docs": [False, True]}
    assert out["doc"]["rows"] == [[True], [False, False]]


def _finding(**values):
    base = dict(doc_id="k2", table_index=1, row_index=3, rule="PCT-OVER-100", severity="warning", message="m",
                message_en="m", expected="≤ 100%", observed="101%", page=2, line=None, cells=["101%"],
                indikator="Persentase capaian", kecamatan="Kec 2")
    base.update(values)
    return base


def test_outlier_dots_name_their_kecamatan_and_document():
    findings, data = _data()
    page = render_report(findings, data)
    strip = page[page.index('class="strip-chart"'):]
    strip = strip[: strip.index("</svg>")]
    assert "<title>Kec 3 · ra_3.pdf: 8,5 (pencilan / outlier)</title>" in strip
    assert "<title>Kec 0 · ra_0.pdf: 85</title>" in strip


def test_locations_count_tables_and_rows_from_1_and_open_the_page_view_at_the_row():
    findings, data = _data()
    page = render_report(findings, data)
    # TARGET-MISMATCH of k0 is at table_index 0, row_index 0, page 3
    link = re.search(r'<a class="view" href="pages/ra_0_k0\.html#r-0-0"[^>]*>([^<]*)</a>', page)
    assert link and link.group(1) == "tabel 1 · baris 1 · hal. 3 · line 120"
    assert 'href="pages/ra_1_k1.html#r-2-5"' in page  # BUDGET-TW-SUM at table_index 2, row_index 5


def test_long_bar_labels_wrap_instead_of_being_cut_off():
    from kinerja.audit.report import Bar, bar_chart

    label = "Kecamatan Ciputat Timur (Kota Tangerang Selatan) · RKT Perubahan 2023 dokumen kedua"
    svg = bar_chart([Bar(label, 3, "#000")], "t", label_width=200)
    spans = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert len(spans) >= 2 and " ".join(spans) == label and "…" not in svg


def test_unnamed_kecamatan_bars_say_which_document_and_link_to_its_findings():
    findings, data = _data()
    findings = conform(pd.concat([findings, conform(pd.DataFrame([_finding(kecamatan=None)]))], ignore_index=True))
    page = render_report(findings, data)
    bars = re.findall(r'<a href="#temuan" class="bar-link" data-text="([^"]*)">.*?<tspan[^>]*>([^<]*)</tspan>', page)
    assert ("ra_2.pdf", "(tanpa nama) ra_2.pdf") in bars
    assert re.search(r'class="bar-link" data-rule="PCT-OVER-100"', page)


def test_a_rupiah_amount_in_a_percentage_column_and_a_magnitude_repair_are_labelled_reading_errors():
    from kinerja.audit.report import likely_reading_error

    rupiah = pd.Series(_finding(observed="1.378.000%"))
    ambitious = pd.Series(_finding(observed="120%"))
    added_digit = pd.Series(_finding(rule="VALUE-REPAIRED",
                                     message="Angka salah cetak diperbaiki (TW II): 38.290.00 read as 38290000."))
    regrouped = pd.Series(_finding(rule="VALUE-REPAIRED",
                                   message="Angka salah cetak diperbaiki: 31.015.1250 read as 310151250."))
    assert likely_reading_error(rupiah) and likely_reading_error(added_digit)
    assert not likely_reading_error(ambitious) and not likely_reading_error(regrouped)
    findings, data = _data()
    findings = conform(pd.DataFrame([_finding(observed="1.378.000%")]))
    page = render_report(findings, data)
    assert 'data-reading="1"' in page and "kemungkinan salah baca" in page
