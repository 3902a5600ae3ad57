"""A self-contained `report.html`: summary, SVG charts and filterable findings per document.

Inspectors open it from a USB stick or an e-mail attachment, often offline, so it has no server, no network,
no CDN and no web fonts: CSS, SVG and a little vanilla JS are inline. Indonesian comes first, English second.
Every piece of document text goes through html.escape.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from kinerja.views import PAGES_DIR, view_href
from kinerja.views.coverage import STATUS_NAMES, coverage, status_counts

from .rules import OUTLIER_Z, RULES, AuditData, doc_targets, fmt

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_NAMES = {"error": ("Galat", "Error"), "warning": ("Peringatan", "Warning"), "info": ("Info", "Info")}
SEVERITY_COLORS = {"error": "#b91c1c", "warning": "#b45309", "info": "#1d4ed8"}
MAX_ROWS = 20_000
"""Findings rows rendered; beyond this the page gets slow, and the parquet file holds them all."""

CSS = """
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#ffffff; --soft:#f9fafb; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0 auto; padding: 1.5rem; max-width: 1400px; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .25rem; }
.en { color: var(--muted); font-weight: normal; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 9rem;
        background: var(--soft); }
.card .n { font-size: 1.5rem; font-weight: 600; } .card .l { font-size: .85rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { border: 1px solid var(--line); padding: .35rem .45rem; vertical-align: top; text-align: left; }
th { background: var(--soft); position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; padding: 0 .4rem; border-radius: 3px; color: #fff; font-size: .8rem; }
.sev-error { background: #b91c1c; } .sev-warning { background: #b45309; } .sev-info { background: #1d4ed8; }
code, .cells li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82rem; }
.cells { margin: 0; padding-left: 1rem; } .msg-en { color: var(--muted); margin-top: .2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; } .chart { flex: 1 1 560px; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: .75rem 0;
            position: sticky; top: 0; background: var(--bg); padding: .4rem 0; z-index: 2; }
.controls input, .controls select { font: inherit; padding: .3rem .45rem; }
.src { color: var(--muted); font-size: .82rem; margin: 0 0 .4rem; } .hidden { display: none; }
.note { color: var(--muted); font-size: .88rem; }
a.card { color: inherit; text-decoration: none; } a.card:hover { border-color: #9ca3af; }
.reading { display: inline-block; margin-top: .25rem; padding: 0 .3rem; border-radius: 3px; font-size: .75rem;
           background: #ede9fe; color: #5b21b6; }
a.view { white-space: nowrap; } a.bar-link { cursor: pointer; } a.bar-link:hover rect { opacity: .8; }
table.coverage { margin-bottom: 1rem; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
"""

JS = """
(function () {
  var q = document.getElementById('f-text');
  var rule = document.getElementById('f-rule');
  var sev = document.getElementById('f-sev');
  var shown = document.getElementById('f-count');
  function apply() {
    var text = (q.value || '').toLowerCase().trim();
    var r = rule.value, s = sev.value, total = 0;
    var docs = document.querySelectorAll('section.doc');
    for (var i = 0; i < docs.length; i++) {
      var rows = docs[i].querySelectorAll('tbody tr'), visible = 0;
      for (var j = 0; j < rows.length; j++) {
        var tr = rows[j];
        var ok = (!r || tr.getAttribute('data-rule') === r) && (!s || tr.getAttribute('data-sev') === s) &&
                 (!text || tr.textContent.toLowerCase().indexOf(text) !== -1 ||
                  docs[i].getAttribute('data-doc-text').indexOf(text) !== -1);
        tr.classList.toggle('hidden', !ok);
        if (ok) { visible++; }
      }
      docs[i].classList.toggle('hidden', visible === 0);
      total += visible;
    }
    shown.textContent = String(total);
  }
  var links = document.querySelectorAll('a.bar-link');
  for (var k = 0; k < links.length; k++) {
    links[k].addEventListener('click', function (ev) {
      var a = ev.currentTarget;
      rule.value = a.getAttribute('data-rule') || '';
      q.value = a.getAttribute('data-text') || '';
      sev.value = '';
      apply();
    });
  }
  q.addEventListener('input', apply);
  rule.addEventListener('change', apply);
  sev.addEventListener('change', apply);
  apply();
  document.body.setAttribute('data-ready', '1');
})();
"""


def esc(x: object) -> str:
    """Escape for HTML text and attributes; None and NaN print as nothing."""
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA:
        return ""
    return html.escape(str(x), quote=True)


def _bi(id_: str, en: str) -> str:
    return f'{esc(id_)} <span class="en">/ {esc(en)}</span>'


# ----------------------------------------------------------------------------------------------------
# SVG charts


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    color: str
    tooltip: str = ""
    href: str = ""
    """Where clicking the bar goes (the findings it counts); `data-*` filters ride along in `filters`."""
    filters: tuple[tuple[str, str], ...] = ()


def wrap_label(text: str, width: int) -> list[str]:
    """A label broken into lines of at most `width` characters at spaces (a longer word gets a line of its own):
    labels are never cut off."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _label_svg(lines: Sequence[str], x: float, y_mid: float, size: int, line_h: float, extra: str = "") -> str:
    first = y_mid - (len(lines) - 1) * line_h / 2 + size * 0.35
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * line_h:.1f}">{esc(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text text-anchor="end" font-size="{size}"{extra}>{spans}</text>'


def bar_chart(bars: Sequence[Bar], title: str, *, width: int = 640, label_width: int = 260) -> str:
    """A horizontal bar chart as inline SVG; long labels wrap onto more lines, each bar can link to its findings."""
    top, line_h, chars = 8, 14.0, max(12, int(label_width / 6.6))
    wrapped = [wrap_label(b.label, chars) for b in bars]
    heights = [max(22.0, 8 + len(w) * line_h) for w in wrapped]
    height = int(top * 2 + (sum(heights) if bars else 22))
    vmax = max([b.value for b in bars] + [1.0])
    plot = width - label_width - 60
    parts = [
        f'<svg role="img" class="bar-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{esc(title)}</title>'
    ]
    if not bars:
        parts.append(f'<text x="10" y="{top + 14}" fill="#6b7280">Tidak ada temuan / No findings</text>')
    y = float(top)
    for b, lines, row in zip(bars, wrapped, heights, strict=True):
        mid = y + row / 2
        w = max(1.0, plot * b.value / vmax) if b.value > 0 else 0.0
        body = (
            f"<title>{esc(b.tooltip or b.label)}: {fmt(b.value)}</title>"
            f"{_label_svg(lines, label_width - 6, mid, 12, line_h)}"
            f'<rect x="{label_width}" y="{mid - 8:.1f}" width="{w:.1f}" height="16" fill="{b.color}"></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{mid + 4:.1f}" font-size="12">{fmt(b.value)}</text>'
        )
        if b.href:
            data = "".join(f' data-{esc(k)}="{esc(v)}"' for k, v in b.filters)
            parts.append(f'<a href="{esc(b.href)}" class="bar-link"{data}>{body}</a>')
        else:
            parts.append(f"<g>{body}</g>")
        y += row
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Strip:
    """One indicator's targets across documents, for the spread chart."""

    label: str
    unit: str
    values: np.ndarray
    outlier: np.ndarray
    names: tuple[str, ...] = ()
    """Per dot: the kecamatan and document it comes from, so an outlier says whose it is."""


def robust_outliers(values: np.ndarray) -> np.ndarray:
    """The same robust test as TARGET-OUTLIER, so the chart marks what the rule reports."""
    med = np.median(values)
    dev = np.abs(values - med)
    mad = np.median(dev)
    if mad > 0:
        return 0.6745 * dev / mad > OUTLIER_Z
    mean_ad = dev.mean()
    if mean_ad == 0:
        return np.zeros(len(values), dtype=bool)
    return (dev / (1.253314 * mean_ad) > OUTLIER_Z) & (dev >= 0.1 * abs(med))


def strip_chart(strips: Sequence[Strip], title: str, *, width: int = 900) -> str:
    """Targets per indicator as dots (one per document) over a box from quartile 1 to 3, median marked.

    Each strip has its own scale: the indicators' units differ, and only the spread within one matters.
    """
    label_w, right = 300, 70
    plot = width - label_w - right
    wrapped = [wrap_label(s.label, 44) for s in strips]
    rows = [max(46.0, 22 + 12 * len(lines)) for lines in wrapped]
    height = int(16 + (sum(rows) if strips else 46))
    parts = [
        f'<svg role="img" class="strip-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{esc(title)}</title>'
    ]
    if not strips:
        parts.append('<text x="10" y="24" fill="#6b7280">Belum cukup data / Not enough data</text>')
    y0 = 8.0
    for s, lines, row in zip(strips, wrapped, rows, strict=True):
        mid = y0 + row / 2
        y0 += row
        lo, hi = float(np.min(s.values)), float(np.max(s.values))
        span = hi - lo if hi > lo else max(abs(hi), 1.0)
        base = lo if hi > lo else lo - span / 2

        def x(v: float, base: float = base, span: float = span) -> float:
            return label_w + plot * (v - base) / span

        q1, med, q3 = (float(v) for v in np.percentile(s.values, [25, 50, 75]))
        parts.append(
            f"<g><title>{esc(s.label)} ({esc(s.unit)}): n={len(s.values)}, median {fmt(med)}</title>"
            f"{_label_svg(lines, label_w - 8, mid - 6, 11, 12.0)}"
            f'<text x="{label_w - 8}" y="{mid + 6 + len(lines) * 6:.1f}" text-anchor="end" font-size="10" '
            f'fill="#6b7280">{esc(s.unit)} · n={len(s.values)}</text>'
            f'<line x1="{label_w}" x2="{label_w + plot}" y1="{mid}" y2="{mid}" stroke="#e5e7eb"></line>'
            f'<rect x="{x(q1):.1f}" y="{mid - 9}" width="{max(1.0, x(q3) - x(q1)):.1f}" height="18" '
            f'fill="#dbeafe" stroke="#93c5fd"></rect>'
            f'<line x1="{x(med):.1f}" x2="{x(med):.1f}" y1="{mid - 11}" y2="{mid + 11}" stroke="#1e3a8a" '
            f'stroke-width="2"></line>'
        )
        for j, (v, out) in enumerate(zip(s.values, s.outlier, strict=True)):
            jitter = ((j * 7919) % 13 - 6) * 1.1
            color = "#b91c1c" if out else "#374151"
            who = f"{s.names[j]}: " if j < len(s.names) else ""
            parts.append(
                f'<circle cx="{x(float(v)):.1f}" cy="{mid + jitter:.1f}" r="{3.5 if out else 2.5}" '
                f'fill="{color}" fill-opacity="{0.9 if out else 0.5}"><title>{esc(who)}{fmt(float(v))}'
                f"{' (pencilan / outlier)' if out else ''}</title></circle>"
            )
        parts.append(
            f'<text x="{label_w + plot + 6}" y="{mid + 4}" font-size="10" fill="#6b7280">'
            f"{esc(fmt(lo))}–{esc(fmt(hi))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def target_strips(data: AuditData, top: int = 8, min_docs: int = 3) -> list[Strip]:
    """The most common canonical indicators (by number of documents), each with its per-document targets."""
    dt = doc_targets(data)
    if dt.empty:
        return []
    dt = dt[~dt["unit_conflict"]].assign(sat_norm=lambda d: d["sat_norm"].fillna(""))
    counts = dt.groupby(["key", "sat_norm"])["doc_id"].nunique().sort_values(ascending=False, kind="stable")
    doc_names = document_names(data.documents)
    out = []
    for key, unit in counts[counts >= min_docs].index[:top]:
        sub = dt[(dt["key"] == key) & (dt["sat_norm"] == unit)]
        values = sub["value"].to_numpy(dtype=float)
        name = sub["indikator"].dropna()
        label = str(name.mode().iloc[0]) if len(name) else str(key)
        names = tuple(doc_names.get(d, str(d)[:12]) for d in sub["doc_id"])
        out.append(Strip(label, unit or "-", values, robust_outliers(values), names))
    return out


# ----------------------------------------------------------------------------------------------------
# Page

STATUS_COLORS = {"ok": "#15803d", "partial": "#b45309", "no_tables": "#6b7280", "failed": "#b91c1c"}
READING_ERROR = ("kemungkinan salah baca", "likely a reading error")
READING_ATTR = ' data-reading="1"'
RUPIAH_SIZED = 10_000
"""A "percentage" this large is a Rupiah amount read into the wrong column, not an ambitious target."""


def document_names(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id → "Kecamatan · file.pdf", how a person recognises a document in a chart's tooltip."""
    out = {}
    for row in documents.drop_duplicates("doc_id").itertuples(index=False):
        kec = row.kecamatan if isinstance(row.kecamatan, str) and row.kecamatan else "(tanpa nama)"
        out[row.doc_id] = f"{kec} · {Path(str(row.source_path)).name}"
    return out


_READ_AS = re.compile(r"(\S+) read as (-?\d+)")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def likely_reading_error(finding: pd.Series) -> bool:
    """Whether a finding more likely comes from a misread cell than from an inconsistent document.

    A Rupiah-sized number in a percentage column (a budget read into the TW I result column), or a repair that
    changed the number's magnitude (`38.290.00` read as 38290000: a digit was added, not regrouped).
    """
    rule = finding.get("rule")
    if rule == "PCT-OVER-100":
        observed = str(finding.get("observed") or "").replace("%", "").replace(".", "").replace(",", ".").strip()
        try:
            return float(observed) >= RUPIAH_SIZED
        except ValueError:
            return False
    if rule == "VALUE-REPAIRED":
        m = _READ_AS.search(str(finding.get("message") or ""))
        if m:
            printed = re.sub(r"[.,]\d{1,2}$", "", m.group(1))  # printed decimals (`,00`) are not magnitude
            return _digits(printed) != len(m.group(2).lstrip("-"))
    return False


def _summary(findings: pd.DataFrame, data: AuditData, cov: pd.DataFrame) -> str:
    sev_counts = findings["severity"].value_counts()
    reading = int(findings.apply(likely_reading_error, axis=1).sum()) if len(findings) else 0
    cards = [
        (len(data.documents), "Dokumen", "Documents", "#cakupan"),
        (len(data.indicators), "Baris indikator", "Indicator rows", ""),
        (len(data.periods), "Baris periode", "Period rows", ""),
        (len(findings), "Temuan", "Findings", "#temuan"),
    ] + [(int(sev_counts.get(s, 0)), *SEVERITY_NAMES[s], "#temuan") for s in SEVERITY_ORDER] + [
        (reading, "Kemungkinan salah baca", "Likely reading errors", "#temuan")]
    card_html = "".join(
        f'<a class="card" href="{h}"><div class="n">{fmt(n)}</div><div class="l">{_bi(a, b)}</div></a>' if h else
        f'<div class="card"><div class="n">{fmt(n)}</div><div class="l">{_bi(a, b)}</div></div>'
        for n, a, b, h in cards
    )
    by = findings.groupby(["rule", "severity"]).size() if len(findings) else pd.Series(dtype=int)
    rows = []
    for rule in RULES.values():
        n = int(by.get((rule.id, rule.severity), 0)) if len(by) else 0
        rows.append(
            f"<tr><td><code>{esc(rule.id)}</code></td><td>{esc(rule.title)}<div class='msg-en'>"
            f"{esc(rule.title_en)}</div></td><td><span class='sev sev-{esc(rule.severity)}'>"
            f"{esc(rule.severity)}</span></td><td class='num'>{fmt(n)}</td></tr>"
        )
    return (
        f'<section id="ringkasan"><h2>{_bi("Ringkasan", "Summary")}</h2><div class="cards">{card_html}</div>'
        f"{_coverage_tiles(cov)}"
        f'<table class="summary"><thead><tr><th>{_bi("Aturan", "Rule")}</th><th>{_bi("Nama", "Name")}</th>'
        f"<th>{_bi('Tingkat', 'Severity')}</th><th>{_bi('Temuan', 'Findings')}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _coverage_tiles(cov: pd.DataFrame) -> str:
    tiles = "".join(
        f'<a class="card status status-{esc(s)}" href="#cakupan-{esc(s)}" style="border-left:4px solid '
        f'{STATUS_COLORS.get(s, "#6b7280")}"><div class="n">{fmt(n)}</div>'
        f'<div class="l">{_bi(*STATUS_NAMES.get(s, (s, s)))}</div></a>'
        for s, n in status_counts(cov).items()
    )
    return f'<div class="cards coverage-tiles">{tiles}</div>'


def _coverage_section(cov: pd.DataFrame) -> str:
    """Every document not read fully, by status, with the reason and its unplaced cells: none goes missing."""
    blocks = []
    for status in ("failed", "no_tables", "partial"):
        sub = cov[cov["status"] == status]
        name = _bi(*STATUS_NAMES[status])
        if sub.empty:
            blocks.append(f'<h3 id="cakupan-{status}">{name} <span class="en">(0)</span></h3>')
            continue
        rows = "".join(
            f"<tr data-status='{esc(status)}'><td><a href='{esc(view_href(r.doc_id, r.source_path))}'>"
            f"{esc(r.file)}</a><div class='msg-en'>{esc(r.source_path)}</div></td>"
            f"<td>{esc(r.kecamatan)}</td><td class='num'>{fmt(r.rows)}</td><td class='num'>{fmt(r.unplaced)}</td>"
            f"<td class='num'>{fmt(r.unread)}</td><td>{esc(r.reason)}</td></tr>"
            for r in sub.itertuples(index=False)
        )
        blocks.append(
            f'<h3 id="cakupan-{status}">{name} <span class="en">({fmt(len(sub))})</span></h3>'
            f'<table class="coverage"><thead><tr><th>{_bi("Berkas", "File")}</th><th>Kecamatan</th>'
            f"<th>{_bi('Baris', 'Rows')}</th><th>{_bi('Sel tidak terpakai', 'Unplaced cells')}</th>"
            f"<th>{_bi('Sel tak terbaca', 'Unread cells')}</th><th>{_bi('Alasan', 'Reason')}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    ok = int((cov["status"] == "ok").sum())
    return (
        f'<section id="cakupan"><h2>{_bi("Cakupan", "Coverage")}</h2>'
        f'<p class="note">{fmt(len(cov))} dokumen: {fmt(ok)} terbaca penuh; yang lain di bawah ini dengan alasannya. '
        f'<span class="en">/ {fmt(len(cov))} documents: {fmt(ok)} read fully; every other one is listed below with '
        f"the reason.</span> Tampilan halaman / page views: <code>kinerja inspect DIR</code> → "
        f"<code>{PAGES_DIR}/</code></p>{''.join(blocks)}</section>"
    )


def _charts(findings: pd.DataFrame, data: AuditData) -> str:
    per_rule = findings["rule"].value_counts()
    rule_bars = [
        Bar(
            r,
            float(n),
            SEVERITY_COLORS.get(RULES[r].severity if r in RULES else "info", "#6b7280"),
            RULES[r].title_en if r in RULES else r,
            "#temuan",
            (("rule", str(r)),),
        )
        for r, n in per_rule.items()
    ]
    names = document_names(data.documents)
    unnamed = findings["kecamatan"].isna() | (findings["kecamatan"].astype(str).str.strip() == "")
    who = findings["kecamatan"].where(~unnamed, findings["doc_id"].map(
        lambda d: f"(tanpa nama) {names.get(d, str(d)[:12]).split(' · ', 1)[-1]}"))
    kec = who.value_counts().head(20)
    kec_bars = [
        Bar(str(k), float(n), "#4b5563", href="#temuan",
            filters=(("text", str(k).removeprefix("(tanpa nama) ").lower()),))
        for k, n in kec.items()
    ]
    strips = target_strips(data)
    per_kec = _bi("Temuan per kecamatan (20 teratas)", "Findings per kecamatan (top 20)")
    return (
        f'<section id="grafik"><h2>{_bi("Grafik", "Charts")}</h2>'
        f'<p class="note">Klik batang untuk melihat temuannya. <span class="en">/ Click a bar to see its findings.'
        f"</span></p><div class='charts'>"
        f'<div class="chart"><h3>{_bi("Temuan per aturan", "Findings per rule")}</h3>'
        f"{bar_chart(rule_bars, 'Temuan per aturan / Findings per rule')}</div>"
        f'<div class="chart"><h3>{per_kec}</h3>'
        f"{bar_chart(kec_bars, 'Temuan per kecamatan / Findings per kecamatan')}</div></div>"
        f'<div class="chart"><h3>'
        f"{_bi('Sebaran target antar kecamatan', 'Spread of targets across kecamatan')}"
        f'</h3><p class="note">Satu titik per dokumen (arahkan kursor: kecamatan dan berkasnya); kotak = kuartil 1–3, '
        f"garis = median; merah = pencilan (skor-z robust &gt; {OUTLIER_Z}). <span class='en'>/ One dot per "
        f"document (hover: its kecamatan and file); box = quartiles 1–3, line = median; red = outlier "
        f"(robust z &gt; {OUTLIER_Z}).</span></p>"
        f"{strip_chart(strips, 'Sebaran target / Spread of targets')}</div></section>"
    )


def _location(row: pd.Series, href: str) -> str:
    """Where the finding is, as a person counts (table 1, row 1), linked to the page view at that row."""
    parts = []
    if not pd.isna(row["table_index"]):
        parts.append(f"tabel {int(row['table_index']) + 1}")
    if not pd.isna(row["row_index"]):
        parts.append(f"baris {int(row['row_index']) + 1}")
    if not pd.isna(row["page"]):
        parts.append(f"hal. {int(row['page'])}")
    if not pd.isna(row["line"]):
        parts.append(f"line {int(row['line'])}")
    cells = row.get("cell_range")
    if isinstance(cells, str) and cells:  # Word and Excel originals: where the row's cells are
        sheet = row.get("sheet")
        parts.append(f"{sheet}!{cells}" if isinstance(sheet, str) and sheet else f"sel {cells}")
    text = esc(" · ".join(parts)) or "—"
    return f'<a class="view" href="{esc(href)}" title="buka tampilan halaman / open the page view">{text}</a>'


def _finding_row(row: pd.Series, source_path: str) -> str:
    cells = row["cells"]
    cells = list(cells) if cells is not None and not isinstance(cells, float) else []
    cell_html = "<ul class='cells'>" + "".join(f"<li>{esc(c)}</li>" for c in cells) + "</ul>" if cells else ""
    sev = str(row["severity"])
    href = view_href(row["doc_id"], source_path, row["table_index"], row["row_index"], row["page"])
    reading = likely_reading_error(row)
    badge = f"<div><span class='reading'>{_bi(*READING_ERROR)}</span></div>" if reading else ""
    return (
        f'<tr data-rule="{esc(row["rule"])}" data-sev="{esc(sev)}"{READING_ATTR if reading else ""}>'
        f"<td><span class='sev sev-{esc(sev)}'>{esc(sev)}</span>{badge}</td>"
        f"<td><code>{esc(row['rule'])}</code></td><td>{_location(row, href)}</td><td>{esc(row['indikator'])}</td>"
        f"<td>{esc(row['message'])}<div class='msg-en'>{esc(row['message_en'])}</div></td>"
        f"<td>{cell_html}</td><td>{esc(row['expected'])}</td><td>{esc(row['observed'])}</td></tr>"
    )


def _findings_section(findings: pd.DataFrame, data: AuditData, max_rows: int) -> str:
    docs = data.documents.drop_duplicates("doc_id").set_index("doc_id")
    f = findings.assign(_sev=findings["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)}).fillna(9))
    note = ""
    if len(f) > max_rows:
        f = f.sort_values(["_sev", "doc_id"], kind="stable").head(max_rows)
        note = (
            f'<p class="note">Hanya {fmt(max_rows)} dari {fmt(len(findings))} temuan ditampilkan '
            "(galat lebih dulu); "
            f"semua ada di findings/part-0.parquet. <span class='en'>/ Only {fmt(max_rows)} of "
            f"{fmt(len(findings))} findings are shown (errors first); all are in findings/part-0.parquet."
            "</span></p>"
        )
    f = f.sort_values(["doc_id", "table_index", "row_index", "_sev"], kind="stable", na_position="last")
    rule_opts = "".join(f'<option value="{esc(r.id)}">{esc(r.id)} — {esc(r.title)}</option>' for r in RULES.values())
    sev_opts = "".join(f'<option value="{s}">{_bi(*SEVERITY_NAMES[s])}</option>' for s in SEVERITY_ORDER)
    controls = (
        '<div class="controls">'
        f'<label>{_bi("Cari", "Search")} <input type="search" id="f-text" '
        'placeholder="kata, indikator, kecamatan… / word, indicator…"></label>'
        f'<label>{_bi("Aturan", "Rule")} <select id="f-rule"><option value="">'
        f"Semua / All</option>{rule_opts}</select></label>"
        f'<label>{_bi("Tingkat", "Severity")} <select id="f-sev"><option value="">Semua / All</option>'
        f"{sev_opts}</select></label>"
        f'<span><span id="f-count">{fmt(len(f))}</span> '
        f"{_bi('temuan ditampilkan', 'findings shown')}</span></div>"
    )
    head = (
        f"<thead><tr><th>{_bi('Tingkat', 'Severity')}</th><th>{_bi('Aturan', 'Rule')}</th>"
        f"<th>{_bi('Lokasi', 'Location')}</th><th>Indikator</th><th>{_bi('Pesan', 'Message')}</th>"
        f"<th>{_bi('Sel tercetak', 'Printed cells')}</th><th>{_bi('Diharapkan', 'Expected')}</th>"
        f"<th>{_bi('Teramati', 'Observed')}</th></tr></thead>"
    )
    blocks = []
    for doc_id, grp in f.groupby("doc_id", sort=False):
        meta = docs.loc[doc_id] if doc_id in docs.index else None
        kec = meta["kecamatan"] if meta is not None else grp["kecamatan"].dropna().head(1).squeeze()
        src = str(meta["source_path"]) if meta is not None else ""
        bits = [
            str(kec) if isinstance(kec, str) and kec else f"(tanpa nama) {Path(src).name or str(doc_id)[:12]}",
            *([meta["kabupaten"]] if meta is not None and isinstance(meta["kabupaten"], str) else []),
            *([str(int(meta["tahun"]))] if meta is not None and not pd.isna(meta["tahun"]) else []),
            *([meta["doc_type"]] if meta is not None and isinstance(meta["doc_type"], str) else []),
        ]
        doc_text = " ".join(str(b) for b in bits) + " " + src + " " + str(doc_id)
        blocks.append(
            f'<section class="doc" data-doc="{esc(doc_id)}" data-doc-text="{esc(doc_text.lower())}">'
            f"<h3>{esc(' · '.join(bits))} <span class='en'>({fmt(len(grp))} temuan / findings)</span></h3>"
            f'<p class="src"><a href="{esc(view_href(doc_id, src))}">{esc(src)}</a> · '
            f"<code>{esc(str(doc_id)[:16])}</code></p>"
            f'<table class="findings">{head}<tbody>{"".join(_finding_row(r, src) for _, r in grp.iterrows())}'
            f"</tbody></table></section>"
        )
    if not blocks:
        blocks.append(f'<p class="note">{_bi("Tidak ada temuan.", "No findings.")}</p>')
    return (
        f'<section id="temuan"><h2>{_bi("Temuan per dokumen", "Findings per document")}</h2>{note}{controls}'
        f"{''.join(blocks)}</section>"
    )


def render_report(findings: pd.DataFrame, data: AuditData, *, max_rows: int = MAX_ROWS) -> str:
    """The whole report as one HTML string."""
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cov = coverage(data.documents, data.indicators)
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Laporan Audit Kinerja / Performance Audit Report</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{_bi('Laporan Audit Kinerja', 'Performance Audit Report')}</h1>"
        f'<p class="note">Dibuat / Generated {esc(generated)} · kinerja.audit · '
        f"{fmt(len(RULES))} aturan / rules</p></header>"
        f"{_summary(findings, data, cov)}{_coverage_section(cov)}{_charts(findings, data)}"
        f"{_findings_section(findings, data, max_rows)}"
        f"<script>{JS}</script></body></html>"
    )


__all__ = ["Bar", "Strip", "bar_chart", "likely_reading_error", "render_report", "strip_chart", "target_strips"]
