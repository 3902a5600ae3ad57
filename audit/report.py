"""A self-contained `report.html`: summary, SVG charts and filterable findings per document.

Inspectors open it from a USB stick or an e-mail attachment, often offline, so it has no server, no network,
no CDN and no web fonts: CSS, SVG and a little vanilla JS are inline. Indonesian comes first, English second.
Every piece of document text goes through html.escape.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd

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


def bar_chart(bars: Sequence[Bar], title: str, *, width: int = 640, label_width: int = 230) -> str:
    """A horizontal bar chart as inline SVG (no script, no external resources)."""
    row, top = 22, 8
    height = top * 2 + max(1, len(bars)) * row
    vmax = max([b.value for b in bars] + [1.0])
    plot = width - label_width - 60
    parts = [
        f'<svg role="img" class="bar-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{esc(title)}</title>'
    ]
    if not bars:
        parts.append(f'<text x="10" y="{top + 14}" fill="#6b7280">Tidak ada temuan / No findings</text>')
    for i, b in enumerate(bars):
        y = top + i * row
        w = max(1.0, plot * b.value / vmax) if b.value > 0 else 0.0
        label = b.label if len(b.label) <= 34 else b.label[:33] + "…"
        parts.append(
            f"<g><title>{esc(b.tooltip or b.label)}: {fmt(b.value)}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{esc(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{b.color}"></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" font-size="12">{fmt(b.value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Strip:
    """One indicator's targets across documents, for the spread chart."""

    label: str
    unit: str
    values: np.ndarray
    outlier: np.ndarray


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
    label_w, right, row = 300, 70, 46
    plot = width - label_w - right
    height = 16 + max(1, len(strips)) * row
    parts = [
        f'<svg role="img" class="strip-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{esc(title)}</title>'
    ]
    if not strips:
        parts.append('<text x="10" y="24" fill="#6b7280">Belum cukup data / Not enough data</text>')
    for i, s in enumerate(strips):
        y0 = 8 + i * row
        mid = y0 + row / 2
        lo, hi = float(np.min(s.values)), float(np.max(s.values))
        span = hi - lo if hi > lo else max(abs(hi), 1.0)
        base = lo if hi > lo else lo - span / 2

        def x(v: float, base: float = base, span: float = span) -> float:
            return label_w + plot * (v - base) / span

        q1, med, q3 = (float(v) for v in np.percentile(s.values, [25, 50, 75]))
        label = s.label if len(s.label) <= 44 else s.label[:43] + "…"
        parts.append(
            f"<g><title>{esc(s.label)} ({esc(s.unit)}): n={len(s.values)}, median {fmt(med)}</title>"
            f'<text x="{label_w - 8}" y="{mid - 2}" text-anchor="end" font-size="12">{esc(label)}</text>'
            f'<text x="{label_w - 8}" y="{mid + 12}" text-anchor="end" font-size="10" fill="#6b7280">'
            f"{esc(s.unit)} · n={len(s.values)}</text>"
            f'<line x1="{label_w}" x2="{label_w + plot}" y1="{mid}" y2="{mid}" stroke="#e5e7eb"></line>'
            f'<rect x="{x(q1):.1f}" y="{mid - 9}" width="{max(1.0, x(q3) - x(q1)):.1f}" height="18" '
            f'fill="#dbeafe" stroke="#93c5fd"></rect>'
            f'<line x1="{x(med):.1f}" x2="{x(med):.1f}" y1="{mid - 11}" y2="{mid + 11}" stroke="#1e3a8a" '
            f'stroke-width="2"></line>'
        )
        for j, (v, out) in enumerate(zip(s.values, s.outlier, strict=True)):
            jitter = ((j * 7919) % 13 - 6) * 1.1
            color = "#b91c1c" if out else "#374151"
            parts.append(
                f'<circle cx="{x(float(v)):.1f}" cy="{mid + jitter:.1f}" r="{3.5 if out else 2.5}" '
                f'fill="{color}" fill-opacity="{0.9 if out else 0.5}"><title>{fmt(float(v))}</title></circle>'
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
    out = []
    for key, unit in counts[counts >= min_docs].index[:top]:
        sub = dt[(dt["key"] == key) & (dt["sat_norm"] == unit)]
        values = sub["value"].to_numpy(dtype=float)
        name = sub["indikator"].dropna()
        label = str(name.mode().iloc[0]) if len(name) else str(key)
        out.append(Strip(label, unit or "-", values, robust_outliers(values)))
    return out


# ----------------------------------------------------------------------------------------------------
# Page


def _summary(findings: pd.DataFrame, data: AuditData) -> str:
    sev_counts = findings["severity"].value_counts()
    cards = [
        (len(data.documents), "Dokumen", "Documents"),
        (len(data.indicators), "Baris indikator", "Indicator rows"),
        (len(data.periods), "Baris periode", "Period rows"),
        (len(findings), "Temuan", "Findings"),
    ] + [(int(sev_counts.get(s, 0)), *SEVERITY_NAMES[s]) for s in SEVERITY_ORDER]
    card_html = "".join(
        f'<div class="card"><div class="n">{fmt(n)}</div><div class="l">{_bi(a, b)}</div></div>' for n, a, b in cards
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
        f'<table class="summary"><thead><tr><th>{_bi("Aturan", "Rule")}</th><th>{_bi("Nama", "Name")}</th>'
        f"<th>{_bi('Tingkat', 'Severity')}</th><th>{_bi('Temuan', 'Findings')}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _charts(findings: pd.DataFrame, data: AuditData) -> str:
    per_rule = findings["rule"].value_counts()
    rule_bars = [
        Bar(
            r,
            float(n),
            SEVERITY_COLORS.get(RULES[r].severity if r in RULES else "info", "#6b7280"),
            RULES[r].title_en if r in RULES else r,
        )
        for r, n in per_rule.items()
    ]
    kec = findings["kecamatan"].fillna("(tanpa nama / unnamed)").value_counts().head(20)
    kec_bars = [Bar(str(k), float(n), "#4b5563") for k, n in kec.items()]
    strips = target_strips(data)
    per_kec = _bi("Temuan per kecamatan (20 teratas)", "Findings per kecamatan (top 20)")
    return (
        f'<section id="grafik"><h2>{_bi("Grafik", "Charts")}</h2><div class="charts">'
        f'<div class="chart"><h3>{_bi("Temuan per aturan", "Findings per rule")}</h3>'
        f"{bar_chart(rule_bars, 'Temuan per aturan / Findings per rule')}</div>"
        f'<div class="chart"><h3>{per_kec}</h3>'
        f"{bar_chart(kec_bars, 'Temuan per kecamatan / Findings per kecamatan')}</div></div>"
        f'<div class="chart"><h3>'
        f"{_bi('Sebaran target antar kecamatan', 'Spread of targets across kecamatan')}"
        f'</h3><p class="note">Satu titik per dokumen; kotak = kuartil 1–3, garis = median; merah = pencilan '
        f"(skor-z robust &gt; {OUTLIER_Z}). <span class='en'>/ One dot per document; box = quartiles 1–3, "
        f"line = median; red = outlier (robust z &gt; {OUTLIER_Z}).</span></p>"
        f"{strip_chart(strips, 'Sebaran target / Spread of targets')}</div></section>"
    )


def _location(row: pd.Series) -> str:
    parts = []
    if not pd.isna(row["table_index"]):
        parts.append(f"tabel {int(row['table_index'])}")
    if not pd.isna(row["row_index"]):
        parts.append(f"baris {int(row['row_index'])}")
    if not pd.isna(row["page"]):
        parts.append(f"hal. {int(row['page'])}")
    if not pd.isna(row["line"]):
        parts.append(f"line {int(row['line'])}")
    cells = row.get("cell_range")
    if isinstance(cells, str) and cells:  # Word and Excel originals: where the row's cells are
        sheet = row.get("sheet")
        parts.append(f"{sheet}!{cells}" if isinstance(sheet, str) and sheet else f"sel {cells}")
    return esc(" · ".join(parts)) or "—"


def _finding_row(row: pd.Series) -> str:
    cells = row["cells"]
    cells = list(cells) if cells is not None and not isinstance(cells, float) else []
    cell_html = "<ul class='cells'>" + "".join(f"<li>{esc(c)}</li>" for c in cells) + "</ul>" if cells else ""
    sev = str(row["severity"])
    return (
        f'<tr data-rule="{esc(row["rule"])}" data-sev="{esc(sev)}">'
        f"<td><span class='sev sev-{esc(sev)}'>{esc(sev)}</span></td>"
        f"<td><code>{esc(row['rule'])}</code></td><td>{_location(row)}</td><td>{esc(row['indikator'])}</td>"
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
        bits = [
            str(kec) if isinstance(kec, str) and kec else "(kecamatan tidak diketahui / unknown kecamatan)",
            *([meta["kabupaten"]] if meta is not None and isinstance(meta["kabupaten"], str) else []),
            *([str(int(meta["tahun"]))] if meta is not None and not pd.isna(meta["tahun"]) else []),
            *([meta["doc_type"]] if meta is not None and isinstance(meta["doc_type"], str) else []),
        ]
        src = meta["source_path"] if meta is not None else ""
        doc_text = " ".join(str(b) for b in bits) + " " + str(src or "") + " " + str(doc_id)
        blocks.append(
            f'<section class="doc" data-doc="{esc(doc_id)}" data-doc-text="{esc(doc_text.lower())}">'
            f"<h3>{esc(' · '.join(bits))} <span class='en'>({fmt(len(grp))} temuan / findings)</span></h3>"
            f'<p class="src">{esc(src)} · <code>{esc(str(doc_id)[:16])}</code></p>'
            f'<table class="findings">{head}<tbody>{"".join(_finding_row(r) for _, r in grp.iterrows())}'
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
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Laporan Audit Kinerja / Performance Audit Report</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{_bi('Laporan Audit Kinerja', 'Performance Audit Report')}</h1>"
        f'<p class="note">Dibuat / Generated {esc(generated)} · kinerja.audit · '
        f"{fmt(len(RULES))} aturan / rules</p></header>"
        f"{_summary(findings, data)}{_charts(findings, data)}{_findings_section(findings, data, max_rows)}"
        f"<script>{JS}</script></body></html>"
    )


__all__ = ["Bar", "Strip", "bar_chart", "render_report", "strip_chart", "target_strips"]
