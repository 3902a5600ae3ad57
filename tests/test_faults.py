"""Faults a batch meets, each reproduced on a real `kinerja ingest` subprocess: every one costs one document, never
the run, never data (issue 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kinerja.store import read_frame

from conftest import ROOT, SAMPLES, SEEDS

sys.path.insert(0, str(ROOT / "samples"))
import make_faults

KINERJA = [sys.executable, "-m", "kinerja.cli"]


def kinerja(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*KINERJA, *args], capture_output=True, text=True, timeout=timeout, check=False)


def start(*args: str) -> subprocess.Popen:
    """`kinerja` running in the background, with Ctrl-C behaving as in a terminal (a test runner may ignore it)."""
    return subprocess.Popen([*KINERJA, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The worker processes of an ingest: the children of its fork server (a child of the ingest process)."""
    return [w for child in children(pid) if "forkserver" in _cmdline(child) for w in children(child)]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a live process has used (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float = 20.0, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {seconds} s: {condition}")


def documents(out: Path) -> dict[str, dict]:
    """The documents dataset keyed by file name."""
    frame = read_frame(out, "documents")
    return {Path(p).name: row for p, row in zip(frame["source_path"], frame.to_dict("records"))}


@pytest.fixture(scope="module")
def slow_pdf() -> bytes:
    return make_faults.slow_pdf()


def seed_copies(folder: Path, n: int = 3, first: int = 0) -> list[str]:
    """`n` distinct copies of the Bajeng seed (a trailing line apart): fast, good documents."""
    data = (SAMPLES / SEEDS["bajeng"]).read_bytes()
    names = [f"z{i}_bajeng.txt" for i in range(first, first + n)]
    for i, name in zip(range(first, first + n), names):
        (folder / name).write_bytes(make_faults.variant(name, data, i))
    return names


def test_a_slow_pdf_over_the_time_limit_fails_alone_whatever_its_code_catches(tmp_path, slow_pdf):
    """300 pages of 4-pt words take half a minute of a core; with --timeout 2 the worker is killed at 2 s, the document
    is failed with the reason, and the good documents are written (issue 11, item 1)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_lambat.pdf").write_bytes(slow_pdf)
    good = seed_copies(batch)
    done = kinerja("ingest", str(batch), "--out", str(tmp_path / "out"), "--workers", "2", "--timeout", "2")
    assert done.returncode == 3, done.stderr
    docs = documents(tmp_path / "out")
    assert docs["a_lambat.pdf"]["status"] == "failed"
    assert docs["a_lambat.pdf"]["error"].endswith("a_lambat.pdf: over the time limit of 2 s")
    assert all(docs[name]["status"] == "ok" for name in good)
    assert "over the time limit of 2 s" in done.stderr


def test_a_killed_worker_costs_its_document_and_is_replaced(tmp_path, slow_pdf):
    """kill -9 of a busy worker (what the OOM killer does): its document is failed with "worker died: signal 9", a
    new worker takes its place so two run again, and every other document is written (issue 11, item 2)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_lambat.pdf").write_bytes(slow_pdf)
    (batch / "b_lambat.pdf").write_bytes(make_faults.variant("b.pdf", slow_pdf, 1))
    good = seed_copies(batch, 4)
    run = start("ingest", str(batch), "--out", str(tmp_path / "out"), "--workers", "2", "--timeout", "10")
    try:
        first = wait_for(lambda: len(workers_of(run.pid)) == 2 and workers_of(run.pid))
        # both are inside a slow PDF (the biggest files go first) once each has worked a fifth of a second: a seed
        # takes a few milliseconds, and a worker that has not yet taken its document would not cost it
        wait_for(lambda: all((cpu_seconds(pid) or 0) >= 0.2 for pid in first), seconds=60)
        os.kill(first[0], signal.SIGKILL)
        replaced = wait_for(lambda: (w := workers_of(run.pid)) and first[0] not in w and len(w) == 2 and w)
        assert first[1] in replaced  # the other worker was left alone
        _, stderr = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == 3, stderr
    docs = documents(tmp_path / "out")
    reasons = sorted(docs[name]["error"].split(".pdf: ", 1)[1] for name in ("a_lambat.pdf", "b_lambat.pdf"))
    assert reasons == ["over the time limit of 10 s", "worker died: signal 9"]
    assert all(docs[name]["status"] == "ok" for name in good)


def test_a_flate_bomb_over_the_memory_limit_fails_alone(tmp_path):
    """A 1 MB stream that inflates to 1 GiB: with --max-memory 400 the worker is killed near 400 MB and replaced,
    the document is failed with the reason, the others are written (issue 11, item 3)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_bom.pdf").write_bytes(make_faults.flate_bomb())
    good = seed_copies(batch)
    done = kinerja("ingest", str(batch), "--out", str(tmp_path / "out"), "--workers", "2", "--max-memory", "400")
    assert done.returncode == 3, done.stderr
    docs = documents(tmp_path / "out")
    assert "a_bom.pdf: over the memory limit of 400 MB" in docs["a_bom.pdf"]["error"]
    assert all(docs[name]["status"] == "ok" for name in good)


def test_killing_the_main_process_leaves_no_worker_behind(tmp_path, slow_pdf):
    """kill -9 of `kinerja ingest` itself: its workers (and their fork server) exit too (issue 11, item 4)."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_lambat.pdf").write_bytes(slow_pdf)
    (batch / "b_lambat.pdf").write_bytes(make_faults.variant("b.pdf", slow_pdf, 1))
    run = start("ingest", str(batch), "--out", str(tmp_path / "out"), "--workers", "2")
    try:
        workers = wait_for(lambda: len(workers_of(run.pid)) == 2 and workers_of(run.pid))
        helpers = children(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        wait_for(lambda: not any(alive(p) for p in [*workers, *helpers]), seconds=10)
    finally:
        run.kill()
    assert not (tmp_path / "out" / "documents").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_run_kills_its_workers_and_keeps_the_previous_dataset(tmp_path, slow_pdf, sig):
    """SIGTERM from a batch scheduler, or Ctrl-C: the run stops at once, its workers with it, and the dataset of
    the previous run is left as it was (nothing half-published, no staging left; only the run's log is added)."""
    out = tmp_path / "out"
    assert kinerja("ingest", str(SAMPLES / SEEDS["bajeng"]), "--out", str(out)).returncode == 0

    def dataset() -> dict[Path, bytes]:
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "logs" not in p.parts}

    before = dataset()
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_lambat.pdf").write_bytes(slow_pdf)
    (batch / "b_lambat.pdf").write_bytes(make_faults.variant("b.pdf", slow_pdf, 1))
    seed_copies(batch, 2)  # not yet handed out when the signal comes: both workers are inside a slow PDF
    run = start("ingest", str(batch), "--out", str(out), "--workers", "2")
    try:
        workers = wait_for(lambda: len(workers_of(run.pid)) >= 1 and workers_of(run.pid))
        time.sleep(0.5)
        run.send_signal(sig)
        run.communicate(timeout=20)
    finally:
        run.kill()
    assert run.returncode != 0
    wait_for(lambda: not any(alive(p) for p in workers), seconds=10)
    assert dataset() == before
    assert [p.name for p in [*tmp_path.iterdir(), *out.iterdir()] if "staging" in p.name] == []


def test_linked_folders_are_read_and_every_path_not_read_is_said(tmp_path):
    """An archive assembled from links: a kecamatan folder linked in from elsewhere is read (it was silently lost),
    a link back up the tree (a loop) is read once, and a broken link, a named pipe and a photo are each named with
    the reason on stderr and in the run's log (issue 11, item 6)."""
    elsewhere = tmp_path / "elsewhere" / "kec_b"
    elsewhere.mkdir(parents=True)
    linked = seed_copies(elsewhere, 2)
    archive = tmp_path / "arsip"
    (archive / "kec_a").mkdir(parents=True)
    direct = seed_copies(archive / "kec_a", 1, first=2)
    (archive / "kec_b").symlink_to(elsewhere, target_is_directory=True)
    (archive / "kec_a" / "balik").symlink_to(archive, target_is_directory=True)  # a loop
    (archive / "hilang.pdf").symlink_to(tmp_path / "tidak-ada.pdf")
    os.mkfifo(archive / "antrian.pdf")
    (archive / "foto.jpg").write_bytes(make_faults.png_named_pdf())
    out = tmp_path / "out"
    done = kinerja("ingest", str(archive), "--out", str(out), "--quiet", timeout=60)
    assert done.returncode == 0, done.stderr
    docs = read_frame(out, "documents")
    assert sorted(Path(p).name for p in docs["source_path"]) == sorted(direct + linked)
    assert {str(archive / "kec_b" / name) for name in linked} <= set(docs["source_path"])
    said = done.stderr
    assert f"folder already read as {archive}" in said and str(archive / "kec_a" / "balik") in said
    assert f"broken link (to {tmp_path / 'tidak-ada.pdf'})" in said
    assert "not a regular file (a named pipe)" in said and "antrian.pdf" in said
    assert "not a kind of file kinerja reads" in said and "foto.jpg" in said
    log = next((out / "logs").glob("*.log")).read_text()
    assert f"not read: {archive / 'foto.jpg'}: not a kind of file kinerja reads (.jpg)" in log


@pytest.mark.parametrize(("kind", "status", "reason"), [
    ("zero_byte", "failed", "empty file (0 bytes)"),
    ("truncated", "failed", "truncated or damaged PDF"),
    ("random_bytes", "failed", "binary file that is neither a PDF nor text"),
    ("png_named_pdf", "failed", "a PNG image, not a PDF, Word, Excel or text document"),
    ("zip_named_pdf", "failed", "a ZIP archive of 2 file(s) (lampiran_1.pdf, lampiran_2.pdf)"),
    ("docx_named_pdf", "failed", "damaged Word document"),
    ("encrypted", "failed", "encrypted: a password is needed to open it"),
    ("corrupt_xref", "no_tables", "no performance table found"),
    ("page_tree_cycle", "no_tables", "no performance table found"),
    ("nested_arrays", "no_tables", "no performance table found"),
    ("huge_pages", "no_tables", "no performance table found"),
])
def test_each_bad_file_is_one_row_that_says_what_it_is(kind, status, reason):
    """Every kind of bad file of the fault batch gives its own row with a reason naming it; a ZIP archive or a PNG
    saved as .pdf is said to be one (it was read as the PDF stored inside, or as "Word/Excel", item 10)."""
    from kinerja.document_job import process_document

    fault = make_faults.FAULTS[kind]
    document = process_document(fault.make(), f"arsip/{kind}{fault.suffix}").document
    assert document["status"] == status
    assert document["error"].startswith(f"arsip/{kind}{fault.suffix}: ")
    assert reason in document["error"]
