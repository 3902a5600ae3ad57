"""Render the seeds' tables as PDFs (and a few broken PDFs) into `samples/pdf/` for the PDF extractor's tests.

The seeds are text renditions with shifted columns; these PDFs lay the same rows out the way the original
documents were printed: ruled grids with spanned sasaran cells and stacked `TW n : v` lines (Pallangga), a
landscape rencana aksi with Triwulan × (Target, Rp.) group headers repeated on every page (Kalaena), an
unruled
whitespace-aligned Excel export (Kaligondang) and a measurement table with section rows (Bajeng). Output is
deterministic (`invariant=1`), so regenerating does not churn the committed files.

Run: `.venv/bin/python samples/make_pdfs.py`
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "samples" / "pdf"
BAD = ROOT / "tests" / "data" / "pdf"

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=6, leading=7)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", alignment=1)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)
TEXT = ParagraphStyle("text", fontName="Helvetica", fontSize=9, leading=12)

PageHook = Callable[[rl_canvas.Canvas, SimpleDocTemplate], None]


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text.replace("&", "&amp;"), style)


def _tw(*values: str) -> Paragraph:
    """A target cell holding one `TW n : v` line per quarter, stacked as printed in the Gowa documents."""
    return _p("<br/>".join(f"TW {i} : {v}" for i, v in enumerate(values, start=1)))


def _build(
    story: list,
    pagesize: tuple[float, float],
    hook: PageHook | None = None,
    password: str | None = None,
    margin: float = 24,
) -> bytes:
    """Lay a story out twice: the first pass counts pages so footers can say "Page n of N".

    `password` encrypts the file (RC4 128) with that user password; "" makes a file anyone can open.
    """
    total = 0
    for _ in range(2):
        buf = io.BytesIO()
        encrypt = (
            None if password is None else StandardEncryption(password, ownerPassword="pemilik", strength=128)
        )
        doc = SimpleDocTemplate(
            buf,
            pagesize=pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin + 14,
            bottomMargin=margin + 10,
            invariant=1,
            encrypt=encrypt,
            title="",
            author="",
            creator="kinerja samples",
        )
        doc._pages_total = total  # read by the page hooks

        def on_page(c: rl_canvas.Canvas, d: SimpleDocTemplate) -> None:
            if hook is not None:
                hook(c, d)

        doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
        total = doc.page
    return buf.getvalue()


def _grid(extra: list[tuple] | None = None) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *(extra or []),
        ]
    )


# --- 000 Pallangga: portrait, ruled, three side-by-side bands, stacked TW lines ----------------------------


@dataclass(frozen=True)
class Kegiatan:
    sasaran: str
    indikator: str
    target: tuple[str, ...]
    penjelasan: str = ""


@dataclass(frozen=True)
class Program:
    sasaran: str
    indikator: str
    target: tuple[str, ...]
    penjelasan: str
    kegiatan: tuple[Kegiatan, ...]


@dataclass(frozen=True)
class Strategis:
    sasaran: str
    indikator: str
    target: tuple[str, ...]
    programs: tuple[Program, ...]


_DASH3 = ("-", "-", "-")
PALLANGGA = (
    Strategis(
        "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
        "Indeks Kepuasan Masyarakat (IKM)",
        ("-", "86.92", "-", "87.00"),
        (
            Program(
                "Meningkatnya sarana dan prasana pelayanan publik memadai",
                "Jumlah sarana dan prasarana yang memadai",
                ("8 unit", "5 unit", "7 unit", "7 unit"),
                "Jumlah sarana dan prasarana pelayanan yang tersedia di Kantor Camat Pallangga yaitu ruang "
                "pelayanan, "
                "loket pelayanan, ruang tunggu, ruang laktasi, area parkir, prosedur pelayanan, jalan "
                "landai, pegangan "
                "tangga, toilet ramah disabilitas.",
                (
                    Kegiatan(
                        "Tersedianya sarana pelayanan yang memadai",
                        "Jumlah sarana pelayanan yang tersedia",
                        ("5 unit",),
                        "Sarana pelayanan yang tersedia yaitu: ruang pelayanan, loket pelayanan, ruang "
                        "tunggu, "
                        "ruang laktasi, ruang bermain anak area parkir, dan prosedur pelayanan.",
                    ),
                    Kegiatan(
                        "Tersedianya sarana bagi kelompok rentan",
                        "Jumlah sarana bagi kelompok rentan",
                        ("3 unit", "3 unit", "5 unit", "5 unit"),
                        "Sarana bagi kelompok rentan yaitu: jalan landai, pegangan tangga, ruang laktasi, "
                        "arena "
                        "bermain anak, pintu masuk yang mudah diakses",
                    ),
                ),
            ),
            Program(
                "Tersedianya prosedur pelayanan yang efisien",
                "Persentase layanan yang memiliki SOP",
                ("100%", *_DASH3),
                "18 layanan dengan 18 SOP",
                (
                    Kegiatan(
                        "Terbentuknya tim penyusun SOP",
                        "Jumlah tim penyusunan SOP",
                        ("1 tim", *_DASH3),
                        "Tim penyusun Standar Operasional Prosedur (SOP) Kecamatan Pallangga dibentuk oleh "
                        "Camat "
                        "Pallangga sebanyak 1 tim",
                    ),
                    Kegiatan(
                        "Tersedianya SOP pelayanan di setiap jenis pelayanan",
                        "Jumlah SOP pelayanan yang disusun",
                        ("18 SOP", *_DASH3),
                        "Surat Keputusan Camat Pallangga tentang Standar Operasional Prosedur Pelayanan "
                        "Kecamatan Pallangga",
                    ),
                ),
            ),
            Program(
                "Meningkatnya pelayanan kepada masyarakat sesuai standar pelayanan",
                "Persentase layanan sesuai SP",
                ("100%", *_DASH3),
                "Semua jenis pelayanan yang diberikan kepada masyarakat harus sesuai dengan Standar "
                "Pelayanan (SP)",
                (
                    Kegiatan(
                        "Tersedianya maklumat pelayanan",
                        "Jumlah maklumat pelayanan yang tersedia",
                        ("1 dokumen", *_DASH3),
                    ),
                    Kegiatan(
                        "Terlaksananya forum konsultasi publik",
                        "Jumlah unsur masyarakat yang hadir dalam FKP",
                        ("-", "-", "-", "5 unsur"),
                        "Unsur Masyarakat : (1) Tokoh Masyarakat, (2) Tokoh Agama, (3) Tokoh Pemuda, (4) "
                        "Tokoh "
                        "Perempuan, (5) LPM",
                    ),
                ),
            ),
            Program(
                "Meningkatnya tindak lanjut pengaduan masyarakat",
                "Persentase tindak lanjut pengaduan yang tersedia",
                ("100%",) * 4,
                "Semua pengaduan yang masuk di Kecamatan Pallangga, baik pengaduan langsung maupun melalui "
                "online "
                "sesegera mungkin ditindaklanjuti",
                (
                    Kegiatan(
                        "Terverifikasinya pengaduan masyarakat",
                        "Persentase pengaduan yang diverifikasi",
                        ("100%",) * 4,
                        "Semua pengaduan masyarakat yang masuk baik secara online maupun offline akan "
                        "diverifikasi.",
                    ),
                    Kegiatan(
                        "Terlaksananya tindak lanjut pengaduan masyarakat",
                        "Persentase pengaduan yang ditindaklanjuti",
                        ("100%",) * 4,
                        "Semua pengaduan masyarakat yang masuk baik secara online maupun offline akan "
                        "diverifikasi "
                        "dan ditindaklanjuti.",
                    ),
                ),
            ),
            Program(
                "Meningkatnya usulan masyarakat yang diakomodir",
                "Persentase usulan masyarakat yang diakomodir",
                ("50%", *_DASH3),
                "Target 50% usulan program/kegiatan masyarakat dapat terealisasi/ terakomodir",
                (
                    Kegiatan(
                        "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan",
                        "Jumlah usulan masyarakat",
                        ("80", *_DASH3),
                        "Jumlah usulan yang masuk dalam perencanaan pembangunan ditargetkan 80 usulan yang "
                        "diusulkan dan diinput dalam aplikasi Sistem Informasi pembangunan Daerah.",
                    ),
                ),
            ),
            Program(
                "Meningkatnya evaluasi pelayanan",
                "Persentase hasil SKM yang ditindaklanjuti",
                ("-", "100%", "-", "100%"),
                "Hasil Survei Kepuasan Masyarakat yang direncanakan dilakukan di setiap semester akan "
                "ditindaklanjuti "
                "sebagai perbaikan kinerja pelayanan berikutnya.",
                (
                    Kegiatan(
                        "Terlaksananya survei kepuasan masyarakat",
                        "Jumlah kuesioner yang disebarakan",
                        ("125", "150", "180", "210"),
                        "Setiap penerima layanan di Kecamatan Pallangga diberikan kuesioner agar diisi, "
                        "untuk "
                        "dijadikan bahan penilaian kinerja pelayanan Kec. Pallangga",
                    ),
                ),
            ),
        ),
    ),
    Strategis(
        "Meningkatnya akuntabilitas penyelenggaraan pemerintahan kecamatan",
        "Nilai SAKIP",
        ("-", "-", "-", "BB"),
        (
            Program(
                "Terlaksananya program dan kegiatan sesuai dokumen perencanaan",
                "Persentase program dan kegiatan yang dilaksanakan sesuai perencanaan",
                ("71.43%", "71.43%", "71.43%", "100%"),
                "Program dan Kegiatan dilaksanakan sesuai dokumen perencanaan, baik pada dokumen Rencana "
                "Kerja maupun "
                "pada Dokumen Pelaksanaan Anggaran",
                (
                    Kegiatan(
                        "Tersedianya dokumen perencanaan sesuai ketentuan",
                        "Jumlah dokumen perencanaan sesuai ketentuan",
                        ("2 dokumen", "1 dokumen", "-", "-"),
                        "Dokumen perencanaan : Rencana kerja, Rencana Aksi, Rencana Kerja dan Anggaran",
                    ),
                    Kegiatan(
                        "Terlaksananya monitoring program dan kegiatan",
                        "Jumlah kegiatan monitoring pelaksanaan program dan kegiatan",
                        ("-", "1 kegiatan", "1 kegiatan", "1 kegiatan"),
                        "Kegiatan Monitoring terhadap capaian kinerja program dan kegiatan instansi "
                        "dilaksanakan "
                        "selama 3kali dimulai dari triwulan 2 sampai triwulan 4",
                    ),
                ),
            ),
            Program(
                "Meningkatnya evaluasi internal kinerja pegawai",
                "Jumlah kinerja pegawai yang sesuai target",
                ("38 orang pegawai",) * 4,
                "75 orang pegawai di Kecamatan Pallangga",
                (
                    Kegiatan(
                        "Terlaksananya monitoring capaian kinerja pegawai dan organisasi setiap triwulan",
                        "Jumlah kegiatan monitoring capaian kinerja pegawai dan organisasi",
                        ("1 kegiatan",) * 4,
                        "Monitoring dan Evaluasi Capaian Kinerja pegawai dilaksanakan dalam bentuk Rapat "
                        "koordinasi di setiap triwulan.",
                    ),
                    Kegiatan(
                        "Meningkatnya tindak lanjut hasil monitoring",
                        "Persentase kinerja pegawai yang ditindaklanjuti",
                        ("100%",) * 4,
                        "Hasil monitoring dan evaluasi yang telah dilakukan sebelumnya terhadap kinerja "
                        "pegawai, "
                        "baik yang berkinerja baik maupun kurang kemudian ditindaklanjuti oleh Camat yang "
                        "telah "
                        "dikoordinasikan dengan Sub Bagian Kepegawaian.",
                    ),
                ),
            ),
            Program(
                "Meningkatnya kualitas laporan kinerja",
                "Jumlah laporan kinerja sesuai yang terukur",
                ("1 laporan", *_DASH3),
                "Laporan Kinerja beserta lampiran-lamirannya (Dokumen SAKIP)",
                (
                    Kegiatan(
                        "Terverifikasinya laporan kinerja pegawai oleh bagian organisasi",
                        "Jumlah dokumen yang diverifikasi",
                        ("1 dokumen", *_DASH3),
                        "Dokumen yang diverifikasi oleh Bagian Organisasi Sekretariat Daerah Kab. Gowa yaitu "
                        "Laporan Kinerja beserta lampiran-lampirannya.",
                    ),
                    Kegiatan(
                        "Tersedianya laporan kinerja pegawai sesuai ketentuan",
                        "Jumlah laporan kinerja sesuai ketentuan",
                        ("1 laporan", *_DASH3),
                        "Laporan Kinerja beserta lampiran-lampirannya (Dokumen SAKIP)",
                    ),
                ),
            ),
            Program(
                "Meningkatnya transparansi kinerja pegawai",
                "Jumlah laporan kinerja yang dipublikasi",
                ("1 laporan", *_DASH3),
                "Laporan Kinerja yang dipublikasi yaitu Laporan Kinerja Instansi Pemerintah beserta "
                "lampiran-lampirannya (Laporan SAKIP)",
                (
                    Kegiatan(
                        "Tersedianya media informasi publikasi laporan kinerja",
                        "Jumlah media publikasi yang tersedia",
                        ("1 media", *_DASH3),
                        "e-SAKIP",
                    ),
                ),
            ),
            Program(
                "Meningkatnya pegawai dengan kinerja baik",
                "persentase pegawai dengan kinerja baik",
                ("-", "-", "-", "100%"),
                "Data untuk Persentase pegawai dengan kinerja baik diperoleh dari Sasaran Kinerja Pegawai "
                "yang dinilai "
                "di setiap akhir Triwulan",
                (
                    Kegiatan(
                        "Terlaksananya penghargaan kepada pegawai",
                        "Jumlah pegawai yang menerima penghargaan",
                        ("-", "-", "-", "4 orang"),
                        "Pemberian penghargaan terhadap pegawai di Kecamatan Pallangga sebagai bentuk "
                        "apresiasi "
                        "terhadap kedisiplinan, prestasi dan loyalitas pegawai terhadap instansi.",
                    ),
                ),
            ),
        ),
    ),
)

PALLANGGA_HEADER = (
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Target",
    "Sasaran Program",
    "Indikator Kinerja",
    "Target",
    "Penjelasan Kinerja",
    "Sasaran Kegiatan",
    "Indikator Kinerja",
    "Target",
    "Penjelasan Kinerja",
)


def _browser_furniture(url: str, stamp: str) -> PageHook:
    """Header and footer a browser prints on every page: date, page title, URL, "n/N"."""

    def hook(c: rl_canvas.Canvas, doc: SimpleDocTemplate) -> None:
        w, h = doc.pagesize
        c.setFont("Helvetica", 7)
        c.drawString(18, h - 14, stamp)
        c.drawRightString(w - 18, h - 14, "e-SAKIP Kabupaten Gowa")
        c.drawString(18, 10, url)
        c.drawRightString(w - 18, 10, f"{doc.page}/{doc._pages_total or '?'}")

    return hook


def pallangga() -> bytes:
    rows: list[list] = [[_p(h, HEAD) for h in PALLANGGA_HEADER]]
    spans: list[tuple] = []
    for ss in PALLANGGA:
        ss_first = len(rows)
        for prog in ss.programs:
            p_first = len(rows)
            for k_i, keg in enumerate(prog.kegiatan):
                row: list = [""] * 11
                if len(rows) == ss_first:
                    row[0:3] = [_p(ss.sasaran), _p(ss.indikator), _tw(*ss.target)]
                if k_i == 0:
                    row[3:7] = [_p(prog.sasaran), _p(prog.indikator), _tw(*prog.target), _p(prog.penjelasan)]
                row[7:11] = [_p(keg.sasaran), _p(keg.indikator), _tw(*keg.target), _p(keg.penjelasan)]
                rows.append(row)
            if len(rows) - 1 > p_first:
                spans += [("SPAN", (c, p_first), (c, len(rows) - 1)) for c in range(3, 7)]
        spans += [("SPAN", (c, ss_first), (c, len(rows) - 1)) for c in range(3)]
    widths = [52, 46, 40, 52, 46, 40, 62, 52, 46, 40, 62]
    table = Table(rows, colWidths=widths, repeatRows=1, style=_grid(spans))
    story = [
        _p("RENCANA AKSI PERANGKAT DAERAH TAHUN 2024", TITLE),
        _p("KECAMATAN PALLANGGA KABUPATEN GOWA", TITLE),
        Spacer(1, 8),
        table,
        Spacer(1, 14),
        _p("Cambaya, 08 Januari 2024", TEXT),
        _p("CAMAT PALLANGGA", TEXT),
        Spacer(1, 24),
        _p("SACHRIAL AP", TEXT),
        _p("Pangkat : Pembina", TEXT),
        _p("NIP. 197406181993111002", TEXT),
    ]
    hook = _browser_furniture(
        "https://esakip.gowakab.go.id/rencana-aksi/cetak?opd=kec-pallangga&tahun=2024", "08/01/2024 10.15"
    )
    return _build(story, A4, hook)


# --- 003 Kalaena: landscape rencana aksi, Triwulan I-IV x (Target, Rp.), header repeated on every page ------

# (target, program/kegiatan/sub kegiatan, indikator, TW targets, TW Rp., annual target, annual Rp., PJ)
KalaenaRow = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, str, str]
_MARSUKI = "H. Marsuki, S.Pd., M.M."
_ASTAWA = "I Made Astawa, S.E."
_BURHAN = "Burhanuddin, S.H."
_R1 = ("1.378.000", "1.018.000", "1.120.000", "1.054.000")
_R2 = ("41.139.000", "16.682.500", "22.270.000", "16.682.500")
_H4 = ("100",) * 4

KALAENA: tuple[tuple[str, str, str, str, tuple[KalaenaRow, ...]], ...] = (
    (
        "1.",
        "Meningkatkan kemampuan pelayanan publik penyelenggaraan urusan pemerintahan Kecamatan Kalaena",
        "Indeks Kepuasan Masyarakat (IKM)",
        "95",
        (
            (
                "100%",
                "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
                "Persentase capaian kinerja peningkatan penyelenggaraan pemerintahan dan pelayanan publik",
                _H4,
                _R1,
                "100%",
                "4.570.000",
                _MARSUKI,
            ),
            (
                "100%",
                "Pelaksanaan Urusan Pemerintahan yang Dilimpahkan kepada Camat",
                "Persentase urusan pemerintahan yang dilimpahkan kepada camat yang dilaksanakan",
                _H4,
                _R1,
                "100%",
                "4.570.000",
                _MARSUKI,
            ),
            (
                "6 Dokumen",
                "Pelaksanaan Urusan Pemerintahan yang terkait dengan Pelayanan Perizinan Non Usaha",
                "Jumlah Dokumen Non Perizinan Usaha yang dilaksanakan",
                ("1", "1", "1", "3"),
                _R1,
                "6",
                "4.570.000",
                "MULIANI, S.E.",
            ),
            (
                "100%",
                "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN",
                "Persentase Capaian Kinerja Pemberdayaan Masyarakat Desa dan Kelurahan",
                _H4,
                _R2,
                "100%",
                "96.774.000",
                _MARSUKI,
            ),
            (
                "100%",
                "Koordinasi Kegiatan Pemberdayaan Desa",
                "Persentase Koordinasi Kegiatan Pemberdayaan Desa yang dilaksanakan",
                _H4,
                _R2,
                "100%",
                "96.774.000",
                _MARSUKI,
            ),
            (
                "5 Lembaga Kemasyarakatan",
                "Peningkatan Partisipasi Masyarakat dalam Forum Musyawarah Perencanaan Pembangunan di Desa",
                "Jumlah Lembaga Kemasyarakatan yang Berpartisipasi dalam Forum Musyawarah Perencanaan "
                "Pembangunan di Desa",
                ("5", "-", "-", "-"),
                ("10.893.500", "-", "-", "-"),
                "5",
                "10.893.500",
                "SARTANA",
            ),
            (
                "12 Laporan",
                "Peningkatan Efektifitas Kegiatan Pemberdayaan Masyarakat di Wilayah Kecamatan",
                "Jumlah Laporan Peningkatan Efektivitas Kegiatan Pemberdayaan Masyarakat di Wilayah "
                "Kecamatan",
                ("3",) * 4,
                ("30.245.500", "16.682.500", "22.270.000", "16.682.500"),
                "12",
                "85.880.500",
                "SARTANA",
            ),
            (
                "100%",
                "PROGRAM KOORDINASI KETENTRAMAN DAN KETERTIBAN UMUM",
                "Persentase Rata-rata Capaian Kinerja Pelayanan Ketentraman dan Ketertiban Umum yang "
                "dilaksanakan",
                _H4,
                ("6.394.000", "4.915.000", "5.125.000", "4.915.000"),
                "100%",
                "21.349.000",
                _MARSUKI,
            ),
            (
                "100%",
                "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum",
                "Persentase Koordinasi Upaya Penyelenggaraan Ketentraman dan Ketertiban Umum yang "
                "Dilaksanakan",
                _H4,
                ("5.325.000", "4.625.000", "4.765.000", "4.625.000"),
                "100%",
                "19.340.000",
                _MARSUKI,
            ),
            (
                "4 Laporan",
                "Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia dan "
                "Instansi Vertikal di Wilayah Kecamatan",
                "Jumlah Laporan Hasil Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara "
                "Nasional Indonesia "
                "dan Instansi Vertikal di Wilayah Kecamatan",
                ("1",) * 4,
                ("3.378.000", "3.025.000", "3.095.000", "3.025.000"),
                "4",
                "12.523.000",
                "Sumange Rukka, S.P",
            ),
            (
                "4 Laporan",
                "Harmonisasi Hubungan Dengan Tokoh Agama dan Tokoh Masyarakat",
                "Jumlah Laporan Pelaksanaan Harmonisasi Hubungan dengan Tokoh Agama dan Tokoh Masyarakat",
                ("1",) * 4,
                ("1.947.000", "1.600.000", "1.670.000", "1.600.000"),
                "4",
                "6.817.000",
                "Sumange Rukka, S.P",
            ),
            (
                "4 Laporan",
                "Koordinasi/ Sinergi Dengan Perangkat Daerah yang Tugas dan Fungsinya di Bidang Penegakan "
                "Peraturan Perundang-Undangan dan/ atau Kepolisian Republik Indonesia",
                "Jumlah Laporan Koordinasi/ Sinergi dengan Perangkat Daerah yang Tugas dan Fungsinya di "
                "Bidang Penegakan "
                "Peraturan Perundang-Undangan dan/ atau Kepolisian Negara Republik Indonesia",
                ("1",) * 4,
                ("1.069.000", "290.000", "360.000", "290.000"),
                "4",
                "2.009.000",
                "Sumange Rukka, S.P",
            ),
        ),
    ),
    (
        "2.",
        "Meningkatnya Capaian Kinerja dan Keuangan Penyelenggaraan Urusan Pemerintahan Kecamatan",
        "Persentase Capaian Kinerja Program Penunjang Urusan Pemerintahan Kabupaten di Kecamatan",
        "98",
        (
            (
                "16 Orang/Bulan",
                "Penyediaan Gaji dan Tunjangan ASN",
                "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
                ("16",) * 4,
                ("925.921,475", "555.552,887", "185.184,294", "185.184,294"),
                "16",
                "1.851.842,950",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/ Triwulan/ Semesteran SKPD",
                "Jumlah Laporan Keuangan Bulanan/ Triwulan/ Semesteran SKPD dan Laporan Koordinasi "
                "Penyusunan Laporan "
                "Keuangan Bulanan/ Triwulan/ Semesteran SKPD",
                ("3",) * 4,
                ("5.893.050", "5.443.750", "5.473.750", "5.443.750"),
                "12",
                "22.254.300",
                _ASTAWA,
            ),
            (
                "100%",
                "Administrasi Barang Milik Daerah pada Perangkat Daerah",
                "Persentase Barang Milik Daerah pada Perangkat Daerah yang diadministrasikan sesuai standar",
                _H4,
                ("3.708.750", "3.143.750", "3.343.750", "3.143.750"),
                "100%",
                "13.340.000",
                _BURHAN,
            ),
            (
                "4 Laporan",
                "Penatausahaan Barang Milik Daerah pada SKPD",
                "Jumlah Laporan Penatausahaan Barang Milik Daerah pada SKPD",
                ("1",) * 4,
                ("3.708.750", "3.143.750", "3.343.750", "3.143.750"),
                "4",
                "13.340.000",
                _ASTAWA,
            ),
            (
                "100%",
                "Administrasi Pendapatan Daerah Kewenangan Perangkat Daerah",
                "Percentase realisasi Pendapatan Daerah Kewenangan Perangkat Daerah",
                _H4,
                ("3.741.750", "2.918.750", "3.514.750", "2.918.750"),
                "100%",
                "13.094.000",
                _BURHAN,
            ),
            (
                "12 Dokumen",
                "Pelaporan Pengelolaan Retribusi Daerah",
                "Jumlah Laporan Pengelolaan Retribusi Daerah",
                ("3",) * 4,
                ("3.741.750", "2.918.750", "3.514.750", "2.918.750"),
                "12",
                "13.094.000",
                _ASTAWA,
            ),
            (
                "100%",
                "Administrasi Kepegawaian Perangkat Daerah",
                "Persentase rata-rata capaian kinerja Administrasi Kepegawaian Perangkat Daerah",
                _H4,
                ("17.622.000", "1.236.500", "14.702.500", "1.234.500"),
                "100%",
                "34.795.500",
                _BURHAN,
            ),
            (
                "100%",
                "Administrasi Umum Perangkat Daerah",
                "Percentase capaian kinerja Administrasi Umum Perangkat Daerah",
                _H4,
                ("116.707.500", "59.636.250", "74.261.250", "59.546.250"),
                "100%",
                "310.151.250",
                _BURHAN,
            ),
            (
                "6 Paket",
                "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
                "Jumlah Paket Komponen Instalasi Listrik/Penerangan Bangunan Kantor yang Disediakan",
                ("6",) * 4,
                ("644.000", "382.000", "382.000", "382.000"),
                "6",
                "1.790.000",
                _ASTAWA,
            ),
            (
                "13 Paket",
                "Penyediaan Bahan Logistik Kantor",
                "Jumlah Paket Bahan Logistik Kantor yang Disediakan",
                ("13",) * 4,
                ("803.500", "734.250", "789.250", "734.250"),
                "13",
                "3.061.250",
                _ASTAWA,
            ),
            (
                "5 Paket",
                "Penyediaan Barang Cetak dan Penggandaan",
                "Jumlah Paket Barang Cetak dan Penggandaan yang Disediakan",
                ("5",) * 4,
                ("2.760.000", "2.410.000", "2.760.000", "2.320.000"),
                "5",
                "10.250.000",
                _ASTAWA,
            ),
            (
                "48 Dokumen",
                "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan",
                "Jumlah Dokumen Bahan Bacaan dan Peraturan Perundang-Undangan yang Disediakan",
                ("12",) * 4,
                ("1.470.000",) * 4,
                "48",
                "5.880.000",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Fasilitasi Kunjungan Tamu",
                "Jumlah Laporan Fasilitasi Kunjungan Tamu",
                ("3",) * 4,
                ("53.800.000", "16.350.000", "27.900.000", "16.350.000"),
                "12",
                "114.400.000",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Penyelegarana Rapat Koordinasi dan Konsultasi SKPD",
                "Jumlah Laporan Penyelegarana Rapat Koordinasi dan Konsultasi SKPD",
                ("3",) * 4,
                ("57.230.000", "38.290.00", "40.960.00", "38.290.000"),
                "12",
                "174.770.000",
                _ASTAWA,
            ),
            (
                "100%",
                "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
                "Percentase Barang Milik Daerah Penunjang Perangkat Daerah yang diadakan",
                ("100%", "100", "-", "-"),
                ("14.000.000", "40.150.000", "-", "-"),
                "100",
                "54.150.000",
                _BURHAN,
            ),
            (
                "6 Unit",
                "Pengadaan Peralatan dan Mesin Lainnya",
                "Jumlah Unit Peralatan dan Mesin Lainnya yang disediakan",
                ("5", "1", "-", "-"),
                ("14.000.000", "12.000.000", "-", "-"),
                "6",
                "26.000.000",
                _ASTAWA,
            ),
            (
                "3 Unit",
                "Pengadaan Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya",
                "Jumlah Unit Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya yang Disediakan",
                ("3", "-", "-", "-"),
                ("28.150.000", "-", "-", "-"),
                "3",
                "28.150.000",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Penyediaan Jasa Surat Menyurat",
                "Jumlah Laporan Penyediaan Jasa Surat Menyurat",
                ("3",) * 4,
                ("2.402.500", "2.238.000", "2.240.500", "2.238.000"),
                "12",
                "9.119.000",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                "Jumlah Laporan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik Yang Disediakan",
                ("3",) * 4,
                ("9.110.400",) * 4,
                "12",
                "36.441.600",
                _ASTAWA,
            ),
            (
                "12 Laporan",
                "Penyediaan Jasa Pelayanan Umum Kantor",
                "Jumlah Laporan Penyediaan Jasa Pelayanan Umum Kantor",
                ("3",) * 4,
                ("42.750.000",) * 4,
                "12",
                "42.750.000",
                _ASTAWA,
            ),
        ),
    ),
)


def _running_title(title: str) -> PageHook:
    def hook(c: rl_canvas.Canvas, doc: SimpleDocTemplate) -> None:
        w, h = doc.pagesize
        c.setFont("Helvetica-Bold", 9)
        c.drawCentredString(w / 2, h - 24, title)
        c.setFont("Helvetica", 7)
        c.drawCentredString(w / 2, 12, f"Halaman {doc.page} dari {doc._pages_total or '?'}")

    return hook


def kalaena() -> bytes:
    pk = Table(
        [
            [_p(h, HEAD) for h in ("No", "Sasaran Strategis", "Indikator Kinerja", "Target")],
            [_p(str(i), HEAD) for i in range(1, 5)],
            *[[_p(no), _p(ss), _p(ind), _p(target)] for no, ss, ind, target, _ in KALAENA],
        ],
        colWidths=[24, 260, 260, 50],
        style=_grid(),
    )
    top = [
        _p(h, HEAD)
        for h in (
            "No",
            "Sasaran",
            "Indikator",
            "Target",
            "Target",
            "Program/ Kegiatan/ Sub Kegiatan",
            "Indikator Kinerja Program/ Kegiatan/ Sub Kegiatan",
        )
    ]
    for label in (
        "Triwulan I",
        "Triwulan II",
        "Triwulan III",
        "Triwulan IV",
        "Kondisi Kinerja Pada Akhir Tahun",
    ):
        top += [_p(label, HEAD), ""]
    top.append(_p("Penanggung jawab", HEAD))
    sub = [""] * 7 + [_p(h, HEAD) for _ in range(5) for h in ("Target", "Rp.")] + [""]
    numbers = [_p(str(i), HEAD) for i in range(1, 19)]
    rows: list[list] = [top, sub, numbers]
    spans: list[tuple] = [("SPAN", (c, 0), (c, 1)) for c in (*range(7), 17)]
    spans += [("SPAN", (c, 0), (c + 1, 0)) for c in range(7, 17, 2)]
    rules: list[tuple] = []
    for no, ss, ind, target, body in KALAENA:
        first = len(rows)
        for k, (tgt, name, indikator, tws, rps, year_t, year_rp, pj) in enumerate(body):
            head = [_p(no), _p(ss), _p(ind), _p(target)] if k == 0 else ["", "", "", ""]
            quarters = [_p(v) for pair in zip(tws, rps, strict=True) for v in pair]
            rows.append([*head, _p(tgt), _p(name), _p(indikator), *quarters, _p(year_t), _p(year_rp), _p(pj)])
        # a sasaran block runs over pages, which reportlab cannot split as a SPAN: leave the cells under its
        # first row empty and draw no rule between them, which prints the same as a spanned cell
        rules += [("LINEBELOW", (4, r), (-1, r), 0.5, colors.black) for r in range(first, len(rows))]
        rules.append(("LINEBELOW", (0, len(rows) - 1), (3, len(rows) - 1), 0.5, colors.black))
    widths = [16, 62, 54, 26, 38, 92, 110, *([24, 38] * 4), 26, 44, 52]
    style = TableStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
            ("INNERGRID", (0, 0), (-1, 2), 0.5, colors.black),
            ("LINEBELOW", (0, 2), (-1, 2), 0.5, colors.black),
            ("LINEAFTER", (0, 0), (-1, -1), 0.5, colors.black),
            *_grid().getCommands()[1:],
            *spans,
            *rules,
        ]
    )
    ra = Table(rows, colWidths=widths, repeatRows=3, style=style)
    story = [
        _p("RENCANA AKSI", TITLE),
        _p("KECAMATAN KALAENA KABUPATEN LUWU TIMUR TAHUN 2024", TITLE),
        Spacer(1, 8),
        _p("Perjanjian Kinerja Kantor Kecamatan Kalaena Tahun 2024 adalah sebagai berikut :", TEXT),
        Spacer(1, 4),
        _p("Tabel 2.3 PERJANJIAN KINERJA KANTOR KECAMATAN KALAENA TAHUN 2024", TITLE),
        Spacer(1, 4),
        pk,
        Spacer(1, 12),
        _p("Rencana Aksi tersebut dapat dilihat pada tabel berikut :", TEXT),
        Spacer(1, 4),
        _p("Tabel 2.5 RENCANA AKSI KANTOR KECAMATAN KALAENA TAHUN 2024", TITLE),
        Spacer(1, 4),
        ra,
        Spacer(1, 14),
        _p("Kalaena Kiri, 06 Januari 2024", TEXT),
        _p("CAMAT KALAENA,", TEXT),
        Spacer(1, 20),
        _p("H. MARSUKI, S.Pd., M.M.", TEXT),
        _p("NIP : 19691025 199802 1 004", TEXT),
    ]
    return _build(story, landscape(A4), _running_title("RENCANA AKSI KANTOR KECAMATAN KALAENA"), margin=20)


# --- 002 Kaligondang: unruled, whitespace-aligned Excel export, TW I..IV label + value columns --------------

# (sasaran uraian, sasaran indikator, sasaran TW values, program uraian, program sasaran, program indikator,
#  program TW values); empty strings where the row continues the previous sasaran or program
KALIGONDANG: tuple[tuple[str, str, tuple[str, ...], str, str, str, tuple[str, ...]], ...] = (
    (
        "1. Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang",
        "1. Nilai SAKIP Kecamatan Kaligondang",
        ("25%", "50%", "75%", "100%"),
        "1. Program Penunjang Urusan Pemerintah Daerah Kabupaten/Kota",
        "1 Tersedianya Laporan Capaian Kinerja",
        "1 Presentase Ketersediaan Laporan Capaian Kinerja",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "2 Terselaikannya Tindakan lanjut Temuan Pengelola Anggaran",
        "2 Prosentase Temuan Pengelolaan Anggaran yang ditindaklanjuti",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "3 Tersedianya layanan kepegawaian, administrasi umum dan jasa penunjang urusan",
        "3 Persentase Ketersediaan layanan kepegawaian, administrasi umum dan jasa penunjang urusan "
        "pemerintahan "
        "daerah",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "4 Terkelolanya Administrasi Aset Milik Daerah sesuai ketentuan",
        "4 Prosentase Pengelolaan Administrasi Aset milik daerah sesuai ketentuan",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "5 Terpeliharanya Barang Milik Daerah",
        "5 Persentase pemeliharaan barang milik daerah",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "6 Tersedianya Jasa Penunjang Urusan Pemerintah Daerah",
        "6 Persentase Administrasi Kepegawean, Administrasi Umum dan Jasa Penunjang",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "2. Meningkatnya kualitas pengawasan penyelenggaraan pemerintahan",
        "2 Presentase Rekomendasi Hasil Pemeriksaan Yang Selesai Ditindaklanjuti",
        ("30%", "50%", "70%", "100%"),
        "2. Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik",
        "1 Terlaksananya Keaktifan Kelembagaan",
        "1 Persentase Keaktifan Lembaga Desa",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "2 Tersedianya Laporan Kejadian Ketentraman dan Ketertiban Umum Kecamatan",
        "2 Persentase Laporan Kejadian Ketentraman dan Ketertiban Umum Kecamatan",
        ("25%", "50%", "75%", "100%"),
    ),
    (
        "",
        "",
        (),
        "",
        "3 Tercapainya Nilai MCP Korsupgah",
        "2. Nilai MCP Korsupgah",
        ("25%", "50%", "75%", "100%"),
    ),
)

_QUARTERS = ("TW I", "TW II", "TW III", "TW IV")


def kaligondang(rotated: bool = False) -> bytes:
    """Draw the table with bare strings at fixed x positions: no cell borders, as an Excel sheet printed.

    `rotated`: the same landscape page stored the way Word saves landscape sections, as portrait media whose
    content is turned a quarter and a /Rotate 90 entry turning it back for the reader.
    """
    buf = io.BytesIO()
    w, h = landscape(A4)
    if rotated:
        c = rl_canvas.Canvas(buf, pagesize=(h, w), invariant=1)
        c.setPageRotation(90)
        c.translate(h, 0)
        c.rotate(90)
    else:
        c = rl_canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    # (x, width) of: S uraian, S indikator, S TW label, S value,
    #                P uraian, P sasaran, P indikator, P label, P value
    cols = (
        (30, 120),
        (160, 120),
        (290, 30),
        (322, 30),
        (372, 115),
        (497, 115),
        (622, 120),
        (752, 30),
        (784, 30),
    )
    font, size, lead = "Helvetica", 7, 8.6
    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString(w / 2, h - 40, "RENCANA AKSI TAHUN 2022")
    c.drawCentredString(w / 2, h - 54, "KECAMATAN KALIGONDANG")
    y = h - 84
    c.setFont("Helvetica-Bold", size)
    c.drawCentredString((30 + 352) / 2, y, "SASARAN")
    c.drawCentredString((372 + 814) / 2, y, "PROGRAM")
    y -= lead + 2
    labels = (
        "URAIAN",
        "INDIKATOR KINERJA",
        "TARGET",
        None,
        "URAIAN",
        "SASARAN",
        "INDIKATOR KINERJA",
        "TARGET",
        None,
    )
    for (x, _), label in zip(cols, labels, strict=True):
        if label:
            c.drawString(x, y, label)
    y -= lead
    c.setFont(font, size)
    for (x, _), number in zip(cols, ("1", "2", "3", None, "4", "5", "6", "7", None), strict=True):
        if number:
            c.drawString(x, y, number)
    c.setLineWidth(0.6)
    c.line(26, y - 3, w - 26, y - 3)
    y -= lead + 6
    for s_ur, s_ind, s_tw, p_ur, p_sas, p_ind, p_tw in KALIGONDANG:
        texts = (s_ur, s_ind, p_ur, p_sas, p_ind)
        text_cols = (cols[0], cols[1], cols[4], cols[5], cols[6])
        wrapped = [
            simpleSplit(t, font, size, wd) if t else [] for t, (_, wd) in zip(texts, text_cols, strict=True)
        ]
        for lines, (x, _) in zip(wrapped, text_cols, strict=True):
            for i, line in enumerate(lines):
                c.drawString(x, y - i * lead, line)
        for i, q in enumerate(_QUARTERS):
            if s_tw:
                c.drawString(cols[2][0], y - i * lead, q)
                c.drawRightString(cols[3][0] + cols[3][1], y - i * lead, s_tw[i])
            c.drawString(cols[7][0], y - i * lead, q)
            c.drawRightString(cols[8][0] + cols[8][1], y - i * lead, p_tw[i])
        y -= max(4, *(len(lines) for lines in wrapped)) * lead + 7
    c.line(26, y + 3, w - 26, y + 3)
    c.setFont(font, 9)
    c.drawString(560, y - 24, "Kaligondang, 10 Januari 2022")
    c.drawString(560, y - 36, "CAMAT KALIGONDANG")
    c.showPage()
    c.save()
    return buf.getvalue()


# --- 001 Bajeng: PK measurement, section rows spanning the table --------------------------------------------

BAJENG: tuple[tuple[str, tuple[tuple[str, str, str, str, str, str], ...]], ...] = (
    (
        "Sasaran Strategis",
        (
            (
                "Meningkatnya kepuasan masyarakat terhadap pelayanan publik",
                "Indeks Kepuasan Masyarakat (IKM)",
                "85,00 (Baik)",
                "82, 71 (Baik)",
                "97,31%",
                "Hasil SKM Tahun 2023",
            ),
            (
                "Meningkatkan akuntabilitas penyelenggaraan pemerintahan kecamatan",
                "Nilai SAKIP",
                "BB",
                "N/A",
                "N/A",
                "Belum ada nilai LHE dari Inspektorat",
            ),
        ),
    ),
    (
        "Sasaran Program",
        (
            (
                "Meningkatnya sarana dan prasana pelayanan publik memadai",
                "Jumlah sarana dan prasarana yang memadai",
                "6 unit",
                "6 unit",
                "100%",
                "ruang pelayanan, loket pelayanan, ruang tunggu, area parkir, jalan landai, dan toilet "
                "ramah disabilitas",
            ),
            (
                "Tersedianya prosedur pelayanan yang efisien",
                "Persentase layanan yang memiliki SOP",
                "100%",
                "100%",
                "100%",
                "11 Layanan dengan 11 SOP",
            ),
            (
                "Meningkatnya pelayanan kepada masyarakat sesuai standar pelayanan",
                "Persentase layanan sesuai SP",
                "100%",
                "100%",
                "100%",
                "Pelayanan berdasarkan Standar Pelayanan",
            ),
            (
                "Meningkatnya tindak lanjut pengaduan masyarakat",
                "Persentase tindak lanjut pengaduan yang tersedia",
                "100%",
                "100%",
                "100%",
                "Jumlah pengaduan sebanyak 1 pengaduan yang telah ditindaklanjuti.",
            ),
            (
                "Meningkatnya usulan masyarakat yang diakomodir",
                "Persentase usulan masyarakat yang diakomodir",
                "65 usulan",
                "38 usulan",
                "58,46%",
                "65 usulan terealisasi dari target 38 usulan",
            ),
            (
                "Meningkatnya evaluasi pelayanan",
                "Persentase hasil SKM yang ditindaklanjuti",
                "100%",
                "100%",
                "100%",
                "Hasil SKM telah ditindaklanjuti",
            ),
        ),
    ),
    (
        "Sasaran Kegiatan",
        (
            (
                "Tersedianya sarana pelayanan yang memadai",
                "Jumlah sarana pelayanan yang tersedia",
                "4 unit",
                "4 unit",
                "100%",
                "Ruang pelayanan, loket pelayanan, ruang tunggu, area parkir.",
            ),
            (
                "Tersedianya sarana bagi kelompok rentan",
                "Jumlah sarana bagi kelompok rentan",
                "2 unit",
                "2 unit",
                "100%",
                "Jalan landai dan toilet ramah disabilitas",
            ),
            (
                "Terbentuknya tim penyusun SOP",
                "Jumlah tim penyusunan SOP",
                "1 tim",
                "1 tim",
                "100%",
                "Tim penyusun SOP berdasarkan SK Camat Nomor: 02/Kep-KSO/III/2023 tentang Pembentukan Tim "
                "Penyusun Standar "
                "Operaional Prosedur (SOP) Pelayanan Kec. Bajeng",
            ),
            (
                "Tersedianya SOP pelayanan di setiap jenis pelayanan",
                "Jumlah SOP pelayanan yang disusun",
                "11 SOP",
                "11 SOP",
                "100%",
                "SOP Pelayanan Kec. Bajeng berjumlah 11 SOP sesuai dengan jumlah layanan.",
            ),
            (
                "Tersedianya maklumat pelayanan",
                "Jumlah maklumat pelayanan yang tersedia",
                "1 dokumen",
                "-",
                "0%",
                "Penanggung jawab bagian pelayanan belum menyusun maklumat pelayanan.",
            ),
            (
                "Terlaksananya forum konsultasi publik",
                "Jumlah unsur masyarakat yang hadir dalam FKP",
                "5 unsur masyarakat",
                "-",
                "0%",
                "FKP tidak dilaksanakan karena tidak ada penambahan SP atau revisi SP.",
            ),
            (
                "Terverifikasinya pengaduan masyarakat",
                "Persentase pengaduan yang diverifikasi",
                "100%",
                "100%",
                "100%",
                "Pengaduan langsung maupun online",
            ),
            (
                "Terlaksananya tindak lanjut pengaduan masyarakat",
                "Persentase pengaduan yang ditindaklanjuti",
                "100%",
                "100%",
                "100%",
                "Jumlah pengaduan sebanyak 1 pengaduan yang telah ditindaklanjuti.",
            ),
            (
                "Tersalurkannya usulan masyarakat dalam perencanaan pembangunan",
                "Jumlah usulan masyarakat",
                "65 usulan",
                "38 usulan",
                "58,46%",
                "Jumlah usulan 58,46% dari jumlah usulan yang ditargetkan",
            ),
            (
                "Terlaksananya survei kepuasan masyarakat",
                "Jumlah pengguna layanan yang mengisi kuesioner",
                "300 orang",
                "300 orang",
                "100,00%",
                "300 orang pengguna layanan yang mengisi kuesioner",
            ),
        ),
    ),
)


def bajeng() -> list:
    """The story (not the bytes): the encrypted and truncated samples reuse it."""
    header = ("NO", "SASARAN", "INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN", "PENJELASAN KINERJA")
    rows: list[list] = [[_p(h, HEAD) for h in header]]
    spans: list[tuple] = []
    number = 0
    for section, body in BAJENG:
        spans += [
            ("SPAN", (0, len(rows)), (-1, len(rows))),
            ("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.lightgrey),
        ]
        rows.append([_p(f"<b>{section}</b>")] + [""] * 6)
        for cells in body:
            number += 1
            rows.append([_p(f"{number}.")] + [_p(t) for t in cells])
    table = Table(rows, colWidths=[20, 110, 100, 55, 55, 45, 160], repeatRows=1, style=_grid(spans))
    anggaran = Table(
        [
            [_p("PROGRAM", HEAD), _p("ANGGARAN", HEAD)],
            [_p("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"), _p("3.447.564.346")],
            [_p("Program Pemberdayaan Masyarakat Desa dan Kelurahan"), _p("1.612.808.953")],
        ],
        colWidths=[300, 100],
        style=_grid(),
    )
    return [
        _p("PENGUKURAN PERJANJIAN KINERJA TAHUN 2023", TITLE),
        _p("KECAMATAN BAJENG KABUPATEN GOWA", TITLE),
        Spacer(1, 10),
        table,
        Spacer(1, 12),
        anggaran,
        Spacer(1, 14),
        _p("Bajeng, 26 Februari 2024", TEXT),
        Spacer(1, 24),
        _p("SITI HAERANI, S.Sos", TEXT),
        _p("NIP. 19711010 199312 2003", TEXT),
        _p("Pangkat : Pembina / IV.a", TEXT),
    ]


def _page_number(c: rl_canvas.Canvas, doc: SimpleDocTemplate) -> None:
    c.setFont("Helvetica", 7)
    c.drawCentredString(doc.pagesize[0] / 2, 12, str(doc.page))


def prose() -> bytes:
    """A page of narrative with no table at all (the Kalaena foreword)."""
    paragraphs = (
        "Segala puji dan syukur senantiasa kami haturkan kehadirat Allah SWT, Tuhan Yang Esa karena atas "
        "perkenan "
        "dan rahmatnya sehingga Rencana Aksi Kantor Kecamatan Kalaena Kabupaten Luwu Timur Tahun 2024 "
        "selesai "
        "disusun.",
        "Rencana Aksi disusun sebagai dasar untuk mengevaluasi sekaligus sebagai pedoman pelaksanaan "
        "program, "
        "kegiatan dan sub kegiatan untuk mencapai tujuan dan sasaran strategis dalam rangka mewujudkan "
        "Visi dan Misi "
        "Kabupaten Luwu Timur.",
        "Kami menyadari bahwa penyusunan Rencana Aksi Kantor Kecamatan Kalaena Tahun 2024 ini masih jauh "
        "dari kata "
        "sempurna. Oleh karenanya, kami sangat mengharapkan saran maupun kritik yang bersifat membangun.",
    )
    story = [_p("KATA PENGANTAR", TITLE), Spacer(1, 10)]
    for text in paragraphs:
        story += [_p(text, TEXT), Spacer(1, 6)]
    story += [_p("Kalaena, 06 Januari 2024", TEXT), _p("CAMAT KALAENA,", TEXT)]
    return _build(story, A4, _page_number)


def scanned(pdf: bytes) -> bytes:
    """Page 1 of `pdf` as a grey image with no text layer, as a scanner would produce it."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    page = pdfium.PdfDocument(pdf)[0]
    w, h = page.get_size()
    image = page.render(scale=0.75, grayscale=True).to_pil()
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=40)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 0, 0, width=w, height=h)
    c.showPage()
    c.save()
    return buf.getvalue()


# --- born-digital PDFs as they really come (issue 9) -----------------------------------------------------------

ISSUE9 = ROOT / "tests" / "data" / "born_digital"

_SHADE = colors.Color(0.74, 0.84, 0.93)
_INDICATORS = [
    ("Persentase layanan administrasi perkantoran", "%", "100", ("25", "50", "75", "100"), "Sekretariat"),
    ("Jumlah dokumen perencanaan yang disusun", "Dokumen", "4", ("1", "1", "1", "1"), "Subbag Program"),
    ("Indeks Kepuasan Masyarakat", "Indeks", "82,5", ("82,5", "82,5", "82,5", "82,5 (Baik)"), "Seksi Pelayanan"),
    ("Jumlah laporan keuangan yang tepat waktu", "Laporan", "12", ("3", "3", "3", "3"), "Subbag Keuangan"),
    ("Persentase pengaduan masyarakat yang ditindaklanjuti", "%", "90", ("90", "90", "90", "90"),
     "Seksi Trantib"),
    ("Jumlah desa yang dibina administrasinya", "Desa", "12", ("3", "6", "9", "12"), "Seksi Pemerintahan"),
]


def _rule(c: rl_canvas.Canvas, x0: float, top: float, x1: float, bottom: float, height: float) -> None:
    """A border drawn the Word way: a thin black filled rectangle."""
    c.setFillColor(colors.black)
    c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _tiles(c: rl_canvas.Canvas, x0: float, top: float, x1: float, bottom: float, lines: int,
           height: float) -> None:
    """A shaded cell as Word exports it: a padding strip each side, one tile per text line and strips between."""
    c.setFillColor(_SHADE)
    pad = 5.0
    c.rect(x0, height - bottom, pad, bottom - top, stroke=0, fill=1)
    c.rect(x1 - pad, height - bottom, pad, bottom - top, stroke=0, fill=1)
    step = (bottom - top) / lines
    for k in range(lines):
        t = top + k * step
        c.rect(x0 + pad, height - (t + step - 1), x1 - x0 - 2 * pad, step - 1, stroke=0, fill=1)
        c.rect(x0 + pad, height - (t + step), x1 - x0 - 2 * pad, 1, stroke=0, fill=1)


def tiled_rencana_aksi() -> bytes:
    """A Rencana Aksi exported from Word: the header shaded with tiles per text line and padding strips, headers
    over two lines ("PENANGGUNG / JAWAB", "INDIKATOR / KINERJA"), a column the vocabulary does not know ("RENCANA
    TINDAK LANJUT"), a grade printed only in a quarter cell, and the table running onto a second page without its
    header, its last row on page 1 printed below the final rule."""
    width, height = landscape(A4)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setTitle("")
    cols = [40, 70, 250, 300, 345, 385, 425, 465, 505, 640, 760]
    heads = [("NO",), ("INDIKATOR", "KINERJA"), ("SATUAN",), ("TARGET",), ("TW I",), ("TW II",), ("TW III",),
             ("TW IV",), ("RENCANA TINDAK", "LANJUT"), ("PENANGGUNG", "JAWAB")]

    def header(top: float) -> float:
        bottom = top + 24
        for (x0, x1), lines in zip(itertools.pairwise(cols), heads):
            _tiles(c, x0, top, x1, bottom, 2, height)
            c.setFillColor(colors.black)
            c.setFont("Helvetica-Bold", 7)
            for k, text in enumerate(lines):
                c.drawCentredString((x0 + x1) / 2, height - (top + 9 + k * 10 - (5 if len(lines) == 1 else 0)),
                                    text)
        return bottom

    def row(top: float, number: int, item: tuple, ruled_below: bool = True) -> float:
        name, satuan, target, quarters, pj = item
        bottom = top + 22
        values = [str(number), name, satuan, target, *quarters, "Dilaksanakan setiap triwulan", pj]
        c.setFillColor(colors.black)
        c.setFont("Helvetica", 7)
        for (x0, x1), text in zip(itertools.pairwise(cols), values):
            words, line, out = text.split(), "", []
            for w in words:
                if c.stringWidth(f"{line} {w}".strip(), "Helvetica", 7) > x1 - x0 - 6:
                    out.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            out.append(line)
            for k, ln in enumerate(out):
                c.drawString(x0 + 3, height - (top + 9 + k * 8), ln)
        for x in cols:
            _rule(c, x - 0.25, top, x + 0.25, bottom, height)
        if ruled_below:
            _rule(c, cols[0], bottom - 0.25, cols[-1], bottom + 0.25, height)
        return bottom

    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString(width / 2, height - 40, "RENCANA AKSI KECAMATAN CONTOH TAHUN 2024")
    top = header(60)
    _rule(c, cols[0], 59.75, cols[-1], 60.25, height)
    _rule(c, cols[0], top - 0.25, cols[-1], top + 0.25, height)
    for x in cols:
        _rule(c, x - 0.25, 60, x + 0.25, top, height)
    for k, item in enumerate(_INDICATORS[:4], start=1):
        top = row(top, k, item, ruled_below=k < 4)  # the page's last row hangs below its final rule
    c.showPage()
    top = 40.0
    _rule(c, cols[0], top - 0.25, cols[-1], top + 0.25, height)
    for k, item in enumerate(_INDICATORS[4:], start=5):
        top = row(top, k, item)
    c.setFont("Helvetica", 9)
    c.drawString(cols[0], height - (top + 40), "Contoh, 2 Januari 2024")
    c.showPage()
    c.save()
    return buf.getvalue()


def unruled_tight() -> bytes:
    """An Excel sheet printed without gridlines: rows only ~1.3 line heights apart, a centred header of several
    words per column, names wrapping onto a second line in the first column."""
    width, height = landscape(A4)
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setTitle("")
    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString(width / 2, height - 40, "RENCANA KINERJA TAHUNAN KECAMATAN CONTOH TAHUN 2024")
    xs = {"no": 40, "ind": 60, "sat": 330, "tgt": 400}
    c.setFont("Helvetica-Bold", 8)
    c.drawString(xs["no"], height - 80, "NO")
    c.drawCentredString(190, height - 80, "INDIKATOR KINERJA")
    c.drawCentredString(350, height - 80, "SATUAN")
    c.drawCentredString(420, height - 80, "TARGET")
    c.setFont("Helvetica", 8)
    y = 80 + 14.0
    names = [f"{name} tahun berjalan" if k % 3 == 0 else name for k, (name, *_) in enumerate(_INDICATORS * 3)]
    for k, (name, (_, satuan, target, _, _)) in enumerate(zip(names, _INDICATORS * 3), start=1):
        c.drawString(xs["no"], height - y, f"{k}.")
        c.drawString(xs["ind"], height - y, name)
        c.drawString(xs["sat"], height - y, satuan)
        c.drawRightString(xs["tgt"] + 35, height - y, target)
        y += 10.4  # the font is 8 pt: rows 1.3 line heights apart
    c.showPage()
    c.save()
    return buf.getvalue()


def levels_rkt() -> bytes:
    """Two ruled tables: a PK whose sasaran is worded like a sub kegiatan of the nomenclature ("Penyediaan Gaji dan
    Tunjangan ASN"), and an RKT whose level words are mistyped as printed ("Proram", "KEGITAN")."""
    pk = Table(
        [[_p("NO", HEAD), _p("SASARAN STRATEGIS", HEAD), _p("INDIKATOR KINERJA", HEAD), _p("TARGET", HEAD)],
         [_p("1"), _p("Penyediaan Gaji dan Tunjangan ASN"), _p("Persentase ASN yang menerima gaji tepat waktu"),
          _p("100%")]],
        colWidths=[24, 200, 220, 60], style=_grid(),
    )
    rkt = Table(
        [[_p("NO", HEAD), _p("PROGRAM / KEGIATAN", HEAD), _p("INDIKATOR KINERJA", HEAD), _p("SATUAN", HEAD),
          _p("TARGET", HEAD)],
         [_p("1"), _p("Proram Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
          _p("Persentase layanan penunjang urusan pemerintahan"), _p("%"), _p("100")],
         [_p("2"), _p("KEGITAN Administrasi Keuangan Perangkat Daerah"),
          _p("Persentase laporan keuangan tepat waktu"), _p("%"), _p("100")]],
        colWidths=[24, 200, 200, 50, 50], style=_grid(),
    )
    story = [_p("PERJANJIAN KINERJA KECAMATAN CONTOH TAHUN 2024", TITLE), Spacer(1, 8), pk, Spacer(1, 30),
             _p("RENCANA KINERJA TAHUNAN KECAMATAN CONTOH TAHUN 2024", TITLE), Spacer(1, 8), rkt]
    return _build(story, A4, _page_number)


_MONTHS = [
    # indikator, satuan, target, TW I-IV, the months the activity runs
    ("Persentase layanan administrasi perkantoran", "%", "100", ("25", "50", "75", "100"), range(1, 13)),
    ("Jumlah dokumen perencanaan yang disusun", "Dokumen", "4", ("1", "2", "3", "4"), (1, 4, 7, 10)),
    ("Jumlah laporan keuangan yang tepat waktu", "Laporan", "12", ("3", "6", "9", "12"), (3, 6, 9, 12)),
    ("Persentase pengaduan masyarakat yang ditindaklanjuti", "%", "90", ("90", "90", "90", "90"), (2, 5, 8, 11)),
]


def monthly_schedule_ra() -> bytes:
    """A Rencana Aksi with its quarterly targets (TW I-IV) and, beside them, the schedule of the activity by
    month: columns headed `1` … `12` under "JADWAL PELAKSANAAN (BULAN)", a `v` in the months it runs."""
    head = [_p("NO", HEAD), _p("INDIKATOR KINERJA", HEAD), _p("SATUAN", HEAD), _p("TARGET", HEAD),
            _p("TARGET TRIWULAN", HEAD), "", "", "", _p("JADWAL PELAKSANAAN (BULAN)", HEAD), *[""] * 11]
    sub = ["", "", "", "", *[_p(q, HEAD) for q in ("TW I", "TW II", "TW III", "TW IV")],
           *[_p(str(m), HEAD) for m in range(1, 13)]]
    body = [[_p(str(k)), _p(name), _p(satuan), _p(target), *[_p(q) for q in quarters],
             *[_p("v" if m in months else "") for m in range(1, 13)]]
            for k, (name, satuan, target, quarters, months) in enumerate(_MONTHS, start=1)]
    table = Table(
        [head, sub, *body], colWidths=[20, 190, 45, 40, *[34] * 4, *[22] * 12], repeatRows=2,
        style=_grid([("SPAN", (4, 0), (7, 0)), ("SPAN", (8, 0), (19, 0)),
                     *[("SPAN", (c, 0), (c, 1)) for c in range(4)]]),
    )
    story = [_p("RENCANA AKSI KECAMATAN CONTOH TAHUN 2024", TITLE), Spacer(1, 8), table]
    return _build(story, landscape(A4), _page_number)


_MEASURED = [
    # sasaran, indikator, satuan, target, realisasi, % (capaian as printed)
    ("Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat", "Indeks", "82,5", "84,1", "101,94"),
    ("Meningkatnya kualitas pelayanan publik", "Persentase pengaduan yang ditindaklanjuti", "%", "90", "87",
     "96,67"),
    ("Meningkatnya akuntabilitas kinerja", "Nilai SAKIP Kecamatan", "Nilai", "70", "65,2", "93,14"),
]


def measurement_percent() -> bytes:
    """A pengukuran kinerja whose last column is headed only `%` (the achievement, realisasi over target)."""
    head = [_p(h, HEAD) for h in ("NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "SATUAN", "TARGET", "REALISASI",
                                  "%")]
    body = [[_p(str(k)), _p(sasaran), _p(name), _p(satuan), _p(target), _p(realisasi), _p(pct)]
            for k, (sasaran, name, satuan, target, realisasi, pct) in enumerate(_MEASURED, start=1)]
    table = Table([head, *body], colWidths=[20, 170, 190, 50, 50, 55, 45], style=_grid())
    story = [_p("PENGUKURAN KINERJA KECAMATAN CONTOH TAHUN 2023", TITLE), Spacer(1, 8), table]
    return _build(story, A4, _page_number)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    BAD.mkdir(parents=True, exist_ok=True)
    bajeng_pdf = _build(bajeng(), A4, _page_number)
    samples = {
        "000_pallangga_ra.pdf": pallangga(),
        "001_bajeng_pengukuran.pdf": bajeng_pdf,
        "002_kaligondang_ra.pdf": kaligondang(),
        "002_kaligondang_ra_rotated.pdf": kaligondang(rotated=True),
        "003_kalaena_ra.pdf": kalaena(),
    }
    # documents no batch should choke on: for the tests, kept out of samples/ so the demo ingests cleanly
    bad = {
        "900_encrypted_empty_password.pdf": _build(bajeng(), A4, _page_number, password=""),
        "901_encrypted_password.pdf": _build(bajeng(), A4, _page_number, password="rahasia"),
        "902_truncated.pdf": bajeng_pdf[: len(bajeng_pdf) // 2],
        "903_empty.pdf": b"",
        "904_not_a_pdf.pdf": b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
        b"<body><h1>Not Found</h1></body></html>\n",
        "905_prose_only.pdf": prose(),
        "906_scanned_no_text.pdf": scanned(bajeng_pdf),
    }
    ISSUE9.mkdir(parents=True, exist_ok=True)
    issue9 = {"910_tiled_rencana_aksi.pdf": tiled_rencana_aksi(), "911_unruled_tight_rkt.pdf": unruled_tight(),
              "912_levels_rkt.pdf": levels_rkt(), "913_monthly_schedule_ra.pdf": monthly_schedule_ra(),
              "914_measurement_percent.pdf": measurement_percent()}
    for folder, files in ((OUT, samples), (BAD, bad), (ISSUE9, issue9)):
        for name, data in files.items():
            (folder / name).write_bytes(data)
            print(f"{(folder / name).relative_to(ROOT)!s:50s} {len(data):8d} bytes")


if __name__ == "__main__":
    main()
