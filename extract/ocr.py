"""The OCR engine: RapidOCR with the PP-OCR models its wheel ships, one engine per process, on one thread.

The models are named by path inside the installed `rapidocr` package, so the engine never looks for (or
downloads) anything else; onnxruntime is pinned to one intra-op and one inter-op thread, so `--workers N` uses N
cores and no more. Pages are rendered at most `MAX_SIDE` pixels on their long side (recognition reads its crops
from that image) and the detector sees them at most `DET_MAX_SIDE` (its working memory, about 0.6 GB at 2000 px,
grows with the pixels it sees). After each page the C heap's free memory is handed back to the system
(`release_memory`), so a worker's size does not creep up page after page with fragments of the detector's large
buffers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_SIDE = 2000
"""Pixels on the long side of a page image (recognition reads its crops from it)."""
DET_MAX_SIDE = 2000
"""Pixels on the long side of the image the text detector sees (RapidOCR scales the page down to this). Its memory
grows with its input (1600 px saves about 130 MB a worker), but at 1600 px a word of a real budget page (Disperkim
PK page 3) was boxed differently and placed in the wrong column, so the detector sees the page as rendered."""
MIN_CONFIDENCE = 0.5
"""Recognised text lines below this score are dropped (signatures, stamp rims, specks)."""

_MODELS = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


@dataclass(frozen=True)
class OcrWord:
    """One recognised word: its text, its box in image pixels (x0, top, x1, bottom), its confidence (0-1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float
    line: int
    """Index of the detected text line the word belongs to (words of one line were read together)."""


class OcrUnavailable(RuntimeError):
    """The OCR engine or one of its bundled models is missing from the installation."""


def model_paths() -> dict[str, Path]:
    """The bundled model files, by RapidOCR stage; raise if the installed wheel lacks one."""
    try:
        import rapidocr
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise OcrUnavailable(f"rapidocr is not installed ({exc})") from exc
    root = Path(rapidocr.__file__).resolve().parent / "models"
    paths = {stage: root / name for stage, name in _MODELS.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise OcrUnavailable(f"bundled OCR model(s) missing: {', '.join(missing)}")
    return paths


@functools.lru_cache(maxsize=1)
def engine() -> Any:
    """This process's RapidOCR engine, built once on first use (a few hundred ms) and kept."""
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.max_side_len": MAX_SIDE,
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_MAX_SIDE,
        "Global.text_score": MIN_CONFIDENCE,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for stage, path in model_paths().items():
        params[f"{stage}.model_path"] = str(path)
    return RapidOCR(params=params)


@functools.lru_cache(maxsize=1)
def _libc() -> Any:
    """glibc, for `malloc_trim`; None elsewhere (other C libraries return free memory on their own terms)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_memory() -> None:
    """Hand the C heap's free pages back to the system after a page.

    The detector and the image steps allocate and free buffers of tens of megabytes; glibc keeps what is freed
    inside its heap, fragmented, so without this a worker grows by a few hundred megabytes over a document's pages.
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def read_words(image: np.ndarray) -> list[OcrWord]:
    """Detect and recognise every text line of an upright image; words with their own boxes.

    Every call names all of RapidOCR's stage flags: the engine keeps the flags of its previous call otherwise.

    The line classifier is off: pages are turned upright before (see `extract.scan`), which is cheaper than
    classifying every line.
    """
    result = engine()(image, use_det=True, use_cls=False, use_rec=True, return_word_box=True)
    words: list[OcrWord] = []
    if result.txts is None:
        return words
    word_results = result.word_results or [()] * len(result.txts)
    for k, (quad, text, score, parts) in enumerate(
        zip(result.boxes, result.txts, result.scores, word_results, strict=False)
    ):
        if not text.strip():
            continue
        if not parts:
            words.append(OcrWord(text.strip(), _box(quad), float(score), k))
            continue
        for part_text, part_score, part_quad in parts:
            if part_text.strip():
                words.append(OcrWord(part_text.strip(), _box(part_quad), float(part_score), k))
    return words


def detect_lines(image: np.ndarray) -> list[np.ndarray]:
    """Text-line quadrilaterals (4×2 pixel corners) of an image, without recognising them: cheap layout."""
    result = engine()(image, use_det=True, use_cls=False, use_rec=False, return_word_box=False)
    return [] if result.boxes is None else [np.asarray(b, dtype=np.float32) for b in result.boxes]


def recognise(crop: np.ndarray) -> tuple[str, float]:
    """Recognise one cropped text line as it lies (no detection): its text and score."""
    result = engine()(crop, use_det=False, use_cls=False, use_rec=True, return_word_box=False)
    if not result.txts:
        return "", 0.0
    return result.txts[0], float(result.scores[0])


def _box(quad: Any) -> tuple[float, float, float, float]:
    pts = np.asarray(quad, dtype=np.float32)
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))
