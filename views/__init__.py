"""Views of a dataset for people: the page view of each document (`kinerja inspect`).

This module stays light (no PDF renderer, no pandas) so the audit report can name the page views it links to.
"""

from __future__ import annotations

import re
from pathlib import PurePath

PAGES_DIR = "pages"
"""Page views are written to DIR/pages/, beside the datasets and report.html."""


def view_name(doc_id: str, source_path: str) -> str:
    """The page view's file name of a document: its file name (made safe) and the start of its id, so two files
    with one name in different folders get two views."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePath(str(source_path)).stem).strip("._") or "dokumen"
    return f"{stem[:60]}_{str(doc_id)[:8]}.html"


def row_anchor(table_index: int, row_index: int) -> str:
    """The fragment that opens a page view at one indicator row (0-based indices, as in the datasets)."""
    return f"r-{int(table_index)}-{int(row_index)}"


def view_href(doc_id: str, source_path: str, table_index: object = None, row_index: object = None,
              page: object = None) -> str:
    """A link from DIR/report.html to the page view, at the row when known, else at the page."""
    href = f"{PAGES_DIR}/{view_name(doc_id, source_path)}"
    if _int(table_index) is not None and _int(row_index) is not None:
        return f"{href}#{row_anchor(_int(table_index), _int(row_index))}"
    if _int(page) is not None:
        return f"{href}#p-{_int(page)}"
    return href


def _int(x: object) -> int | None:
    try:
        if x is None or x != x:  # None or NaN
            return None
        return int(x)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


__all__ = ["PAGES_DIR", "row_anchor", "view_href", "view_name"]
