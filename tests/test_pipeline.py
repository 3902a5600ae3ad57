"""The command line: ingest writes every dataset in atomic batches, a bad file fails alone and says why."""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kinerja.cli import main
from kinerja.document_job import process_document
from kinerja.schema import SCHEMA_VERSION, SCHEMAS, to_arrow
from kinerja.store import PARTITION_KEYS, Store, read_frame

from conftest import SAMPLES, SEEDS, copy_seeds


@pytest.fixture
def archive(tmp_path):
    """The five seeds plus three files no reader can take."""
    src = copy_seeds(tmp_path / "archive")
    (src / "kosong.txt").write_bytes(b"")
    (src / "rusak.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (src / "biner.txt").write_bytes(bytes(range(256)) * 4)
    return src


def test_ingest_writes_every_seed_and_records_each_failure_with_its_reason(archive, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["ingest", str(archive), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 3, result.output  # some documents failed: the batch is told
    docs = read_frame(out, "documents").set_index(read_frame(out, "documents")["source_path"].map(
        lambda p: p.rsplit("/", 1)[-1]))
    assert len(docs) == 8
    assert set(docs.loc[list(SEEDS.values()), "status"]) <= {"ok", "partial"}
    assert "kosong.txt" in docs.loc["kosong.txt", "error"] and "empty" in docs.loc["kosong.txt", "error"]
    assert "rusak.pdf" in docs.loc["rusak.pdf", "error"]
    assert "biner.txt" in docs.loc["biner.txt", "error"]
    indicators = read_frame(out, "indicators")
    assert len(indicators) > 200
    assert set(indicators["doc_id"]) == set(docs.loc[list(SEEDS.values()), "doc_id"])


def test_datasets_follow_the_versioned_schema(archive, tmp_path):
    out = tmp_path / "out"
    CliRunner().invoke(main, ["ingest", str(archive), "--out", str(out), "--workers", "1"])
    for name in ("documents", "indicators", "periods"):
        file = next((out / name).rglob("*.parquet"))
        assert file.parent.name.startswith("provinsi=") and file.parent.parent.name.startswith("tahun=")
        schema = pq.read_schema(file)
        expected = SCHEMAS[name].remove_metadata()
        if name == "documents":  # the partition columns are in the path, as hive readers expect
            expected = pa.schema([f for f in expected if f.name not in PARTITION_KEYS])
        assert schema.remove_metadata().equals(expected)
        assert schema.metadata[b"kinerja_schema_version"] == SCHEMA_VERSION.encode()


def test_show_summarises_documents_kinds_and_rows(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["ingest", str(SAMPLES / SEEDS["bajeng"]), "--out", str(out)]).exit_code == 0
    result = CliRunner().invoke(main, ["show", str(out)])
    assert result.exit_code == 0
    assert "Bajeng" in result.output and "pengukuran_kinerja" in result.output
    assert "1 documents, 18 indicator rows" in result.output


def test_interrupted_commit_leaves_the_previous_dataset_whole(tmp_path, monkeypatch):
    """Bajeng is committed; a commit that dies after writing its files but before the manifest leaves Bajeng alone,
    and the next writer removes the dead commit's staging directory."""
    import kinerja.store as store

    out = tmp_path / "out"
    seed = process_document((SAMPLES / SEEDS["bajeng"]).read_bytes(), "bajeng.txt")
    other = process_document((SAMPLES / SEEDS["kalaena"]).read_bytes(), "kalaena.txt")
    with Store(out) as writer:
        writer.commit(add={"documents": [seed.document], "indicators": seed.indicators, "periods": seed.periods})

    def die(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_json_atomic", die)
    with pytest.raises(KeyboardInterrupt), Store(out) as writer:
        writer.commit(add={"documents": [other.document], "indicators": other.indicators})
    monkeypatch.undo()
    assert len(read_frame(out, "documents")) == 1
    assert len(read_frame(out, "indicators")) == 18
    assert [p.name for p in out.glob(".staging-*")]  # what the dead commit left…
    with Store(out):
        pass
    assert not list(out.glob(".staging-*"))  # …is removed by the next writer
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_document_id_is_the_sha256_of_its_bytes():
    data = (SAMPLES / SEEDS["kalaena"]).read_bytes()
    assert process_document(data, "x").document["doc_id"] == hashlib.sha256(data).hexdigest()


def test_processing_depends_on_the_bytes_alone():
    data = (SAMPLES / SEEDS["kaligondang"]).read_bytes()
    first, second = process_document(data, "a.txt"), process_document(data, "a.txt")
    assert first.indicators == second.indicators and first.periods == second.periods


def test_schema_refuses_columns_it_does_not_define():
    with pytest.raises(ValueError, match="not in schema"):
        to_arrow("documents", [{"doc_id": "x", "source_path": "y", "status": "ok", "schema_version": "1",
                                "bogus": 1}])


def test_workers_must_be_positive(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--out", str(tmp_path / "o"), "--workers", "0"])
    assert result.exit_code != 0 and "workers" in result.output


def test_a_dataset_written_before_columns_were_added_still_reads(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    old = tmp_path / "out" / "indicators"
    old.mkdir(parents=True)
    table = pa.table({"doc_id": ["x"], "table_index": pa.array([0], pa.int32()),
                      "row_index": pa.array([0], pa.int32())})
    pq.write_table(table.replace_schema_metadata({"kinerja_schema_version": "1.0"}), old / "part-00000.parquet")
    frame = read_frame(tmp_path / "out", "indicators")
    assert list(frame.columns) == SCHEMAS["indicators"].names
    assert frame.loc[0, "doc_id"] == "x" and frame["kode"].isna().all()


def test_a_path_that_cannot_be_read_is_a_failed_row_and_fails_the_batch(tmp_path):
    from kinerja.pipeline import ingest

    gone = tmp_path / "hilang.txt"
    summary = ingest([gone, SAMPLES / SEEDS["bajeng"]], tmp_path / "out")
    docs = read_frame(tmp_path / "out", "documents")
    failed = docs[docs["status"] == "failed"].iloc[0]
    assert "hilang.txt" in failed["error"] and "cannot read" in failed["error"]
    assert summary.failures == [failed["error"]] and len(docs) == 2


def test_reingesting_a_changed_file_drops_its_findings_and_keeps_the_others(tmp_path):
    """Kalaena and Kaligondang are audited; Kalaena's file then changes: its findings go, Kaligondang's stay, the
    report goes."""
    out = tmp_path / "out"
    kalaena, kaligondang = tmp_path / "kalaena.txt", tmp_path / "kaligondang.txt"
    kalaena.write_bytes((SAMPLES / SEEDS["kalaena"]).read_bytes())
    kaligondang.write_bytes((SAMPLES / SEEDS["kaligondang"]).read_bytes())
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(kalaena), str(kaligondang), "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["audit", str(out)]).exit_code == 0
    docs = read_frame(out, "documents").set_index("source_path")["doc_id"]
    findings = read_frame(out, "findings")
    assert {docs[str(kalaena)], docs[str(kaligondang)]} <= set(findings["doc_id"])
    kalaena.write_bytes(kalaena.read_bytes() + b"\n")
    assert runner.invoke(main, ["ingest", str(kalaena), "--out", str(out)]).exit_code == 0
    after = read_frame(out, "findings")
    assert docs[str(kalaena)] not in set(after["doc_id"])
    assert (after["doc_id"] == docs[str(kaligondang)]).sum() == (findings["doc_id"] == docs[str(kaligondang)]).sum()
    assert not (out / "report.html").exists()


def test_a_utf16_text_rendition_reads_like_its_utf8_twin(tmp_path):
    text = (SAMPLES / SEEDS["bajeng"]).read_text(encoding="utf-8")
    utf16 = process_document(text.encode("utf-16"), "bajeng-utf16.txt")
    assert utf16.document["status"] == "ok" and len(utf16.indicators) == 18


def test_a_workers_rows_reach_the_parent_as_arrow_unchanged():
    """Kalaena seed: a worker sends its rows as Arrow tables (IPC streams inside the pickle); the parent receives
    exactly the indicator and period rows the document was read into, typed by the schema."""
    import pickle

    data = (SAMPLES / SEEDS["kalaena"]).read_bytes()
    result = process_document(data, SEEDS["kalaena"])
    assert result.indicators and result.periods
    received = pickle.loads(pickle.dumps(result.packed()))
    assert received.document == result.document
    for name in ("indicators", "periods"):
        table = getattr(received, name)
        assert table.schema.equals(SCHEMAS[name])
        assert table.to_pylist() == to_arrow(name, getattr(result, name)).to_pylist()
