"""What the Word and Excel readers share: telling office files apart by their bytes, cell references, and cutting
a grid of rows into header and body the way the PDF reader does.

An office original has no geometry to guess: its cells, spans and merges are written down. What is left to decide
is which rows are the header, which tables are performance tables, and how a cell is named so that a user can find
it again (`D17` on sheet "Realisasi TW IV", or cell `C5` of Word table 4, Word's own A1 convention for tables).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence

from .headers import header_run, is_column_number_row, is_header_row, is_subheader_row
from .model import Row, UnreadableDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

DOCX = "docx"
XLSX = "xlsx"

_CONVERT = "convert it with `soffice --headless --convert-to {to} FILE` (LibreOffice) or save it as .{to} in {app}"


def office_kind(data: bytes) -> str | None:
    """`docx`, `xlsx`, or None when the bytes are no office file; legacy, OpenDocument, encrypted and damaged
    office files raise `UnreadableDocument` with the reason and what to do about it."""
    if data.startswith(OLE_MAGIC):
        raise UnreadableDocument(_ole_reason(data))
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise UnreadableDocument(f"damaged or truncated office file (not a readable ZIP archive: {exc})") from exc
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        kind = mimetype.rsplit(".", 1)[-1]
        to, app = ("xlsx", "Calc") if kind == "spreadsheet" else ("docx", "Writer")
        raise UnreadableDocument(f"OpenDocument {kind} (.od{kind[0]}) is not read; " + _CONVERT.format(to=to, app=app))
    if "xl/workbook.bin" in names:
        raise UnreadableDocument(
            "Excel binary workbook (.xlsb) is not read; " + _CONVERT.format(to="xlsx", app="Excel")
        )
    if "[Content_Types].xml" in names:
        raise UnreadableDocument("an Office Open XML file that is neither a Word document nor an Excel workbook")
    members = sorted(n for n in names if not n.endswith("/"))
    listed = ", ".join(members[:3]) + (f" and {len(members) - 3} more" if len(members) > 3 else "")
    raise UnreadableDocument(f"a ZIP archive of {len(members)} file(s) ({listed}), not a document kinerja reads "
                             "(PDF, .docx, .xlsx, text); extract it and ingest the folder")


def _ole_reason(data: bytes) -> str:
    """Why an OLE compound file (the container of legacy .doc/.xls and of password-protected .docx/.xlsx) is not
    read. Its directory names its streams in UTF-16, so the kind shows in the bytes."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return ("password-protected (encrypted) office file; remove the password (File > Info > Protect) "
                "and save it again")
    if has("WordDocument"):
        return "legacy Word 97-2003 document (.doc) is not read; " + _CONVERT.format(to="docx", app="Word")
    if has("Workbook") or has("Book"):
        return "legacy Excel 97-2003 workbook (.xls) is not read; " + _CONVERT.format(to="xlsx", app="Excel")
    return "legacy Office binary file (.doc/.xls/.ppt) is not read; " + _CONVERT.format(to="docx", app="Word")


def column_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """1-based row and 0-based column → `D17`."""
    return f"{column_letter(col)}{row}"


def number_text(value: float, percent: bool = False) -> str:
    """A stored number as the normaliser reads numbers: the Indonesian way (decimal comma, no grouping), at most
    twelve significant digits so that float noise (0.8299999999999998) does not pass for precision; a cell
    formatted as a percentage (0.15 shown as 15%) keeps its percent."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if percent:
        value = value * 100
    if float(value).is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = f"{value:.12g}"
        if "e" in text:  # 1e-05 and the like: written out in full
            text = f"{value:.12f}".rstrip("0").rstrip(".")
        text = text.replace(".", ",")
    return text + ("%" if percent else "")


def header_length(rows: Sequence[Row], marked: int = 0) -> int:
    """How many leading rows of a table are its header: by vocabulary (as the text and PDF readers), else the
    rows down to a column-number row (`1 2 3 …`) and the sub-header rows under it; `marked` leading rows the
    author flagged as header (Word's "repeat as header row") count in any case."""
    n = header_run(list(rows), 0)
    if n == 0:
        for k, row in enumerate(rows[:6]):
            if k > 0 and is_column_number_row(row):
                n = k + 1
                while n < len(rows) and is_subheader_row(rows[n]):
                    n += 1
                break
    if marked > n:
        n = marked
        while n < len(rows) and is_column_number_row(rows[n], under_header=True):
            n += 1
    return n


def body_rows(rows: Sequence[Row]) -> list[Row]:
    """Body rows without column-number rows and header rows repeated inside the table."""
    return [r for r in rows if not is_column_number_row(r) and not is_header_row(r)]
