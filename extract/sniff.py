"""What a file is, from its first bytes, when it is none of the kinds kinerja reads: so a PNG or a RAR archive
saved under a `.pdf` name is reported as what it is, not as a broken PDF or as text."""

from __future__ import annotations

# (signature at offset 0, what it is, what to do); ZIP and OLE containers are told apart in `extract.office`
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "a scan or photo: save it as a PDF (OCR reads scanned PDFs)"),
    (b"\xff\xd8\xff", "a JPEG image", "a scan or photo: save it as a PDF (OCR reads scanned PDFs)"),
    (b"GIF87a", "a GIF image", "an image: save it as a PDF"),
    (b"GIF89a", "a GIF image", "an image: save it as a PDF"),
    (b"II*\x00", "a TIFF image", "a scan: save it as a PDF (OCR reads scanned PDFs)"),
    (b"MM\x00*", "a TIFF image", "a scan: save it as a PDF (OCR reads scanned PDFs)"),
    (b"BM", "a BMP image", "an image: save it as a PDF"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract it and ingest the folder"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and ingest the folder"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first"),
    (b"BZh", "a bzip2-compressed file", "decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first"),
    (b"{\\rtf", "an RTF document", "save it as .docx or PDF"),
    (b"\x7fELF", "a program (ELF executable)", "not a document"),
    (b"MZ", "a Windows program (EXE/DLL)", "not a document"),
)


def foreign_kind(data: bytes) -> str | None:
    """'a PNG image, not …; what to do' when the bytes are a known kind of file kinerja does not read, else None."""
    for signature, what, advice in _SIGNATURES:
        if data.startswith(signature):
            if signature == b"BM" and not _plausible_bmp(data):
                continue
            if signature == b"MZ" and b"This program cannot be run in DOS mode" not in data[:512]:
                continue
            return f"{what}, not a PDF, Word, Excel or text document; {advice}"
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "a WebP image, not a PDF, Word, Excel or text document; an image: save it as a PDF"
    return None


def _plausible_bmp(data: bytes) -> bool:
    """'BM' also starts text ('BMKG …'): a BMP's header gives its own file size."""
    return len(data) >= 26 and int.from_bytes(data[2:6], "little") == len(data)
