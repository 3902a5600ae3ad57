"""Files a batch must survive, and batches that mix them into good documents: for the fault tests and benches.

Every generator is deterministic (same bytes on every run) and returns the file's bytes. `FAULTS` names each kind
of bad file; `write_batch(folder, n, bad_fraction)` writes `n` files — the sample PDFs and seed renditions made
distinct by a trailing comment, plus every kind of bad file at least once — and returns what it wrote.

Run: `.venv/bin/python samples/make_faults.py OUT_DIR [N] [BAD_FRACTION]`
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


# --- a minimal PDF writer: objects in, a file with a correct cross-reference table out ---------------------------


def pdf_file(objects: list[bytes], root: int = 1, xref: bool = True) -> bytes:
    """Objects numbered 1.. in order (each the text between `n 0 obj` and `endobj`) as a complete PDF."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


def _stream(content: bytes, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(pages: list[bytes], size: tuple[float, float] = (595, 842), compress: bool = True) -> bytes:
    """A PDF whose pages draw the given content streams in Helvetica (object 3 is the font)."""
    n = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), _FONT]
    for i, content in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (size[0], size[1], 5 + 2 * i))
        objects.append(_stream(content, compress))
    return pdf_file(objects)


def _lines(lines: list[str], x: float = 40, y: float = 800, size: float = 9, leading: float = 12) -> bytes:
    body = b"".join(b"(%s) Tj T* " % line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)")
                    for line in lines)
    return b"BT /F1 %g Tf %g TL %g %g Td %s ET" % (size, leading, x, y, body)


# --- the bad files -------------------------------------------------------------------------------------------


def zero_byte() -> bytes:
    return b""


def truncated() -> bytes:
    """The Bajeng sample PDF cut in half, as an interrupted download leaves it."""
    data = (SAMPLES / "pdf" / "001_bajeng_pengukuran.pdf").read_bytes()
    return data[: len(data) // 2]


def random_bytes() -> bytes:
    return random.Random(11).randbytes(64 * 1024)


def png_named_pdf() -> bytes:
    """A real 16×16 grey PNG (a scan saved with the wrong extension)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes((x * 16) % 256 for x in range(16)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def zip_named_pdf() -> bytes:
    """A ZIP archive of two PDFs, as a regency office mails a bundle (and someone renames it .pdf)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("lampiran_1.pdf", "lampiran_2.pdf"):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 31, 9, 0, 0))
            archive.writestr(info, text_pdf([_lines(["LAMPIRAN"])]))
    return buf.getvalue()


def docx_named_pdf() -> bytes:
    """The skeleton of a Word document (.docx) saved under a .pdf name."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 31, 9, 0, 0)), body)
    return buf.getvalue()


def encrypted() -> bytes:
    """Password-protected (RC4 128, user password "rahasia"): the reader cannot open it without the password."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, encrypt=StandardEncryption("rahasia", canPrint=1, strength=128))
    c.drawString(72, 720, "RENCANA AKSI KECAMATAN (rahasia)")
    c.showPage()
    c.save()
    return buf.getvalue()


def corrupt_xref() -> bytes:
    """Cross-reference offsets that point into the middle of other objects, and a startxref past the end."""
    good = text_pdf([_lines(["PERJANJIAN KINERJA", "xref rusak"])])
    head, _, _ = good.partition(b"xref\n")
    return head + b"xref\n0 6\n0000000000 65535 f \n" + b"0000000003 00000 n \n" * 5 + (
        b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n99999999\n%%EOF\n")


def page_tree_cycle() -> bytes:
    """A page tree whose node lists itself (and its parent) among its kids."""
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
    ])


def nested_arrays(depth: int = 100_000) -> bytes:
    """A page whose resources hold an array nested 100,000 deep (parsers that recurse blow their stack)."""
    deep = b"[" * depth + b"]" * depth
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Deep " + deep + b" >> "
        b"/Contents 4 0 R >>",
        _stream(b"BT /F1 9 Tf 40 800 Td (dalam) Tj ET"),
    ])


def huge_pages() -> bytes:
    """Two 200-inch (14,400 pt) square pages with a line of text each: anything that renders them at print
    resolution asks for gigabytes."""
    return text_pdf([_lines(["HALAMAN RAKSASA", "200 x 200 inci"], y=14000, size=9)] * 2, size=(14400, 14400))


@cache
def flate_bomb(inflated: int = 2**30) -> bytes:
    """A page whose content stream is ~1 MB of FlateDecode that inflates to 1 GiB of spaces."""
    compressor = zlib.compressobj(9)
    block = b" " * 2**20
    packed = [compressor.compress(block) for _ in range(inflated // len(block))]
    packed.append(compressor.flush())
    data = b"".join(packed)
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        _FONT,
    ])


def slow_pdf(pages: int = 300, words_per_page: int = 4000) -> bytes:
    """Many pages of many tiny words (4-pt type, a full page each): every reader takes long over it (about 30 s of
    one core on a quiet machine), none fails. Five distinct pages, each drawn many times, keep the file small."""
    rng = random.Random(40)
    vocabulary = ["target", "realisasi", "indikator", "kinerja", "sasaran", "program", "kegiatan", "TW", "100",
                  "persen", "dokumen", "laporan", "75,5", "Rp.", "1.250.000"]
    per_line = 20
    contents = []
    for _ in range(min(5, pages)):
        lines = [" ".join(rng.choice(vocabulary) for _ in range(per_line)) for _ in range(words_per_page // per_line)]
        contents.append(_stream(_lines(lines, x=10, y=835, size=4, leading=4.1), compress=True))
    first_page = 3 + len(contents)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _FONT, *contents]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents %d 0 R >>" % (4 + i % len(contents)) for i in range(pages)]
    return pdf_file(objects)


def text_50mb() -> bytes:
    """A 50 MB tab-separated text file (a database dump someone saved as .txt): only the bench uses it."""
    row = b"1\tPersentase capaian kinerja\tPersen\t100\t25\t50\t75\t100\n"
    return row * (50 * 2**20 // len(row))


@dataclass(frozen=True)
class Fault:
    name: str
    make: Callable[[], bytes]
    suffix: str = ".pdf"
    bench_only: bool = False


FAULTS: dict[str, Fault] = {f.name: f for f in (
    Fault("zero_byte", zero_byte),
    Fault("truncated", truncated),
    Fault("random_bytes", random_bytes),
    Fault("png_named_pdf", png_named_pdf),
    Fault("zip_named_pdf", zip_named_pdf),
    Fault("docx_named_pdf", docx_named_pdf),
    Fault("encrypted", encrypted),
    Fault("corrupt_xref", corrupt_xref),
    Fault("page_tree_cycle", page_tree_cycle),
    Fault("nested_arrays", nested_arrays),
    Fault("huge_pages", huge_pages),
    Fault("flate_bomb", flate_bomb),
    Fault("slow_pdf", slow_pdf),
    Fault("text_50mb", text_50mb, suffix=".txt", bench_only=True),
)}


# --- batches ---------------------------------------------------------------------------------------------------


def good_documents() -> list[tuple[str, bytes]]:
    """The sample PDFs and the seed text renditions: documents every run must write."""
    files = sorted((SAMPLES / "pdf").glob("*.pdf")) + sorted(SAMPLES.glob("*.txt"))
    return [(f.name, f.read_bytes()) for f in files]


def variant(name: str, data: bytes, number: int) -> bytes:
    """The same document with distinct bytes (a trailing comment), so each copy is a document of its own."""
    if name.endswith(".pdf"):
        return data + b"\n%% kinerja batch copy %d\n" % number
    return data + b"\n" + f"salinan {number}".encode() + b"\n"


@dataclass(frozen=True)
class BatchFile:
    path: Path
    kind: str
    """"good", or the name of the fault in FAULTS."""


def write_batch(folder: Path, n: int, bad_fraction: float = 0.015, seed: int = 0,
                kinds: list[str] | None = None, include_bench_only: bool = False) -> list[BatchFile]:
    """`n` files in `folder`: good documents, and round(n × bad_fraction) bad ones cycling through every kind
    (each kind at least once), shuffled deterministically."""
    kinds = kinds or [k for k, f in FAULTS.items() if include_bench_only or not f.bench_only]
    n_bad = max(len(kinds), round(n * bad_fraction))
    goods = good_documents()
    plan = [kinds[i % len(kinds)] for i in range(n_bad)] + ["good"] * max(0, n - n_bad)
    random.Random(seed).shuffle(plan)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, kind in enumerate(plan):
        if kind == "good":
            name, data = goods[i % len(goods)]
            path = folder / f"{i:05d}_{Path(name).stem}{Path(name).suffix}"
            path.write_bytes(variant(name, data, i))
        else:
            fault = FAULTS[kind]
            path = folder / f"{i:05d}_{kind}{fault.suffix}"
            path.write_bytes(fault.make())
        written.append(BatchFile(path, kind))
    return written


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "faults"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else len(FAULTS)
    fraction = float(sys.argv[3]) if len(sys.argv) > 3 else 0.015
    files = write_batch(out, n, fraction, include_bench_only=True)
    bad = [f for f in files if f.kind != "good"]
    print(f"{len(files)} files ({len(bad)} bad, {len({f.kind for f in bad})} kinds) -> {out}")


if __name__ == "__main__":
    main()
