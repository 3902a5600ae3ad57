"""An archive for scale and fault benchmarks: N documents in kecamatan folders, a share of them broken.

Good documents are variants of the sample PDFs (`samples/pdf/00*.pdf`) and the seed text renditions: the same
content with a different trailing comment or blank lines, so each has its own bytes (its own doc_id) and reads to
the same rows as its original. Broken ones are of every kind an archive holds: corrupt (a PDF header over noise),
encrypted with a password, truncated, zero-byte, and not a PDF at all (a PNG named .pdf). Deterministic for a seed.

    python samples/make_archive.py DIR [--documents 1000] [--bad-share 0.01] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
ENCRYPTED = SAMPLES.parent / "tests" / "data" / "pdf" / "901_encrypted_password.pdf"  # written by make_pdfs.py
BAD_KINDS = ("corrupt", "encrypted", "truncated", "zero_byte", "not_pdf")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64


@dataclass(frozen=True)
class ArchiveFile:
    path: Path
    kind: str
    """good, or one of BAD_KINDS"""
    original: str
    """the sample the file was made from"""


def good_sources() -> list[Path]:
    pdfs = sorted(p for p in (SAMPLES / "pdf").glob("00*.pdf"))
    return [*pdfs, *sorted(SAMPLES.glob("00*.txt"))]


def _variant(data: bytes, suffix: str, n: int) -> bytes:
    if suffix == ".pdf":  # a comment after %%EOF: every reader ignores it, the bytes differ
        return data + f"\n% kinerja archive variant {n}\n".encode()
    return data + b"\n" * (n + 1)


def _bad(kind: str, rng: random.Random, n: int) -> bytes:
    good = (SAMPLES / "pdf" / "000_pallangga_ra.pdf").read_bytes()
    if kind == "corrupt":
        return b"%PDF-1.7\n" + rng.randbytes(4000) + f"\n{n}".encode()
    if kind == "encrypted":
        return ENCRYPTED.read_bytes() + f"\n% variant {n}\n".encode()
    if kind == "truncated":
        return good[: len(good) // 2 - n]
    if kind == "zero_byte":
        return b""
    return PNG + n.to_bytes(4, "big")


def make_archive(folder: Path, documents: int = 1000, bad_share: float = 0.01, seed: int = 0) -> list[ArchiveFile]:
    """Write `documents` files under `folder` (100 per kecamatan folder); returns what each one is."""
    rng = random.Random(seed)
    sources = good_sources()
    n_bad = round(documents * bad_share)
    kinds = [BAD_KINDS[i % len(BAD_KINDS)] for i in range(n_bad)] + ["good"] * (documents - n_bad)
    rng.shuffle(kinds)
    made = []
    for i, kind in enumerate(kinds):
        sub = folder / f"kecamatan_{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if kind == "good":
            source = sources[i % len(sources)]
            path = sub / f"{i:05d}_{source.stem}{source.suffix}"
            path.write_bytes(_variant(source.read_bytes(), source.suffix, i))
            made.append(ArchiveFile(path, kind, source.name))
        else:
            path = sub / f"{i:05d}_{kind}.pdf"
            path.write_bytes(_bad(kind, rng, i))
            made.append(ArchiveFile(path, kind, kind))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    made = make_archive(args.folder, args.documents, args.bad_share, args.seed)
    bad = sum(f.kind != "good" for f in made)
    print(f"{len(made)} files ({bad} broken) -> {args.folder}")


if __name__ == "__main__":
    main()
