"""Archives arrive in batches: ingest adds to a dataset, skips what it holds, replaces what changed, survives kill -9.

The seeds stand in for an archive: Pallangga, Bajeng, Kaligondang, Kalaena and Pengadegan, each a different
kecamatan, year and layout; "variants" are the same text with trailing blank lines, so different bytes, same rows.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kinerja.cli import main
from kinerja.document_job import process_document
from kinerja.pipeline import IngestOptions, IngestProgress, ingest
from kinerja.store import MANIFEST_FILE, Store, read_frame, read_manifest, read_table

from conftest import SAMPLES, SEEDS, copy_seeds

KINERJA = [sys.executable, "-m", "kinerja.cli"]


def seed_file(folder: Path, name: str, variant: int = 0, as_name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (as_name or f"{name}-{variant}.txt")
    path.write_bytes((SAMPLES / SEEDS[name]).read_bytes() + b"\n" * variant)
    return path


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def by_name(out: Path):
    docs = read_frame(out, "documents")
    return docs.set_index(docs["source_path"].map(lambda p: Path(p).name))


def test_ingesting_a_second_folder_keeps_the_first(tmp_path):
    """Batch A (Pallangga, Bajeng) then batch B (Kaligondang) into one --out: all three are there."""
    seed_file(tmp_path / "a", "pallangga")
    seed_file(tmp_path / "a", "bajeng")
    seed_file(tmp_path / "b", "kaligondang")
    out = tmp_path / "out"
    assert invoke("ingest", tmp_path / "a", "--out", out).exit_code == 0
    assert invoke("ingest", tmp_path / "b", "--out", out).exit_code == 0
    docs = by_name(out)
    assert sorted(docs.index) == ["bajeng-0.txt", "kaligondang-0.txt", "pallangga-0.txt"]
    assert sorted(docs["kecamatan"]) == ["Bajeng", "Kaligondang", "Pallangga"]
    indicators = read_frame(out, "indicators")
    assert (indicators["doc_id"] == docs.loc["bajeng-0.txt", "doc_id"]).sum() == 18
    assert set(indicators["doc_id"]) == set(docs["doc_id"])


def test_a_rerun_skips_unchanged_documents_and_says_so(tmp_path):
    seed_file(tmp_path / "a", "bajeng")
    seed_file(tmp_path / "a", "kalaena")
    out = tmp_path / "out"
    assert invoke("ingest", tmp_path / "a", "--out", out).exit_code == 0
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    again = invoke("ingest", tmp_path / "a", "--out", out)
    assert again.exit_code == 0
    assert "2 documents unchanged since they were read, skipped" in again.output
    assert "0 documents read" in again.output
    assert json.loads((out / MANIFEST_FILE).read_text())["files"] == manifest["files"]  # nothing rewritten
    forced = invoke("ingest", tmp_path / "a", "--out", out, "--force")
    assert "2 documents read" in forced.output
    assert len(read_frame(out, "documents")) == 2 and len(read_frame(out, "indicators")) == 18 + len(
        process_document((SAMPLES / SEEDS["kalaena"]).read_bytes(), "k").indicators)


def test_the_same_bytes_under_two_names_are_one_document_with_both_paths(tmp_path):
    """Bajeng saved twice (bajeng.txt and salinan/bajeng-copy.txt): one documents row, every path kept, and the
    README's DuckDB join gives one row per indicator (18)."""
    first = seed_file(tmp_path / "arsip", "bajeng", as_name="bajeng.txt")
    copy = seed_file(tmp_path / "arsip" / "salinan", "bajeng", as_name="bajeng-copy.txt")
    out = tmp_path / "out"
    assert invoke("ingest", tmp_path / "arsip", "--out", out).exit_code == 0
    docs = read_frame(out, "documents")
    assert len(docs) == 1
    assert list(docs.loc[0, "source_paths"]) == [str(first), str(copy)]
    joined = duckdb.sql(f"""SELECT d.kode_wilayah, i.kecamatan, i.indikator, i.target
        FROM '{out}/indicators/**/*.parquet' i JOIN '{out}/documents/**/*.parquet' d USING (doc_id)""").fetchall()
    assert len(joined) == 18
    # a third name found later joins the same document without reading it again
    third = seed_file(tmp_path / "lain", "bajeng", as_name="bajeng-lagi.txt")
    result = invoke("ingest", third, "--out", out)
    assert "1 documents unchanged" in result.output
    assert list(read_frame(out, "documents").loc[0, "source_paths"]) == [str(first), str(copy), str(third)]


def test_a_new_version_of_a_file_replaces_its_rows(tmp_path):
    """laporan.txt held Bajeng (18 rows); the office overwrites it with Kaligondang: Bajeng's rows leave."""
    path = seed_file(tmp_path / "a", "bajeng", as_name="laporan.txt")
    seed_file(tmp_path / "a", "kalaena")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    path.write_bytes((SAMPLES / SEEDS["kaligondang"]).read_bytes())
    result = invoke("ingest", path, "--out", out)
    assert "1 removed" in result.output
    docs = by_name(out)
    assert docs.loc["laporan.txt", "kecamatan"] == "Kaligondang" and len(docs) == 2
    indicators = read_frame(out, "indicators")
    assert "Bajeng" not in set(indicators["kecamatan"])
    assert set(indicators["doc_id"]) == set(docs["doc_id"])


def test_replace_keeps_only_the_documents_of_this_run(tmp_path):
    seed_file(tmp_path / "a", "bajeng")
    seed_file(tmp_path / "b", "kalaena")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    assert invoke("ingest", tmp_path / "b", "--out", out, "--replace").exit_code == 0
    assert list(by_name(out).index) == ["kalaena-0.txt"]
    assert set(read_frame(out, "indicators")["kecamatan"]) == {"Kalaena"}


def test_remove_takes_a_folder_out_and_keeps_documents_found_elsewhere_too(tmp_path):
    seed_file(tmp_path / "a", "bajeng")
    seed_file(tmp_path / "a", "kalaena")
    seed_file(tmp_path / "b", "kalaena", as_name="kalaena-0.txt")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", tmp_path / "b", "--out", out)
    result = invoke("remove", out, "--path", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "1 documents removed" in result.output and "1 kept under their other paths" in result.output
    docs = read_frame(out, "documents")
    assert list(docs["source_paths"].map(list)) == [[str(tmp_path / "b" / "kalaena-0.txt")]]
    assert set(read_frame(out, "indicators")["kecamatan"]) == {"Kalaena"}


def test_an_empty_folder_is_refused_and_the_dataset_left_as_it_was(tmp_path):
    seed_file(tmp_path / "a", "bajeng")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    before = (out / MANIFEST_FILE).read_bytes()
    (tmp_path / "kosong").mkdir()
    for args in ([tmp_path / "kosong"], [tmp_path / "kosong", "--replace"]):
        result = invoke("ingest", *args, "--out", out)
        assert result.exit_code != 0 and "no document found under" in result.output
    assert (out / MANIFEST_FILE).read_bytes() == before


def test_a_folder_of_unreadable_files_is_refused_and_the_dataset_left_as_it_was(tmp_path):
    seed_file(tmp_path / "a", "bajeng")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    before = (out / MANIFEST_FILE).read_bytes()
    bad = tmp_path / "rusak"
    bad.mkdir()
    (bad / "kosong.pdf").write_bytes(b"")
    (bad / "potong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    result = invoke("ingest", bad, "--out", out, "--replace")
    assert result.exit_code != 0 and "none of the 2 files could be read" in result.output
    assert (out / MANIFEST_FILE).read_bytes() == before
    assert len(read_frame(out, "indicators")) == 18


def test_results_in_any_order_give_the_same_dataset(tmp_path):
    results = [process_document((SAMPLES / f).read_bytes(), f) for f in SEEDS.values()]
    for name, order in (("forward", results), ("backward", results[::-1])):
        with Store(tmp_path / name) as store:
            for r in order:
                store.commit(add={"documents": [r.document], "indicators": r.indicators, "periods": r.periods})
    for dataset, key in (("indicators", ["doc_id", "table_index", "row_index"]),
                         ("periods", ["doc_id", "table_index", "row_index", "period", "measure"])):
        a = read_table(tmp_path / "forward", dataset).sort_by([(k, "ascending") for k in key])
        b = read_table(tmp_path / "backward", dataset).sort_by([(k, "ascending") for k in key])
        assert a.equals(b)


def test_compact_merges_batch_files_and_keeps_every_row(tmp_path):
    for variant in range(4):
        seed_file(tmp_path / "a", "bajeng", variant)
    out = tmp_path / "out"
    assert invoke("ingest", tmp_path / "a", "--out", out, "--batch", "1", "--workers", "1").exit_code == 0
    files = sorted((out / "indicators").rglob("*.parquet"))
    assert len(files) == 4  # one per batch
    before = read_table(out, "indicators").sort_by("doc_id")
    result = invoke("compact", out)
    assert result.exit_code == 0 and "files ->" in result.output
    assert len(list((out / "indicators").rglob("*.parquet"))) == 1
    assert read_table(out, "indicators").sort_by("doc_id").equals(before)
    assert len(duckdb.sql(f"SELECT * FROM '{out}/indicators/**/*.parquet'").fetchall()) == 4 * 18


def test_a_dataset_of_schema_1_0_is_read_extended_and_moved_into_partitions(tmp_path):
    """A 1.0 dataset (documents/part-00000.parquet, no manifest): read as it is, a new ingest adds to it, and
    compact moves it into tahun=/provinsi= partitions."""
    out = tmp_path / "out"
    bajeng = process_document((SAMPLES / SEEDS["bajeng"]).read_bytes(), str(tmp_path / "bajeng.txt"))
    legacy = {"documents": [bajeng.document], "indicators": bajeng.indicators, "periods": bajeng.periods}
    for name, rows in legacy.items():
        (out / name).mkdir(parents=True)
        from kinerja.schema import to_arrow

        table = to_arrow(name, rows)
        if name == "documents":
            table = table.drop_columns(["source_paths", "kinerja_version"])
        pq.write_table(table.replace_schema_metadata({"kinerja_schema_version": "1.0"}),
                       out / name / "part-00000.parquet")
    assert read_frame(out, "documents").loc[0, "kecamatan"] == "Bajeng"
    seed_file(tmp_path / "b", "kalaena")
    assert invoke("ingest", tmp_path / "b", "--out", out).exit_code == 0
    assert sorted(read_frame(out, "documents")["kecamatan"]) == ["Bajeng", "Kalaena"]
    assert invoke("compact", out).exit_code == 0
    assert not (out / "documents" / "part-00000.parquet").exists()
    assert (out / "indicators" / "tahun=2023" / "provinsi=Sulawesi Selatan").is_dir()
    frame = read_frame(out, "indicators")
    assert (frame["kecamatan"] == "Bajeng").sum() == 18


def test_a_commit_interrupted_after_its_manifest_is_finished_by_the_next_writer(tmp_path, monkeypatch):
    """The manifest names the new files but the process died before moving them into place: readers still read
    them from staging, and the next writer finishes the move."""
    import kinerja.store as store

    out = tmp_path / "out"
    bajeng = process_document((SAMPLES / SEEDS["bajeng"]).read_bytes(), "bajeng.txt")

    def die(self, pending):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.Store, "_apply_pending", die)
    with pytest.raises(KeyboardInterrupt), Store(out) as writer:
        writer.commit(add={"documents": [bajeng.document], "indicators": bajeng.indicators})
    monkeypatch.undo()
    assert not list((out / "indicators").rglob("*.parquet")) and len(read_frame(out, "indicators")) == 18
    with Store(out):
        pass
    assert len(list((out / "indicators").rglob("*.parquet"))) == 1 and not list(out.glob(".staging-*"))
    assert len(read_frame(out, "indicators")) == 18


def _start_ingest(archive: Path, out: Path, *args: str) -> subprocess.Popen:
    """A real `kinerja ingest` in its own process group, returned once it holds the dataset (its log exists)."""
    run = subprocess.Popen([*KINERJA, "ingest", str(archive), "--out", str(out), *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / "logs").is_dir() or not list((out / "logs").glob("*.log")):
        assert time.monotonic() < deadline and run.poll() is None, "the ingest never started"
        time.sleep(0.02)
    return run


def _kill_9(run: subprocess.Popen) -> None:
    """SIGKILL the run, then its orphaned pool workers (which must not outlive the test)."""
    run.send_signal(signal.SIGKILL)
    run.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.pid, signal.SIGKILL)


@pytest.mark.slow
def test_a_second_ingest_into_a_dataset_being_written_is_refused_with_the_holders_pid(tmp_path):
    """Two `kinerja ingest` into one --out: the second is refused, naming the first's pid; once the first is killed
    (its lock file still naming it), the next run takes the lock over. The first is held busy by a file that never
    finishes arriving (a named pipe nobody writes to)."""
    archive = copy_seeds(tmp_path / "arsip")
    arriving = tmp_path / "masih-diunggah.txt"
    os.mkfifo(arriving)
    out = tmp_path / "out"
    first = _start_ingest(arriving, out, "--workers", "1")
    try:
        second = subprocess.run([*KINERJA, "ingest", str(archive), "--out", str(out)], capture_output=True,
                                text=True)
        assert second.returncode != 0
        assert f"pid {first.pid}" in second.stderr and "another kinerja run is writing" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        _kill_9(first)
    assert f"pid {first.pid}" in (out / ".lock").read_text()
    assert invoke("ingest", archive, "--out", out).exit_code == 0
    assert len(read_frame(out, "documents")) == 5


@pytest.mark.slow
def test_kill_9_at_a_random_moment_leaves_whole_batches_and_the_rerun_completes_them(tmp_path, report):
    """40 documents, committed 3 at a time; the ingest process is SIGKILLed at a random moment after its first
    commit (so in the middle of writing: a kill before any commit is the empty case). What is left reads,
    holds every row of each document it lists (whole batches only), and the re-run reads only the rest: every
    document exactly once, rows equal to a clean run's."""
    archive = tmp_path / "arsip"
    for variant in range(8):
        for name in SEEDS:
            seed_file(archive, name, variant)
    out = tmp_path / "out"
    moment = random.Random().uniform(0.0, 3.0)
    run = _start_ingest(archive, out, "--batch", "3", "--workers", "2")
    deadline = time.monotonic() + 120
    while run.poll() is None and not (read_manifest(out) or {}).get("files", {}).get("documents"):
        assert time.monotonic() < deadline, "no batch was ever committed"
        time.sleep(0.01)
    time.sleep(moment)  # a random moment after the first commit: in the middle of writing the dataset
    _kill_9(run)
    docs = read_frame(out, "documents")
    indicators = read_frame(out, "indicators")
    counts = indicators.groupby("doc_id").size()
    for _, doc in docs.iterrows():  # every listed document has all its rows
        assert counts.get(doc["doc_id"], 0) == doc["n_indicators"], f"killed after {moment:.2f}s"
    assert set(indicators["doc_id"]) <= set(docs["doc_id"])
    assert docs["doc_id"].is_unique
    done_before = len(docs)
    report(f"kill -9 {moment:.2f}s after the first commit: {done_before} of 40 committed, re-run read the rest")

    rerun = subprocess.run([*KINERJA, "ingest", str(archive), "--out", str(out), "--workers", "2"],
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{40 - done_before} documents read" in rerun.stdout
    docs = read_frame(out, "documents")
    assert len(docs) == 40 and docs["doc_id"].is_unique
    assert not list(out.glob(".staging-*"))
    clean = tmp_path / "clean"
    ingest([archive], clean, IngestOptions(workers=1))
    key = [("doc_id", "ascending"), ("table_index", "ascending"), ("row_index", "ascending")]
    assert read_table(out, "indicators").sort_by(key).equals(read_table(clean, "indicators").sort_by(key))


def test_progress_is_one_line_every_few_seconds_when_not_a_terminal_and_the_run_is_logged(tmp_path):
    import io

    from kinerja.progress import ConsoleProgress

    seed_file(tmp_path / "a", "bajeng")
    (tmp_path / "a" / "rusak.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    stream = io.StringIO()
    progress = ConsoleProgress(stream=stream, interval=0)
    summary = ingest([tmp_path / "a"], tmp_path / "out", IngestOptions(workers=1), progress)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "reading 2 documents"
    assert any(line.startswith("failed: ") and "rusak.pdf" in line for line in lines)
    assert lines[-1].startswith("2/2 documents,") and "pages/s" in lines[-1] and lines[-1].endswith("1 failed")
    log = summary.log_path.read_text()
    assert summary.log_path.parent == tmp_path / "out" / "logs"
    assert "start: 2 files, 2 to read" in log and "rusak.pdf" in log and "committed batch 1" in log


def test_partitions_read_without_glue_in_pandas_and_duckdb(tmp_path):
    """Hive partitions: pandas and DuckDB see tahun and provinsi as columns of every dataset."""
    import pandas as pd

    seed_file(tmp_path / "a", "bajeng")
    seed_file(tmp_path / "a", "kaligondang")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    indicators = pd.read_parquet(out / "indicators")
    assert indicators.groupby(["tahun", "provinsi"], observed=True).size().to_dict() == {
        (2022, "Jawa Tengah"): 52, (2023, "Sulawesi Selatan"): 18}
    rows = duckdb.sql(f"SELECT kecamatan, tahun FROM '{out}/documents/**/*.parquet' ORDER BY tahun").fetchall()
    assert rows == [("Kaligondang", 2022), ("Bajeng", 2023)]
    assert pa.types.is_integer(read_table(out, "documents").schema.field("tahun").type)


@pytest.mark.slow
def test_the_dask_engine_on_a_local_cluster_writes_the_same_rows_as_the_local_pool(tmp_path):
    """A LocalCluster of 2 worker processes, one thread each, over the five seeds, a broken PDF and a PDF that
    reads for tens of seconds (over the 15 s time limit: its worker is restarted, the others go on). The limit is
    generous, so that a seed read on a machine shared with other runs never reaches it."""
    sys.path.insert(0, str(SAMPLES))
    from make_faults import slow_pdf

    archive = copy_seeds(tmp_path / "arsip")
    (archive / "rusak.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (archive / "lambat.pdf").write_bytes(slow_pdf())
    local = ingest([archive], tmp_path / "local", IngestOptions(workers=2, timeout=15))
    dask = ingest([archive], tmp_path / "dask", IngestOptions(workers=2, timeout=15, engine="dask",
                                                              batch_documents=2))
    assert dask.documents == local.documents == 7 and dask.batches >= 3
    assert sorted(dask.failures) == sorted(local.failures)
    assert any("lambat.pdf: over the time limit of 15 s" in f for f in dask.failures)
    for name, key in (("documents", ["doc_id"]), ("indicators", ["doc_id", "table_index", "row_index"]),
                      ("periods", ["doc_id", "table_index", "row_index", "period", "measure"])):
        order = [(k, "ascending") for k in key]
        assert read_table(tmp_path / "dask", name).sort_by(order).equals(read_table(tmp_path / "local", name)
                                                                         .sort_by(order)), name
    # the same resume: a second run on the cluster skips everything
    again = ingest([archive], tmp_path / "dask", IngestOptions(workers=2, engine="dask"))
    assert again.documents == 0 and again.skipped == 7


def test_commands_that_change_a_dataset_refuse_a_folder_that_is_none(tmp_path):
    """compact, remove and query on a folder of PDFs: a one-line refusal, nothing written into it."""
    folder = tmp_path / "bukan-dataset"
    seed_file(folder, "bajeng")
    before = sorted(p.name for p in folder.iterdir())
    for args in (["compact", folder], ["remove", folder, "--path", folder / "bajeng-0.txt"],
                 ["query", folder, "SELECT 1"], ["export", folder, "--csv", tmp_path / "csv"]):
        result = invoke(*args)
        assert result.exit_code == 1 and "not a kinerja dataset" in result.output, args
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_rerun_hashes_only_files_whose_size_or_time_changed(tmp_path, monkeypatch):
    import kinerja.pipeline as pipeline

    seed_file(tmp_path / "a", "bajeng")
    changed = seed_file(tmp_path / "a", "kalaena")
    out = tmp_path / "out"
    invoke("ingest", tmp_path / "a", "--out", out)
    assert (out / "_hashes.parquet").is_file()
    hashed = []
    real = pipeline._hash_file
    monkeypatch.setattr(pipeline, "_hash_file", lambda path: hashed.append(Path(path).name) or real(path))
    changed.write_bytes(changed.read_bytes() + b"\n")
    result = invoke("ingest", tmp_path / "a", "--out", out)
    assert hashed == ["kalaena-0.txt"]
    assert "1 documents read" in result.output and "1 unchanged skipped" in result.output
    assert "1 removed" in result.output


class _Order(IngestProgress):
    """Records the documents in the order their results arrive."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def document(self, result) -> None:
        self.names.append(Path(result.document["source_path"]).name)


def test_the_biggest_files_are_read_first_and_the_last_one_is_committed_alone(tmp_path):
    """Four seeds with one worker: read biggest first (Kalaena 38 KB, Kaligondang 14 KB, Pallangga 9 KB, Bajeng
    3 KB), so an archive does not end on one worker reading a big file; the three read when the last is handed out
    are committed while it is read, so the run ends with a commit of one document, not of the whole batch."""
    archive = tmp_path / "arsip"
    for name in ("bajeng", "kaligondang", "kalaena", "pallangga"):
        seed_file(archive, name)
    order = _Order()
    out = tmp_path / "out"
    summary = ingest([archive], out, IngestOptions(workers=1), order)
    assert order.names == ["kalaena-0.txt", "kaligondang-0.txt", "pallangga-0.txt", "bajeng-0.txt"]
    assert summary.batches == 2
    log = summary.log_path.read_text()
    assert "committed batch 1: 3 documents (3 of 4 read)" in log
    assert "committed batch 2: 1 documents (4 of 4 read)" in log
    assert len(read_frame(out, "documents")) == 4


def test_a_batch_that_cannot_be_written_stops_the_run_and_keeps_the_batches_before_it(tmp_path, monkeypatch):
    """Batches are written beside the run, not in its way; when one fails (a full disk), the run stops with that
    error, the batches committed before it stay, and the run's log says where it stopped."""
    archive = tmp_path / "arsip"
    for name in ("bajeng", "kaligondang", "kalaena", "pallangga"):
        seed_file(archive, name)
    commit = Store.commit
    calls = []

    def full_disk(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return commit(self, *args, **kwargs)

    monkeypatch.setattr(Store, "commit", full_disk)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left on device"):
        ingest([archive], out, IngestOptions(workers=1, batch_documents=1))
    monkeypatch.undo()
    assert list(read_frame(out, "documents")["source_path"].map(lambda p: Path(p).name)) == ["kalaena-0.txt"]
    log = next((out / "logs").glob("*.log")).read_text()
    assert "committed batch 1: 1 documents" in log and "stopped: OSError" in log
    again = ingest([archive], out, IngestOptions(workers=1))  # the next run reads only what was not committed
    assert again.skipped == 1 and again.documents == 3
