"""The page layer of a born-digital PDF, read with pypdfium2: a page's words, ruling strokes and drawn rectangles.

Everything above this module sees only `PageLayer`: `Word`s (text, box in PDF points with the origin at the top
left of the page as displayed, bold or not, a confidence) and the straight strokes (`Edge`) and rectangles
(`Box`) drawn on the page. Another source of words (OCR of a scan) fills the same structures.

Why pypdfium2 and not pdfplumber: pdfplumber builds one Python dict per character out of pdfminer's layout,
which cost ~70% of the whole ingest; pdfium reads characters and paths in C. The words follow pdfplumber's
`extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["fontname"])` rules (runs of one font, clustered
into lines by top, split at spaces and gaps), and the boxes follow pdfminer's (a character's box is its advance
width by its font size, standing on the font's descent), so the table finders see the words they were tuned on.
pdfplumber is no longer read on the default path: measured on the generated bench set, its per-character
objects were ~70% of the ingest, and its table finder's point-by-point cell search was quadratic on Word exports
that draw every cell border (Tangsel); `ruled.py` reproduces that finder's rules over tuples, giving the same
cells (checked on every real document page by the tests). pdfplumber stays installed for the bench's comparison
and camelot, which uses it.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .model import UnreadableDocument


@dataclass(frozen=True, slots=True)
class Word:
    """A word on a page: text and box in points (top-left origin), bold or not, how sure the reader is of it
    (1.0 for a text layer; an OCR engine's score for recognised words)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False
    conf: float = 1.0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Edge:
    """A straight stroke: a drawn line, a side of a drawn rectangle or a straight piece of another path."""

    orientation: str
    """"h" or "v" (a slanted line counts as "v", as pdfplumber counts it)."""
    x0: float
    top: float
    x1: float
    bottom: float
    kind: str = "line"
    """"line", "rect" or "curve": where the stroke came from."""


@dataclass(frozen=True, slots=True)
class Box:
    """A drawn rectangle: a cell border (Word draws one per cell side), a shading fill or a frame."""

    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool
    stroked: bool
    colour: tuple[int, int, int] | None = None
    """The fill colour (RGB, 0-255) of a filled rectangle: shading tiles share one, rules are dark."""

    def edges(self) -> tuple[Edge, Edge, Edge, Edge]:
        x0, top, x1, bottom = self.x0, self.top, self.x1, self.bottom
        return (
            Edge("h", x0, top, x1, top, "rect"),
            Edge("h", x0, bottom, x1, bottom, "rect"),
            Edge("v", x0, top, x0, bottom, "rect"),
            Edge("v", x1, top, x1, bottom, "rect"),
        )


@dataclass
class PageLayer:
    """What the table finders need of one page."""

    number: int
    """1-based page number."""
    width: float
    height: float
    words: list[Word]
    lines: list[Edge] = field(default_factory=list)
    """Paths of one straight segment."""
    rects: list[Box] = field(default_factory=list)
    """Paths that are one axis-aligned rectangle."""
    curves: list[tuple[tuple[float, float], ...]] = field(default_factory=list)
    """Every other path piece, as its points (control points included, as pdfminer keeps them)."""

    def edge_count(self) -> int:
        """How many straight strokes the page holds (lines, rectangle sides): the cheap test for a ruled table."""
        return len(self.lines) + 4 * len(self.rects)

    def edges(self, inside: bool = False) -> list[Edge]:
        """Every straight stroke; `inside`: only those of objects lying wholly on the page (browser prints draw
        page-sized background boxes that run off the page)."""
        keep = _on_page(self.width, self.height) if inside else None
        out = [e for e in self.lines if keep is None or keep(e.x0, e.top, e.x1, e.bottom)]
        for r in self.rects:
            if keep is None or keep(r.x0, r.top, r.x1, r.bottom):
                out.extend(r.edges())
        for pts in self.curves:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            if keep is not None and not keep(min(xs), min(ys), max(xs), max(ys)):
                continue
            for (ax, ay), (bx, by) in itertools.pairwise(pts):
                if ax == bx or ay == by:
                    kind = "v" if ax == bx else "h"
                    out.append(Edge(kind, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), "curve"))
        return out


def _on_page(width: float, height: float) -> Callable[[float, float, float, float], bool]:
    """Whether a box lies on the page (touching its border counts), with pdfplumber's rule that an object of
    no extent at all is nowhere."""

    def keep(x0: float, top: float, x1: float, bottom: float) -> bool:
        w, h = min(x1, width) - max(x0, 0.0), min(bottom, height) - max(top, 0.0)
        return (
            w >= 0 and h >= 0 and w + h > 0 and x0 >= 0 and top >= 0 and x1 <= width and bottom <= height
        )

    return keep


# --- opening a file ------------------------------------------------------------------------------------------


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes (an empty user password is tried, as viewers do); unreadable input raises."""
    if not data:
        raise UnreadableDocument("empty file (zero bytes)")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument("not a PDF (no %PDF- signature at the start of the file)")
    tail = data[-32768:]  # servers and mail gateways sometimes append a few KB after the end marker
    if b"%%EOF" not in tail and b"startxref" not in tail:
        # pdfium would rebuild a cut file from whatever objects survive and silently read half a table
        raise UnreadableDocument("truncated or damaged PDF (no end-of-file marker: the download was cut short?)")
    try:
        return pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(_open_failure(exc)) from exc


def _open_failure(exc: pdfium.PdfiumError) -> str:
    """Plain words for why pdfium could not open a file."""
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted: a password is needed to open it"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return f"encrypted with an unsupported scheme ({exc})"
    return f"truncated or damaged PDF ({exc})"


def page_count(doc: pdfium.PdfDocument) -> int:
    return len(doc)


# --- a page's characters and words ---------------------------------------------------------------------------

_MADE_UP = frozenset((0x20, 0x0A, 0x0D, 0x02, 0xFFFE))
"""The characters pdfium may generate (word and line breaks, hyphens at line ends)."""
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
X_TOLERANCE = 1.5
"""Points: a gap wider than this between two characters of a line starts a new word."""
Y_TOLERANCE = 2.0
"""Points: characters whose tops differ by more are on different lines."""


class _Display:
    """Page space (PDF user space, origin bottom left) to the page as displayed (origin top left, /Rotate
    applied), the coordinates pdfplumber and every finder above use."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.rotation = page.get_rotation() % 360
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def affine(self) -> tuple[float, float, float, float, float, float]:
        """(ax, bx, cx, ay, by, cy) with display x = ax*x + bx*y + cx and display top = ay*x + by*y + cy."""
        r = self.rotation
        if r == 0:
            return 1.0, 0.0, -self.left, 0.0, -1.0, self.top
        if r == 90:
            return 0.0, 1.0, -self.bottom, 1.0, 0.0, -self.left
        if r == 180:
            return -1.0, 0.0, self.right, 0.0, 1.0, -self.bottom
        return 0.0, -1.0, self.top, -1.0, 0.0, self.right

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x - self.left, self.top - y
        if r == 90:
            return y - self.bottom, x - self.left
        if r == 180:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


_NAME_BUF = ctypes.create_string_buffer(256)


def _fast(name: str, restype: Any, *argtypes: Any) -> Any:
    """pdfium's `name` called through a plain prototype: pypdfium2's typed pointers cost ~3 µs a call in
    ctypes.cast alone, which the per-character loop pays hundreds of thousands of times a document."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_TEXT_OBJECT = _fast("FPDFText_GetTextObject", _VP, _VP, _INT)
_LOOSE_BOX = _fast("FPDFText_GetLooseCharBox", _INT, _VP, _INT, ctypes.POINTER(pdfium_c.FS_RECTF))
_UNICODE = _fast("FPDFText_GetUnicode", ctypes.c_uint, _VP, _INT)
_GENERATED = _fast("FPDFText_IsGenerated", _INT, _VP, _INT)
_OBJECT_FONT = _fast("FPDFTextObj_GetFont", _VP, _VP)
_BASE_FONT_NAME = _fast("FPDFFont_GetBaseFontName", ctypes.c_size_t, _VP, ctypes.c_char_p, ctypes.c_size_t)




def _font(text_object: int) -> tuple[str, int | None]:
    """A text object's font: its base name and its identity (two subsets of one font are two fonts, as in
    pdfminer, whose font names keep the subset tag)."""
    font = _OBJECT_FONT(text_object)
    if not font:
        return "", None
    n = _BASE_FONT_NAME(font, _NAME_BUF, len(_NAME_BUF))
    return _NAME_BUF.raw[: max(0, n - 1)].decode("latin-1"), font


Char = tuple[str, float, float, float, float, bool, str, float, "int | None"]
"""(text, x0, top, x1, bottom, upright, font name, size, font identity)"""


def _page_text(raw: Any, n: int) -> str | None:
    """All n characters in one call (None when the UTF-16 text does not map one to one onto them)."""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _char_rows(page: pdfium.PdfPage, view: _Display) -> list[Char]:
    """The page's characters in content order as `Char` tuples.

    Characters pdfium made up (spaces and line breaks it inferred) are left out:
    words are cut by the same gap rule pdfplumber applies, not by pdfium's guesses.
    """
    textpage = page.get_textpage()
    raw = textpage.raw
    try:
        n = pdfium_c.FPDFText_CountChars(raw)
        if n <= 0:
            return []
        addr = ctypes.cast(raw, _VP).value
        all_text = _page_text(raw, n)
        rect = pdfium_c.FS_RECTF()
        rect_p = ctypes.pointer(rect)
        matrix = pdfium_c.FS_MATRIX()
        text_object, loose_box, unicode_of, is_generated = _TEXT_OBJECT, _LOOSE_BOX, _UNICODE, _GENERATED
        ax, bx, cx, ay, by, cy = view.affine()
        turn = math.radians(view.rotation)
        fonts: dict[int, tuple[str, int | None, float, bool, bool]] = {}
        rows: list[Char] = []
        append = rows.append
        for i in range(n):
            obj = text_object(addr, i)
            if obj is None:
                continue  # made up by pdfium
            code = ord(all_text[i]) if all_text is not None else unicode_of(addr, i)
            if code in _MADE_UP and is_generated(addr, i) == 1:
                continue  # pdfium also makes up spaces and line breaks next to a text object's characters
            if code in (0x02, 0xFFFE):
                text = "-"  # pdfium's mark for a hyphen at the end of a line
            elif code in (0, 0x0A, 0x0D):
                continue
            else:
                text = chr(code)
                text = _LIGATURES.get(text, text)
            font = fonts.get(obj)
            if font is None:
                # one text object has one font, size and direction: read them once
                pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix))
                size = pdfium_c.FPDFText_GetFontSize(raw, i) * math.hypot(matrix.c, matrix.d)
                angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
                cos = math.cos(angle + turn) if angle >= 0 else 1.0
                name, identity = _font(obj)
                font = fonts[obj] = (name, identity, size, abs(cos) > 1e-3, cos > 0 and size > 0)
            loose_box(addr, i, rect_p)
            left, bottom_, right, top_ = rect.left, rect.bottom, rect.right, rect.top
            xa, xb = ax * left + bx * bottom_ + cx, ax * right + bx * top_ + cx
            ya, yb = ay * left + by * bottom_ + cy, ay * right + by * top_ + cy
            x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
            top, bottom = (ya, yb) if ya <= yb else (yb, ya)
            if font[4]:
                # pdfminer's box: the font size tall (scaled by the text matrix), standing on the descent line
                # where pdfium's loose box ends
                top = bottom - font[2]
            append((text, x0, top, x1, bottom, font[3], font[0], font[2], font[1]))
        return rows
    finally:
        textpage.close()


_RUN_KEY = operator.itemgetter(5, 8)
_LINE_ORDER = operator.itemgetter(1, 3)


def chars_to_words(
    chars: Sequence[Char],
    x_tolerance: float = X_TOLERANCE,
    y_tolerance: float = Y_TOLERANCE,
) -> list[Word]:
    """Characters to upright words, by pdfplumber's rules: runs of one font and orientation in content order,
    each clustered into lines by top, each line read left to right and cut at spaces and gaps."""
    words: list[Word] = []
    for (upright, _), run in itertools.groupby(chars, key=_RUN_KEY):
        if not upright:
            continue
        run = list(run)
        bold = "bold" in run[0][6].lower()
        for line in _cluster_by_top(run, y_tolerance):
            line.sort(key=_LINE_ORDER)
            current: list[tuple] = []
            for c in line:
                if c[0].isspace():
                    if current:
                        words.append(_word(current, bold))
                        current = []
                    continue
                if current:
                    prev = current[-1]
                    if c[1] < prev[1] or c[1] > prev[3] + x_tolerance or abs(c[2] - prev[2]) > y_tolerance:
                        words.append(_word(current, bold))
                        current = []
                current.append(c)
            if current:
                words.append(_word(current, bold))
    return words


def _cluster_by_top(chars: list[tuple], tolerance: float) -> list[list[tuple]]:
    """pdfplumber's `cluster_objects(chars, "top", tolerance)`: distinct tops chained within the tolerance."""
    tops = sorted({c[2] for c in chars})
    cluster_of: dict[float, int] = {}
    k, last = -1, None
    for t in tops:
        if last is None or t > last + tolerance:
            k += 1
        cluster_of[t] = k
        last = t
    groups: list[list[tuple]] = [[] for _ in range(k + 1)]
    for c in chars:
        groups[cluster_of[c[2]]].append(c)
    return groups


def _word(chars: Sequence[tuple], bold: bool) -> Word:
    if len(chars) == 1:
        c = chars[0]
        return Word(c[0], c[1], c[2], c[3], c[4], bold)
    return Word(
        "".join([c[0] for c in chars]),
        min([c[1] for c in chars]),
        min([c[2] for c in chars]),
        max([c[3] for c in chars]),
        max([c[4] for c in chars]),
        bold,
    )


# --- a page's paths --------------------------------------------------------------------------------------------

_EPS = 0.01


def _paths(page: pdfium.PdfPage, view: _Display) -> tuple[list[Edge], list[Box], list[tuple[tuple[float, float], ...]]]:
    """Every path of the page (form XObjects included) split into subpaths: one segment → a line, an
    axis-aligned closed four-corner shape → a rectangle, anything else → a curve of its points."""
    lines: list[Edge] = []
    rects: list[Box] = []
    curves: list[tuple[tuple[float, float], ...]] = []
    matrix = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    get_segment = pdfium_c.FPDFPath_GetPathSegment
    get_point = pdfium_c.FPDFPathSegment_GetPoint
    get_type = pdfium_c.FPDFPathSegment_GetType
    get_close = pdfium_c.FPDFPathSegment_GetClose
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    fx_p, fy_p = ctypes.byref(fx), ctypes.byref(fy)
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_p = [ctypes.byref(v) for v in rgba]

    def path(obj: ctypes.c_void_p, outer: tuple[float, ...] | None) -> None:
        pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        if outer is not None:
            m = _compose(m, outer)
        a, b, c, d, e, f = m
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        filled, stroked = fill.value != 0, bool(stroke.value)
        colour = None
        if filled and pdfium_c.FPDFPageObj_GetFillColor(obj, *rgba_p):
            colour = (rgba[0].value, rgba[1].value, rgba[2].value)
        subpath: list[tuple[float, float]] = []
        closed = False
        for s in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = get_segment(obj, s)
            get_point(seg, fx_p, fy_p)
            x, y = fx.value, fy.value
            if get_type(seg) == moveto and subpath:
                _classify(subpath, closed, filled, stroked, lines, rects, curves, colour)
                subpath, closed = [], False
            subpath.append(view.point(a * x + c * y + e, b * x + d * y + f))
            closed = closed or bool(get_close(seg))
        if subpath:
            _classify(subpath, closed, filled, stroked, lines, rects, curves, colour)

    def walk(count: int, get: object, outer: tuple[float, ...] | None) -> None:
        for k in range(count):
            obj = get(k)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                path(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                inner = m if outer is None else _compose(m, outer)
                walk(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                    inner,
                )

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda j: pdfium_c.FPDFPage_GetObject(raw, j), None)
    return lines, rects, curves


def _compose(m: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `m` first, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _classify(
    pts: list[tuple[float, float]],
    closed: bool,
    filled: bool,
    stroked: bool,
    lines: list[Edge],
    rects: list[Box],
    curves: list[tuple[tuple[float, float], ...]],
    colour: tuple[int, int, int] | None = None,
) -> None:
    if len(pts) > 1 and abs(pts[-1][0] - pts[0][0]) < _EPS and abs(pts[-1][1] - pts[0][1]) < _EPS:
        pts = pts[:-1]  # an explicit closing point
        closed = True
    if len(pts) == 2:
        (ax, ay), (bx, by) = pts
        flat = abs(ay - by) < _EPS
        lines.append(
            Edge("h" if flat else "v", min(ax, bx), min(ay, by), max(ax, bx), ay if flat else max(ay, by), "line")
        )
        return
    if len(pts) == 4 and closed:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
        square = (
            abs(x0 - x1) < _EPS and abs(y1 - y2) < _EPS and abs(x2 - x3) < _EPS and abs(y3 - y0) < _EPS
        ) or (abs(y0 - y1) < _EPS and abs(x1 - x2) < _EPS and abs(y2 - y3) < _EPS and abs(x3 - x0) < _EPS)
        if square:
            rects.append(Box(min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2), filled, stroked, colour))
            return
    if len(pts) > 1:
        curves.append(tuple(pts))


# --- the page ------------------------------------------------------------------------------------------------


def read_page(doc: pdfium.PdfDocument, index: int) -> PageLayer:
    """Page `index` (0-based) of an open document: its words and drawn strokes."""
    page = doc[index]
    try:
        view = _Display(page)
        words = chars_to_words(_char_rows(page, view))
        lines, rects, curves = _paths(page, view)
        return PageLayer(index + 1, view.width, view.height, words, lines, rects, curves)
    finally:
        page.close()
