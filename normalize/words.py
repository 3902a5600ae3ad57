"""Rejoin words that narrow columns broke mid-word (`Peningkat an`, `Penyeleng garaan`, `Kecamatan n`).

Two neighbouring tokens are joined only when the join is a known word and at least one half is not, so real word
pairs (`di Wilayah`, `dan Kelurahan`) are never glued. Known words are a shipped list of the documents' vocabulary
plus the longer words the document itself prints whole elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

_SHORT_WORDS = frozenset({"di", "ke", "se", "ya", "rp", "dan", "per", "pd", "ok"})
_WORD_RE = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def builtin_vocabulary() -> frozenset[str]:
    text = resources.files("kinerja.normalize").joinpath("data/kata.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class Vocabulary:
    """The words a document is known to use: the shipped list plus its own long words printed whole."""

    def __init__(self, document_words: Iterable[str] = ()) -> None:
        own = {w.lower() for w in document_words if len(w) >= 6}
        self._words = builtin_vocabulary() | own

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        return cls(w for text in texts for w in _WORD_RE.findall(text))

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        return word in self._words or word in _SHORT_WORDS


def _tail(token: str) -> str:
    """The last word of a compound token (`Listrik/Peneranga` → `Peneranga`)."""
    parts = re.split(r"[/\-]", token.strip(".,;:()"))
    return parts[-1] if parts else token


def _head(token: str) -> str:
    parts = re.split(r"[/\-]", token.strip(".,;:()"))
    return parts[0] if parts else token


def is_fragment(token: str, vocab: Vocabulary) -> bool:
    """A piece of a word rather than a word: not known and not a number or an abbreviation."""
    word = token.strip(".,;:()")
    if not word or not word.isalpha() or (word.isupper() and len(word) > 1):
        return False
    return word not in vocab


def joins_across_break(left: str, right: str, vocab: Vocabulary) -> bool:
    """Whether `left` and `right` are the two halves of one word split by a line or cell break."""
    if left.endswith("-") and right[:1].isalpha():
        return True
    tail, head = _tail(left), _head(right)
    if not tail.isalpha() or not head.isalpha() or (right[:1].isupper() and not tail[-1:].isupper()):
        # a capital after a lowercase tail starts a new word (`Kecamatan Cakupan`)
        return False
    joined = (tail + head).lower()
    if joined in vocab and (tail not in vocab or head not in vocab):
        return True
    return len(tail) <= 2 and tail.lower() not in _SHORT_WORDS and head.islower()


_SPECK_RE = re.compile(r"(?<![A-Za-z.])([A-Za-z]{1,3})\.([a-z]{2,})(?![A-Za-z.])")
"""A dot inside a word (`P.ersen`): a speck of dust on a scan that OCR read as a full stop."""


def _without_specks(text: str, vocab: Vocabulary) -> str:
    def join(m: re.Match[str]) -> str:
        word = m.group(1) + m.group(2)
        return word if len(word) >= 5 and word in vocab else m.group(0)
    return _SPECK_RE.sub(join, text)


def repair_words(text: str, vocab: Vocabulary) -> str:
    """Join the broken words of one cell's text (and words a speck read as a dot cut: `P.ersen`); everything else
    is left exactly as printed."""
    tokens = _without_specks(text, vocab).split()
    out: list[str] = []
    for token in tokens:
        if out:
            prev = out[-1]
            if token.startswith("-") and prev[-1:].isalpha() and len(token) > 1:
                out[-1] = prev + token  # `Perundang -Undangan`
                continue
            tail = _tail(prev)
            if len(token) == 1 and token.isalpha() and tail[-1:].lower() == token.lower() and tail in vocab:
                continue  # `Kecamatan n`: the wrapped last letter printed twice
            if joins_across_break(prev, token, vocab):
                out[-1] = prev + token
                continue
        out.append(token)
    return " ".join(out)
