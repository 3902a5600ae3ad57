"""Scanned pages: a page image to upright words (PDF points, OCR confidence) and ruling strokes.

Stages, each a plain function: `render` (pypdfium2, in the worker process) → `orientation` (0/90/180/270, from
the shape of detected text lines and which way round they read best) → `skew_angle` (the angle that makes the rows of
ink sharpest) → `upright` (one affine warp) → `ruling_masks` (OpenCV morphology: strokes long and straight enough,
breaks closed) → `rule_edges` → `ocr.read_words` → `split_at_rules` (a word run across a column rule is cut
there) → `drop_footers`, `keep_words` (scanner footers, stamps, signatures and watermarks out) → `ScanPage`,
whose `layer` is a `PageLayer` like a born-digital page's: the same ruled and unruled table finders and the
same assembly read it. `ScanPage.to_page` maps boxes back onto the page as a viewer shows it, so provenance
means the same for scanned and born-digital cells.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from . import ocr
from .pdfpage import Edge, PageLayer, Word

BBox = tuple[float, float, float, float]

cv2.setNumThreads(1)  # one worker, one core: OpenCV's own thread pool would take the others


@dataclass(frozen=True)
class ScanSettings:
    """Tunables of the scanned-page reader, validated once."""

    dpi: float = 300.0
    """Render resolution; capped so the long side stays within `ocr.MAX_SIDE` pixels."""
    min_skew: float = 0.3
    """Degrees: a slope below this is left alone (levelling blurs the print more than such a slope hurts)."""
    max_skew: float = 3.0
    """Degrees: beyond this the text lines disagree too much to be a skew (mixed or curved content)."""
    rule_fraction: float = 30.0
    """A horizontal rule is at least 1/rule_fraction of the page width."""
    gap_close: float = 0.012
    """Share of the page width: breaks in a faded or broken rule shorter than this are closed."""
    stamp_chroma: float = 25.0
    """Lab chroma above which a word's ink is coloured (a stamp, a signature in blue), not typed text..."""
    stamp_ratio: float = 2.5
    """...and at least this many times the chroma of the page's usual text (tinted photos, yellowed paper)."""
    faint_ink: float = 175.0
    """Grey level (0-255) above which a word's darkest ink is too light to be print: a watermark."""

    def __post_init__(self) -> None:
        if not 72 <= self.dpi <= 600:
            raise ValueError(f"dpi must be between 72 and 600, got {self.dpi!r}")
        if not 0 <= self.min_skew < self.max_skew <= 10:
            raise ValueError("skew limits must satisfy 0 <= min_skew < max_skew <= 10")


@dataclass
class ScanPage:
    """One scanned page read upright: its words and rules in upright PDF points, and how to map them back."""

    layer: PageLayer
    """Words (with their OCR confidence) and ruling strokes, as the table finders read a born-digital page."""
    rotation: int
    """Degrees (0/90/180/270) the page image was turned clockwise to read upright."""
    skew: float
    """Degrees the upright image was rotated to level its text lines."""
    to_page_matrix: np.ndarray = field(repr=False, default_factory=lambda: np.eye(3))
    """3×3 affine from upright points to points on the page as displayed (top-left origin)."""

    def to_page(self, box: BBox) -> BBox:
        """A box in upright points as a box on the displayed page (the bounding box of its mapped corners)."""
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64)
        mapped = corners @ self.to_page_matrix.T
        return (
            round(float(mapped[:, 0].min()), 2),
            round(float(mapped[:, 1].min()), 2),
            round(float(mapped[:, 0].max()), 2),
            round(float(mapped[:, 1].max()), 2),
        )


# --- render ----------------------------------------------------------------------------------------------------


def render(page: object, settings: ScanSettings) -> tuple[np.ndarray, float]:
    """A pypdfium2 page as a BGR image at the OCR resolution, and the pixels per point used."""
    width, height = page.get_size()  # type: ignore[attr-defined]
    scale = min(settings.dpi / 72.0, ocr.MAX_SIDE / max(width, height))
    bitmap = page.render(scale=scale, rev_byteorder=False)  # type: ignore[attr-defined]
    image = bitmap.to_numpy()
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    else:
        image = image.copy()
    return image, scale


def read_boxes(page: object, boxes: Sequence[BBox], settings: ScanSettings) -> list[str]:
    """The text the recogniser reads in each box (points on the page as displayed) of a page's image: a sample of
    a text layer checked against what is printed. Only recognition runs, one small crop per box."""
    image, scale = render(page, settings)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    del image
    out = []
    for x0, top, x1, bottom in boxes:
        pad = 0.25 * (bottom - top)
        crop = gray[max(0, round((top - pad) * scale)) : round((bottom + pad) * scale),
                    max(0, round((x0 - pad) * scale)) : round((x1 + pad) * scale)]
        out.append(ocr.recognise(crop)[0].strip() if crop.size else "")
    return out


# --- orientation and skew -------------------------------------------------------------------------------------


def _quad_size(quad: np.ndarray) -> tuple[float, float, float]:
    """Length along the first edge, across it, and the first edge's slope in degrees."""
    (x0, y0), (x1, y1), _, (x3, y3) = quad[:4]
    along = float(np.hypot(x1 - x0, y1 - y0))
    across = float(np.hypot(x3 - x0, y3 - y0))
    angle = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    return along, across, angle


def _turn(image: np.ndarray, rotation: int) -> np.ndarray:
    """The image turned clockwise by 0/90/180/270 degrees."""
    if rotation == 90:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    if rotation == 180:
        return cv2.rotate(image, cv2.ROTATE_180)
    if rotation == 270:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return image


SURE_READING = 0.85
"""Mean recognition score of a page's longest lines above which the first way round tried is taken without
trying the other (text upside down or read the wrong way round scores far lower)."""


def orientation(gray: np.ndarray, quads: Sequence[np.ndarray]) -> int:
    """Clockwise turn (0/90/180/270) that makes the page read upright.

    Text lines are long and thin: when most detected lines are taller than wide, the page lies sideways. Which of
    the two ways (and upright versus upside down) is settled by recognising the longest lines: the usual way round
    first (upright, or turned clockwise for a sideways page), kept when the recogniser is sure of it; otherwise
    both ways round, keeping the reading the recogniser is surer of.
    """
    sized = [(q, *_box_wh(q)) for q in quads]
    long = [s for s in sized if max(s[1], s[2]) > 3 * min(s[1], s[2])]
    if not long:
        return 0
    tall = sum(1 for _, w, h in long if h > w)
    sideways = tall > len(long) / 2
    candidates = (90, 270) if sideways else (0, 180)
    picks = sorted((s for s in long if (s[2] > s[1]) == sideways), key=lambda s: -max(s[1], s[2]))[:6]
    crops = []
    for quad, _, _ in picks:
        x0, y0 = np.floor(quad.min(axis=0)).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int)
        crop = gray[max(0, y0) : y1, max(0, x0) : x1]
        if crop.size:
            crops.append(crop)
    if not crops:
        return candidates[0]

    def score(rotation: int, lines: list[np.ndarray]) -> float:
        return sum(ocr.recognise(_turn(crop, rotation))[1] for crop in lines)

    first = score(candidates[0], crops[:3])
    if first >= SURE_READING * len(crops[:3]):
        return candidates[0]
    scores = {candidates[0]: first + score(candidates[0], crops[3:]), candidates[1]: score(candidates[1], crops)}
    return max(candidates, key=lambda r: scores[r])


def _box_wh(quad: np.ndarray) -> tuple[float, float]:
    return float(quad[:, 0].max() - quad[:, 0].min()), float(quad[:, 1].max() - quad[:, 1].min())


def skew_angle(gray: np.ndarray, settings: ScanSettings) -> float:
    """Degrees to rotate an upright page image (OpenCV's sense) so its text lines lie level; 0 below `min_skew`.

    The angle that makes the rows of ink sharpest: when lines are level, every pixel row is either all text or
    all gap, so the row sums vary the most. Searched on a reduced copy, coarse then fine, within `max_skew`.
    Text-box slopes cannot do this: the detector's boxes come back square to the page for skews under a degree.
    """
    small = _small(gray, 800)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-settings.max_skew, settings.max_skew + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    angle = float(max(fine, key=sharpness))
    return round(angle, 2) if abs(angle) >= settings.min_skew else 0.0


def upright(image: np.ndarray, rotation: int, skew: float) -> tuple[np.ndarray, np.ndarray]:
    """Turn and level an image; returns it and the 3×3 affine from upright pixels back to original pixels."""
    h0, w0 = image.shape[:2]
    turned = _turn(image, rotation)
    h, w = turned.shape[:2]
    # original pixel ← turned pixel
    if rotation == 90:
        back = np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)
    elif rotation == 180:
        back = np.array([[-1, 0, w0 - 1], [0, -1, h0 - 1], [0, 0, 1]], dtype=np.float64)
    elif rotation == 270:
        back = np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    else:
        back = np.eye(3)
    if not skew:
        return turned, back
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    levelled = cv2.warpAffine(
        turned, rot, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255)
    )
    forward = np.vstack([rot, [0, 0, 1]])  # turned → levelled
    return levelled, back @ np.linalg.inv(forward)


# --- ruling lines and cells -----------------------------------------------------------------------------------


def ruling_masks(gray: np.ndarray, text_height: float, settings: ScanSettings) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the horizontal and vertical rules: ink strokes long and straight enough, short breaks closed.

    Strokes are first kept only where they run straight for about the text height (no glyph stroke does), then
    breaks along them are closed (faded or broken print), then only what runs a good part of the page stays.
    """
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 8)
    w = gray.shape[1]
    # a detected text line's box is about 1.4 times its glyphs' height: no glyph stroke is this long, a header
    # cell's rule (at least as tall as its text) is
    piece = max(12, int(0.9 * text_height))
    gap = max(3, int(w * settings.gap_close))
    out = []
    for length, shape in ((max(piece, int(w / settings.rule_fraction)), lambda n: (n, 1)),
                          (piece, lambda n: (1, n))):  # a header cell's rules are barely taller than its text
        # thickened across the stroke, so a rule that drifts by a pixel (a photographed page) still runs on
        mask = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, _across(shape)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape(piece)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, shape(gap)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape(length)))
        out.append(mask)
    return out[0], out[1]


def _across(shape: object) -> tuple[int, int]:
    """A 3-pixel kernel across the direction `shape` builds kernels along."""
    along = shape(2)  # type: ignore[operator]
    return (1, 3) if along[0] > along[1] else (3, 1)


def text_height(quads: Sequence[np.ndarray]) -> float:
    """Median height in pixels of the detected text lines (the scale every layout threshold follows)."""
    heights = [_quad_size(q)[1] for q in quads if _quad_size(q)[0] > _quad_size(q)[1]]
    return float(np.median(heights)) if heights else 20.0


def rule_edges(horizontal: np.ndarray, vertical: np.ndarray) -> list[Edge]:
    """Each rule of the masks as a straight stroke (pixels): a horizontal rule at its mean height, a vertical one
    at its mean x, so a rule photographed slightly askew is still one straight edge for the table finder."""
    edges: list[Edge] = []
    for mask, orientation in ((horizontal, "h"), (vertical, "v")):
        n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for (x, y, w, h, _), (cx, cy) in zip(stats[1:n], centroids[1:n], strict=True):
            if orientation == "h":
                edges.append(Edge("h", float(x), float(cy), float(x + w), float(cy)))
            else:
                edges.append(Edge("v", float(cx), float(y), float(cx), float(y + h)))
    return edges


def column_rules(edges: Sequence[Edge], reach: float = 5.0) -> list[Edge]:
    """The vertical rules that cross two horizontal ones or more: column rules of a table, not a stray stroke."""
    horizontal = [e for e in edges if e.orientation == "h"]
    return [
        v for v in edges
        if v.orientation == "v"
        and sum(h.x0 - reach <= v.x0 <= h.x1 + reach and v.top - reach <= h.top <= v.bottom + reach
                for h in horizontal) >= 2
    ]


def split_at_rules(words: Sequence[ocr.OcrWord], rules: Sequence[Edge]) -> list[ocr.OcrWord]:
    """A word the detector ran across a column rule is cut at the rule (its characters shared by position)."""
    out: list[ocr.OcrWord] = []
    for word in words:
        x0, y0, x1, y1 = word.box
        yc = (y0 + y1) / 2
        # the detector pads its boxes: a rule within a character's width of either end is the box's padding
        # running over the cell border, not text on both sides of it
        margin = 1.2 * (x1 - x0) / max(1, len(word.text))
        cuts = sorted(r.x0 for r in rules if x0 + margin < r.x0 < x1 - margin and r.top <= yc <= r.bottom)
        if not cuts or len(word.text) < 2:
            out.append(word)
            continue
        edges = [x0, *cuts, x1]
        n = len(word.text)
        prev = 0
        for a, b in itertools.pairwise(edges):
            upto = n if b == x1 else round(n * (b - x0) / (x1 - x0))
            piece = word.text[prev:upto].strip()
            if piece:
                out.append(ocr.OcrWord(piece, (a, y0, b, y1), word.confidence, word.line))
            prev = upto
    return out


# --- what is not text of the table ----------------------------------------------------------------------------

_FOOTER_RE = re.compile(r"cam\s*scanner|dipindai\s+dengan|scanned\s+with", re.IGNORECASE)


def ink_of(word: ocr.OcrWord, image: np.ndarray, lab: np.ndarray) -> tuple[float, float]:
    """Grey level of a word's darkest ink and that ink's colourfulness (Lab chroma, 0 for black or grey)."""
    x0, y0, x1, y1 = (max(0, round(v)) for v in word.box)
    gray = cv2.cvtColor(image[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    if gray.size == 0:
        return 255.0, 0.0
    level = float(np.percentile(gray, 5))  # thin glyphs ("1") leave most of their box blank
    ab = lab[y0:y1, x0:x1, 1:].astype(np.float32) - 128.0
    chroma = np.hypot(ab[..., 0], ab[..., 1])[gray <= level]
    return level, float(np.median(chroma))


def keep_words(words: Sequence[ocr.OcrWord], image: np.ndarray, settings: ScanSettings) -> list[ocr.OcrWord]:
    """Typed text stays; coloured ink (stamps, signatures in blue or red) and faint ink (watermarks) go.

    Colour is judged against the page's own text, since a phone photo or yellowed paper tints everything.
    """
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2LAB)
    inks = [ink_of(w, image, lab) for w in words]
    if not inks:
        return []
    usual = float(np.median([c for _, c in inks]))
    limit = max(settings.stamp_chroma, settings.stamp_ratio * usual)
    return [w for w, (level, chroma) in zip(words, inks, strict=True)
            if level <= settings.faint_ink and chroma <= limit]


def drop_footers(words: Sequence[ocr.OcrWord]) -> list[ocr.OcrWord]:
    """Scanner-app footers ("Dipindai dengan CamScanner") are not part of any table: their whole line goes."""
    lines: dict[int, list[ocr.OcrWord]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    dropped = {k for k, ws in lines.items() if _FOOTER_RE.search(" ".join(w.text for w in ws))}
    return [w for w in words if w.line not in dropped]


# --- the page ---------------------------------------------------------------------------------------------------


def read_scanned_page(page: object, number: int, settings: ScanSettings | None = None) -> ScanPage:
    """Read one page from its image: upright, levelled, OCR'd, with the rules of its tables."""
    settings = settings or ScanSettings()
    image, scale = render(page, settings)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    quads = _layout_quads(gray)
    rotation = orientation(gray, quads)
    quads = [_turn_points(q, rotation, gray.shape) for q in quads]
    skew = skew_angle(_turn(gray, rotation), settings)
    image, back = upright(image, rotation, skew)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    horizontal, vertical = ruling_masks(gray, text_height(quads), settings)
    edges = rule_edges(horizontal, vertical)
    words = ocr.read_words(image)
    words = split_at_rules(words, column_rules(edges))
    words = keep_words(drop_footers(words), image, settings)
    del horizontal, vertical
    ocr.release_memory()

    def pts(v: float) -> float:
        return v / scale

    to_px = np.diag([scale, scale, 1.0])
    h, w = gray.shape
    layer = PageLayer(
        number=number,
        width=w / scale,
        height=h / scale,
        words=[Word(wd.text, *(pts(v) for v in wd.box), conf=wd.confidence) for wd in words],
        lines=[Edge(e.orientation, pts(e.x0), pts(e.top), pts(e.x1), pts(e.bottom)) for e in edges],
    )
    return ScanPage(layer, rotation, skew, np.linalg.inv(to_px) @ back @ to_px)


def _turn_points(quad: np.ndarray, rotation: int, shape: tuple[int, ...]) -> np.ndarray:
    """A text line's quadrilateral (top-left corner first, clockwise) on an image of `shape` (height, width), as
    it lies once the image is turned clockwise by `rotation` (as `_turn` turns it), top-left corner first again:
    the layout pass's lines without detecting them a second time."""
    h, w = shape[:2]
    x, y = quad[:, 0], quad[:, 1]
    if rotation == 90:
        turned = np.stack([h - 1 - y, x], axis=1)
    elif rotation == 180:
        turned = np.stack([w - 1 - x, h - 1 - y], axis=1)
    elif rotation == 270:
        turned = np.stack([y, w - 1 - x], axis=1)
    else:
        return quad
    return np.roll(turned, rotation // 90, axis=0)  # the corner that was bottom-left is now top-left (for 90)


def _layout_quads(gray: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals found on a reduced copy, in the full image's pixels."""
    small = _small(gray)
    factor = gray.shape[1] / small.shape[1]
    return [q * factor for q in ocr.detect_lines(small)]


def _small(gray: np.ndarray, side: int = 1000) -> np.ndarray:
    """A copy at most `side` pixels on its long side, for the cheap layout pass."""
    h, w = gray.shape[:2]
    factor = side / max(h, w)
    if factor >= 1:
        return gray
    return cv2.resize(gray, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA)
