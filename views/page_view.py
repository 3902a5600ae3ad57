"""`kinerja inspect`: one self-contained HTML page per document showing where every value came from.

Each page of the source is drawn (PDF pages rendered by pypdfium2; text and office files shown as the tables that
were read from them) with the detected table grid, every indicator row's box and every value cell's box over it,
and the extracted rows beside it. Hovering or clicking a row lights up its boxes; each value shows the text it was
printed as, the number it was read as, and any repair or warning. Cells that fit no column are drawn in their own
colour. No server, no network: CSS, SVG, images and a little vanilla JS are inline, so the file can be e-mailed.

The rows shown are the dataset's (what the audit is about). The grid and the cells of each row come from reading
the source again with the same extractor and normaliser, checked against the document's id (its sha256).
"""

from __future__ import annotations

import hashlib
import html
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..extract import headers as h
from ..extract import read_document
from ..extract.model import Cell, ExtractedDocument
from ..normalize.document import UNPLACED, CellUse, normalize_document
from ..normalize.numbers import NumberKind
from ..normalize.values import parse_value
from . import PAGES_DIR, row_anchor, view_name

ANNUAL_ROLES = ((h.TARGET, "target"), (h.TARGET_AKHIR, "target"), (h.REALISASI, "realisasi"),
                (h.CAPAIAN, "capaian"), (h.ANGGARAN, "anggaran"))
"""Column roles whose first non-empty cell is the row's annual value (as the normaliser reads them)."""
KINDS = {"capaian": NumberKind.PERCENT, "anggaran": NumberKind.MONEY, "realisasi_anggaran": NumberKind.MONEY}


def esc(x: object) -> str:
    """Escape for HTML text and attributes; None and NaN print as nothing."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    return html.escape(str(x), quote=True)


def _num(x: object) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.0f}".replace(",", ".") if v.is_integer() else f"{v:,.4f}".rstrip("0").replace(",", "_").replace(
        ".", ",").replace("_", ".")


def _text(x: object) -> str | None:
    """A string cell of a frame, or None (pandas gives NaN for a missing string)."""
    return x if isinstance(x, str) and x else None


def _float(x: object) -> float | None:
    return None if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) else float(x)  # type: ignore


def _list(x: object) -> list:
    if x is None or isinstance(x, float):
        return []
    return list(x)  # type: ignore[call-overload]


def _box(x: object) -> tuple[float, float, float, float] | None:
    values = _list(x)
    if len(values) != 4 or any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values):
        return None
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


# ----------------------------------------------------------------------------------------------------
# What one view shows


@dataclass
class Value:
    """One value of a row as the page view lists it."""

    key: str
    measure: str
    period: str
    raw: str | None
    value: float | None
    label: str | None
    repair: str | None
    warning: str | None
    page: int | None
    bbox: tuple[float, float, float, float] | None


@dataclass
class RowView:
    table_index: int
    row_index: int
    record: dict[str, Any]
    values: list[Value] = field(default_factory=list)
    boxes: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    """The row's box on each page it is printed on."""

    @property
    def key(self) -> str:
        return f"{self.table_index}-{self.row_index}"

    @property
    def pages(self) -> list[int]:
        return sorted(self.boxes)


@dataclass
class SourceRead:
    """The source read again: its tables (the grid) and which row each cell went to."""

    extracted: ExtractedDocument | None = None
    uses: list[CellUse] = field(default_factory=list)
    data: bytes | None = None
    is_pdf: bool = False
    note: str | None = None
    """Why the source could not be shown or read (missing, changed since ingest, unreadable)."""


def read_source(document: dict[str, Any], overrides: frozenset = frozenset()) -> SourceRead:
    """The document's source bytes, checked against its id, re-read into tables and cell uses."""
    from ..normalize.coding import matcher_for

    paths = [str(document["source_path"]), *[p for p in _list(document.get("source_paths")) if p]]
    path, data, error = Path(paths[0]), None, None
    for candidate in dict.fromkeys(paths):  # the same bytes may be known under several names
        try:
            path, data = Path(candidate), Path(candidate).read_bytes()
            break
        except OSError as exc:
            error = error or exc
    if data is None:
        reason = getattr(error, "strerror", None) or error
        return SourceRead(note=f"{path}: source file cannot be read ({reason}); rows only, no page")
    is_pdf = b"%PDF-" in data[:1024]
    if hashlib.sha256(data).hexdigest() != document["doc_id"]:
        return SourceRead(data=data if is_pdf else None, is_pdf=is_pdf,
                          note=f"{path}: the file changed since it was ingested; boxes are not drawn "
                               "(run `kinerja ingest` again)")
    if document.get("status") == "failed":
        return SourceRead(data=data if is_pdf else None, is_pdf=is_pdf, note=str(document.get("error") or "failed"))
    try:
        extracted = read_document(data, str(path))
        normalized = normalize_document(extracted, str(document["doc_id"]), matcher_for(overrides))
    except Exception as exc:  # the view shows what it can; the reason is printed on the page
        return SourceRead(data=data if is_pdf else None, is_pdf=is_pdf,
                          note=f"{path}: cannot be read again ({type(exc).__name__}: {exc})")
    return SourceRead(extracted, normalized.cells, data if is_pdf else None, is_pdf)


def _warning(raw: str | None, measure: str) -> str | None:
    if not raw:
        return None
    return parse_value(raw, KINDS.get(measure, NumberKind.GENERIC)).warning


def row_views(indicators: pd.DataFrame, periods: pd.DataFrame, uses: Sequence[CellUse]) -> list[RowView]:
    """The dataset's rows of one document, each with its values and its boxes on every page."""
    by_row: dict[tuple[int, int], list[CellUse]] = defaultdict(list)
    for use in uses:
        by_row[(use.table_index, use.row_index)].append(use)
    period_groups = {k: g for k, g in periods.groupby(["table_index", "row_index"], sort=False)} if len(periods) else {}
    out = []
    for record in indicators.sort_values(["table_index", "row_index"]).to_dict("records"):
        t, r = int(record["table_index"]), int(record["row_index"])
        view = RowView(t, r, record)
        row_uses = by_row.get((t, r), [])
        for measure in dict.fromkeys(m for _, m in ANNUAL_ROLES):
            raw = _text(record.get(f"{measure}_raw"))
            if raw is None:
                continue
            roles = {role for role, m in ANNUAL_ROLES if m == measure}
            cells = [u.cell for u in row_uses if u.role in roles and u.cell.text.strip()]
            cell = next((c for c in cells if " ".join(c.text.split()) == raw), cells[0] if cells else None)
            view.values.append(Value(
                f"{t}-{r}-{measure}", measure, "tahunan", raw, _float(record.get(measure)),
                _text(record.get(f"{measure}_label")), None, _warning(raw, measure),
                cell.page if cell else None, cell.bbox if cell else None))
        repairs = [x for x in _list(record.get("repairs")) if x]
        for v in view.values:  # the annual values' repairs are in the row's list
            v.repair = next((x for x in repairs if v.raw and v.raw.strip() in x), None)
        group = period_groups.get((t, r))
        if group is not None:
            for i, p in enumerate(group.to_dict("records")):
                page = None if pd.isna(p["page"]) else int(p["page"])
                view.values.append(Value(
                    f"{t}-{r}-p{i}", str(p["measure"]), str(p["period"]), _text(p["raw"]), _float(p["value"]),
                    _text(p["label"]), _text(p["repair"]), _warning(_text(p["raw"]), str(p["measure"])), page,
                    _box(p.get("bbox"))))
        boxes: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
        for use in row_uses:
            if use.cell.page is not None and use.cell.bbox is not None:
                boxes[use.cell.page].append(use.cell.bbox)
        if not boxes and _box(record.get("bbox")) is not None and not pd.isna(record.get("page")):
            boxes[int(record["page"])].append(_box(record["bbox"]))  # type: ignore[arg-type]
        view.boxes = {page: _union(bs) for page, bs in boxes.items()}
        out.append(view)
    return out


def _union(boxes: Iterable[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


# ----------------------------------------------------------------------------------------------------
# HTML

CSS = """
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --soft:#f9fafb; --row:#2563eb; --val:#059669;
        --unplaced:#db2777; --grid:#9ca3af; --hl:#facc15; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg);
       display: grid; grid-template-rows: auto 1fr; grid-template-columns: minmax(0, 1fr) minmax(380px, 34%);
       line-height: 1.35; }
header { grid-column: 1 / 3; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header h1 { font-size: 1.1rem; margin: 0; } .en { color: var(--muted); font-weight: normal; }
.meta, .note { color: var(--muted); font-size: .85rem; margin: .15rem 0; } .note.bad { color: #b91c1c; }
.legend span { display: inline-block; margin-right: .9rem; font-size: .8rem; }
.legend i { display: inline-block; width: .9rem; height: .7rem; margin-right: .25rem; vertical-align: middle;
            border: 2px solid; }
#pages { overflow: auto; padding: 1rem; background: #e5e7eb; }
#rows { overflow: auto; padding: .5rem .75rem; border-left: 1px solid var(--line); font-size: .85rem; }
.page { position: relative; margin: 0 auto 1rem; max-width: 1400px; background: #fff;
        box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.page img { display: block; width: 100%; height: 100%; position: absolute; inset: 0; }
.page .pno { position: absolute; left: -.2rem; top: -.2rem; background: #111827; color: #fff; font-size: .75rem;
             padding: 0 .35rem; border-radius: 3px; z-index: 3; }
.page svg { position: absolute; inset: 0; width: 100%; height: 100%; z-index: 2; }
svg .grid { fill: none; stroke: var(--grid); stroke-width: .6; vector-effect: non-scaling-stroke; }
svg .tbl { fill: none; stroke: #6b7280; stroke-dasharray: 4 3; stroke-width: 1; vector-effect: non-scaling-stroke; }
svg .row { fill: rgba(37,99,235,.04); stroke: var(--row); stroke-width: 1.2; vector-effect: non-scaling-stroke;
           cursor: pointer; }
svg .val { fill: rgba(5,150,105,.10); stroke: var(--val); stroke-width: 1; vector-effect: non-scaling-stroke;
           cursor: pointer; }
svg .unplaced { fill: rgba(219,39,119,.22); stroke: var(--unplaced); stroke-width: 1.5;
                vector-effect: non-scaling-stroke; }
svg .hl { fill: rgba(250,204,21,.30); stroke: #b45309; stroke-width: 2.5; }
svg .unplaced.hl { fill: rgba(219,39,119,.45); stroke: var(--unplaced); stroke-width: 2.5; }
svg .val.hl2 { fill: rgba(250,204,21,.65); stroke: #92400e; stroke-width: 3; }
.tblhead { margin: .8rem 0 .3rem; font-size: .95rem; }
.rowcard { border: 1px solid var(--line); border-left: 4px solid var(--row); border-radius: 4px; margin: .35rem 0;
           padding: .3rem .45rem; cursor: pointer; background: #fff; }
.rowcard.hl { background: #fefce8; } .rowcard.sel { border-left-color: #b45309; background: #fef9c3; }
.rowcard .head { color: var(--muted); font-size: .78rem; } .rowcard .name { font-weight: 600; }
.rowcard table { border-collapse: collapse; width: 100%; margin-top: .25rem; font-size: .78rem; }
.rowcard th, .rowcard td { border: 1px solid var(--line); padding: .1rem .25rem; text-align: left;
                           vertical-align: top; }
.rowcard td.num { text-align: right; font-variant-numeric: tabular-nums; }
.rowcard tr.hl2 td { background: #fde68a; }
.warn { color: #b45309; } .rep { color: #7c3aed; } .unpl { color: var(--unplaced); }
table.src { border-collapse: collapse; background: #fff; font-size: .8rem; margin: 0 0 1.2rem; }
table.src td { border: 1px solid var(--grid); padding: .15rem .3rem; vertical-align: top; }
table.src td.in-row { box-shadow: inset 0 0 0 1px var(--row); }
table.src td.val { background: rgba(5,150,105,.10); } table.src td.unplaced { background: rgba(219,39,119,.22); }
table.src td.hl { background: rgba(250,204,21,.45); } table.src td.hl2 { background: rgba(250,204,21,.8); }
table.src .ln { color: var(--muted); font-size: .7rem; }
"""

JS = """
(function () {
  var byRow = {}, byVal = {};
  function add(map, k, el) { (map[k] = map[k] || []).push(el); }
  document.querySelectorAll('[data-row]').forEach(function (el) {
    if (!el.classList.contains('rowcard')) { add(byRow, el.getAttribute('data-row'), el); }
  });
  document.querySelectorAll('[data-val]').forEach(function (el) { add(byVal, el.getAttribute('data-val'), el); });
  var imgs = document.querySelectorAll('img[data-src]');
  function load(img) { if (!img.getAttribute('src')) { img.setAttribute('src', img.getAttribute('data-src')); } }
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { load(e.target); io.unobserve(e.target); } });
    }, { root: document.getElementById('pages'), rootMargin: '1200px 0px' });
    imgs.forEach(function (img) { io.observe(img); });
  } else { imgs.forEach(load); }
  function mark(map, k, cls, on) { (map[k] || []).forEach(function (el) { el.classList.toggle(cls, on); }); }
  var selected = null;
  function card(k) { return document.getElementById('r-' + k); }
  function select(k, scrollPage, scrollCard) {
    if (selected) {
      mark(byRow, selected, 'hl', false);
      var old = card(selected); if (old) { old.classList.remove('sel'); }
    }
    selected = k;
    var c = card(k);
    if (!c) { return false; }
    c.classList.add('sel');
    mark(byRow, k, 'hl', true);
    if (scrollCard) { c.scrollIntoView({ block: 'center' }); }
    var target = (byRow[k] || []).filter(function (el) { return el.tagName.toLowerCase() === 'rect' ||
                                                               el.tagName.toLowerCase() === 'td'; })[0];
    if (scrollPage && target) {
      var page = target.closest('.page');
      if (page) { var img = page.querySelector('img[data-src]'); if (img) { load(img); } }
      target.scrollIntoView({ block: 'center', inline: 'center' });
    }
    document.body.setAttribute('data-selected', k);
    return true;
  }
  document.querySelectorAll('.rowcard').forEach(function (c) {
    var k = c.getAttribute('data-row');
    c.addEventListener('mouseenter', function () { c.classList.add('hl'); mark(byRow, k, 'hl', true); });
    c.addEventListener('mouseleave', function () {
      c.classList.remove('hl'); if (k !== selected) { mark(byRow, k, 'hl', false); }
    });
    c.addEventListener('click', function () { history.replaceState(null, '', '#r-' + k); select(k, true, false); });
  });
  document.querySelectorAll('tr[data-val]').forEach(function (tr) {
    var k = tr.getAttribute('data-val');
    tr.addEventListener('mouseenter', function () { mark(byVal, k, 'hl2', true); });
    tr.addEventListener('mouseleave', function () { mark(byVal, k, 'hl2', false); });
  });
  document.querySelectorAll('svg [data-row], table.src [data-row]').forEach(function (el) {
    el.addEventListener('click', function (ev) {
      ev.stopPropagation(); var k = el.getAttribute('data-row');
      history.replaceState(null, '', '#r-' + k); select(k, false, true);
    });
  });
  function fromHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf('r-') === 0) { select(h.slice(2), true, true); }
    else if (h.indexOf('p-') === 0) {
      var p = document.getElementById(h); if (p) { var img = p.querySelector('img[data-src]'); if (img) { load(img); }
      p.scrollIntoView({ block: 'start' }); }
    }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
"""

ROLE_NAMES = {"target": "Target", "realisasi": "Realisasi", "capaian": "Capaian", "anggaran": "Anggaran",
              "realisasi_anggaran": "Realisasi anggaran", "kondisi_awal": "Kondisi awal"}


def _rect(box: tuple[float, float, float, float], cls: str, attrs: str = "", title: str = "") -> str:
    x0, top, x1, bottom = box
    tip = f"<title>{esc(title)}</title>" if title else ""
    return (f'<rect class="{cls}" x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, .5):.1f}" '
            f'height="{max(bottom - top, .5):.1f}"{attrs}>{tip}</rect>')


def _name(record: dict[str, Any]) -> str:
    for key in ("indikator", "uraian", "sasaran", "tujuan"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return value
    return "(tanpa nama / unnamed)"


def _row_card(view: RowView) -> str:
    rec = view.record
    pages = view.pages or ([int(rec["page"])] if not pd.isna(rec.get("page")) else [])
    where = [f"Tabel {view.table_index + 1}", f"baris {view.row_index + 1}"]
    where += [f"hal. {', '.join(str(p) for p in pages)}"] if pages else []
    if not pd.isna(rec.get("line")):
        where.append(f"line {int(rec['line'])}")
    if isinstance(rec.get("sheet"), str) and rec["sheet"]:
        where.append(f"sheet {rec['sheet']}")
    if isinstance(rec.get("cell_range"), str) and rec["cell_range"]:
        where.append(f"sel {rec['cell_range']}")
    context = [f"{k}: {rec[k]}" for k in ("sasaran", "program", "kegiatan", "uraian")
               if isinstance(rec.get(k), str) and rec[k] and rec[k] != _name(rec)]
    lines = [f'<div class="head">{esc(" · ".join(where))}'
             f'{" · " + esc(rec["level"]) if isinstance(rec.get("level"), str) else ""}'
             f'{" · " + esc(rec["kecamatan"]) if isinstance(rec.get("kecamatan"), str) else ""}</div>',
             f'<div class="name">{esc(_name(rec))}</div>']
    lines += [f'<div class="head">{esc(c)}</div>' for c in context]
    if isinstance(rec.get("satuan"), str):
        lines.append(f'<div class="head">satuan: {esc(rec["satuan"])}</div>')
    if view.values:
        body = []
        for v in view.values:
            notes = (f'<div class="rep">perbaikan / repair: {esc(v.repair)}</div>' if v.repair else "") + (
                f'<div class="warn">{esc(v.warning)}</div>' if v.warning else "")
            body.append(
                f'<tr data-val="{esc(v.key)}"><td>{esc(ROLE_NAMES.get(v.measure, v.measure))}</td>'
                f"<td>{esc(v.period)}</td><td><code>{esc(v.raw)}</code></td>"
                f'<td class="num">{esc(_num(v.value))}</td><td>{esc(v.label)}{notes}</td></tr>')
        lines.append("<table><thead><tr><th>Kolom</th><th>Periode</th><th>Tercetak / printed</th>"
                     "<th>Angka / read as</th><th>Label, perbaikan, peringatan</th></tr></thead>"
                     f"<tbody>{''.join(body)}</tbody></table>")
    for w in _list(rec.get("warnings")):
        cls = "unpl" if "fits no column" in str(w) else "warn"
        lines.append(f'<div class="{cls}">⚠ {esc(w)}</div>')
    return (f'<div class="rowcard" id="{row_anchor(view.table_index, view.row_index)}" data-row="{view.key}">'
            f'{"".join(lines)}</div>')


def _rows_panel(views: Sequence[RowView]) -> str:
    if not views:
        return '<p class="note">Tidak ada baris indikator. <span class="en">/ No indicator rows.</span></p>'
    parts, current = [], None
    for view in views:
        if view.table_index != current:
            current = view.table_index
            kind = view.record.get("table_kind")
            parts.append(f'<h3 class="tblhead">Tabel {current + 1}'
                         f'{" · " + esc(kind) if isinstance(kind, str) else ""}</h3>')
        parts.append(_row_card(view))
    return "".join(parts)


def _pdf_pages(source: SourceRead, views: Sequence[RowView], pages: Sequence[int] | None) -> str:
    from .images import page_sizes, render_pages

    assert source.data is not None
    sizes = page_sizes(source.data)
    wanted = list(range(1, len(sizes) + 1)) if not pages else [p for p in pages if 1 <= p <= len(sizes)]
    overlays: dict[int, list[str]] = defaultdict(list)
    draw_boxes = source.extracted is not None
    if draw_boxes:
        for table in source.extracted.tables:  # type: ignore[union-attr]
            per_page: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
            for segment in table.segments:
                for row in [*segment.header, *segment.rows]:
                    for cell in row.cells:
                        if cell.page is not None and cell.bbox is not None:
                            overlays[cell.page].append(_rect(cell.bbox, "grid"))
                            per_page[cell.page].append(cell.bbox)
            for page, boxes in per_page.items():
                overlays[page].append(_rect(_union(boxes), "tbl", f' data-table="{table.index}"',
                                            f"Tabel {table.index + 1}"))
    for view in views:
        name = _name(view.record)
        for page, box in view.boxes.items() if draw_boxes else ():
            overlays[page].append(_rect(box, "row", f' data-row="{view.key}"',
                                        f"Tabel {view.table_index + 1} baris {view.row_index + 1}: {name}"))
        for v in view.values:
            if v.bbox is not None and v.page is not None and draw_boxes:
                overlays[v.page].append(_rect(
                    v.bbox, "val", f' data-row="{view.key}" data-val="{esc(v.key)}"',
                    f"{ROLE_NAMES.get(v.measure, v.measure)} {v.period}: {v.raw} → {_num(v.value)}"))
    for use in source.uses if draw_boxes else ():
        if use.role == UNPLACED and use.cell.page is not None and use.cell.bbox is not None:
            overlays[use.cell.page].append(_rect(
                use.cell.bbox, "unplaced", f' data-row="{use.table_index}-{use.row_index}"',
                f"tidak masuk kolom mana pun / fits no column: {use.cell.text}"))
    out = []
    images = render_pages(source.data, wanted)
    for image in images:
        w, hgt = image.width, image.height
        out.append(
            f'<div class="page" id="p-{image.number}" style="aspect-ratio: {w:.2f} / {hgt:.2f}">'
            f'<span class="pno">hal. {image.number}</span>'
            f'<img alt="halaman {image.number}" data-src="{image.data_uri}" width="{w:.0f}" height="{hgt:.0f}">'
            f'<svg viewBox="0 0 {w:.2f} {hgt:.2f}" preserveAspectRatio="none" data-page="{image.number}">'
            f'{"".join(overlays.get(image.number, []))}</svg></div>'
        )
    return "".join(out)


def _cell_key(cell: Cell) -> tuple:
    return (cell.page, cell.bbox, cell.line, getattr(cell, "ref", None), cell.col, cell.text)


def _table_pages(source: SourceRead, pages: Sequence[int] | None) -> str:
    """Text and office sources: each table as it was read, cells placed on their columns, tagged with their row."""
    assert source.extracted is not None
    owner: dict[tuple, CellUse] = {}
    for use in source.uses:
        owner.setdefault(_cell_key(use.cell), use)
    out = []
    for table in source.extracted.tables:
        if pages and table.page not in pages:
            continue
        rows_html = []
        for segment in table.segments:
            for row in [*segment.header, *segment.rows]:
                ncols = max((c.col + c.colspan for c in row.cells), default=0)
                tds, col = [], 0
                for cell in row.cells:
                    if cell.col > col:
                        tds.append(f'<td colspan="{cell.col - col}"></td>')
                    use = owner.get(_cell_key(cell))
                    attrs = ""
                    if use is not None:
                        cls = "unplaced" if use.role == UNPLACED else ("val" if ":" in use.role or use.role in {
                            r for r, _ in ANNUAL_ROLES} else "in-row")
                        attrs = f' class="{cls}" data-row="{use.table_index}-{use.row_index}"'
                    ref = getattr(cell, "ref", None)
                    where = f"line {cell.line}" if cell.line is not None else (f"sel / cell {ref}" if ref else "")
                    tds.append(f'<td colspan="{cell.colspan}"{attrs} title="{esc(where)}">{esc(cell.text)}</td>')
                    col = cell.col + cell.colspan
                if ncols:
                    rows_html.append(f"<tr>{''.join(tds)}</tr>")
        sheet = getattr(table, "sheet", None)
        out.append(f'<h3 class="tblhead">Tabel {table.index + 1}{" · sheet " + esc(sheet) if sheet else ""}'
                   f'{": " + esc(table.title) if table.title else ""}'
                   f'</h3><table class="src" data-table="{table.index}"><tbody>{"".join(rows_html)}</tbody></table>')
    if not out:
        out.append('<p class="note">Tidak ada tabel terbaca. <span class="en">/ No table was read.</span></p>')
    return "".join(out)


def render_view(document: dict[str, Any], views: Sequence[RowView], source: SourceRead,
                pages: Sequence[int] | None = None) -> str:
    """The page view of one document as one HTML string."""
    name = Path(str(document["source_path"])).name
    status = str(document.get("status") or "")
    facts = [status, *(str(document[k]) for k in ("kecamatan", "kabupaten", "doc_type")
                      if isinstance(document.get(k), str))]
    if not pd.isna(document.get("tahun")):
        facts.append(str(int(document["tahun"])))
    notes = []
    if source.note:
        notes.append(f'<p class="note bad">{esc(source.note)}</p>')
    if isinstance(document.get("error"), str) and document["error"] and document["error"] != source.note:
        notes.append(f'<p class="note bad">{esc(document["error"])}</p>')
    unplaced = sum(1 for u in source.uses if u.role == UNPLACED)
    legend = (
        '<p class="legend"><span><i style="border-color:#9ca3af"></i>grid tabel / table grid</span>'
        '<span><i style="border-color:#2563eb"></i>baris indikator / indicator row</span>'
        '<span><i style="border-color:#059669"></i>sel nilai / value cell</span>'
        f'<span><i style="border-color:#db2777;background:rgba(219,39,119,.22)"></i>sel tidak terpakai / unplaced '
        f"cell ({unplaced})</span></p>"
    )
    if source.data is not None and source.is_pdf:
        try:
            body = _pdf_pages(source, views, pages)
        except Exception as exc:  # locked, truncated: say so on the page, the rows are still listed
            body = (f'<p class="note bad">Halaman tidak dapat digambar / the pages cannot be drawn: '
                    f"{esc(type(exc).__name__)}: {esc(exc)}</p>")
    elif source.extracted is not None:
        body = _table_pages(source, pages)
    else:
        body = ('<p class="note">Sumber tidak dapat ditampilkan. '
                '<span class="en">/ The source cannot be shown.</span></p>')
    shown = [v for v in views if not pages or set(v.pages or [v.record.get("page")]) & set(pages)]
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(name)} · kinerja inspect</title><style>{CSS}</style></head>"
        f'<body data-doc="{esc(document["doc_id"])}"><header><h1>{esc(name)} '
        f'<span class="en">· {len(views)} baris / rows</span></h1>'
        f'<p class="meta">{esc(" · ".join(facts))} · <code>{esc(str(document["doc_id"])[:16])}</code> · '
        f'{esc(document["source_path"])}</p>{"".join(notes)}{legend}</header>'
        f'<main id="pages">{body}</main><aside id="rows">{_rows_panel(shown)}</aside>'
        f"<script>{JS}</script></body></html>"
    )



# ----------------------------------------------------------------------------------------------------
# The command's work


def find_documents(documents: pd.DataFrame, wanted: str | None) -> pd.DataFrame:
    """The documents `--doc` names: a doc_id (or its start), a file name, or a file name's stem; all if None."""
    if wanted is None:
        return documents
    w = wanted.strip().lower()
    ids = documents["doc_id"].str.lower()
    names = documents["source_path"].map(lambda p: Path(str(p)).name.lower())
    stems = documents["source_path"].map(lambda p: Path(str(p)).stem.lower())
    for mask in (ids == w, (ids.str.startswith(w)) & (len(w) >= 6), names == w, stems == w,
                 names.str.contains(w, regex=False)):
        if mask.any():
            return documents[mask]
    return documents.iloc[0:0]


def write_views(out_dir: Path, doc: str | None = None, page: int | None = None,
                overrides: frozenset = frozenset()) -> list[Path]:
    """Write DIR/pages/<file>_<id>.html for the chosen documents; returns the paths written."""
    from ..store import read_frame

    out_dir = Path(out_dir)
    documents = find_documents(read_frame(out_dir, "documents"), doc)
    if doc is not None and documents.empty:
        raise LookupError(f"{out_dir}: no document matches {doc!r} (give a doc_id, a file name or part of one)")
    indicators = read_frame(out_dir, "indicators")
    periods = read_frame(out_dir, "periods")
    ind_groups = dict(tuple(indicators.groupby("doc_id", sort=False))) if len(indicators) else {}
    per_groups = dict(tuple(periods.groupby("doc_id", sort=False))) if len(periods) else {}
    target = out_dir / PAGES_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for document in documents.to_dict("records"):
        doc_id = document["doc_id"]
        source = read_source(document, overrides)
        views = row_views(ind_groups.get(doc_id, indicators.iloc[0:0]), per_groups.get(doc_id, periods.iloc[0:0]),
                          source.uses)
        page_html = render_view(document, views, source, [page] if page else None)
        path = target / view_name(doc_id, document["source_path"])
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(page_html, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


__all__ = ["RowView", "SourceRead", "find_documents", "read_source", "render_view", "row_views", "write_views"]
