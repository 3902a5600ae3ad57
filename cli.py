"""The `kinerja` command line.

Start-up stays light: this module imports only click at the top; each command imports what it uses when it runs, so
`kinerja --help` does not pay for PDF readers, the matcher or pandas.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click


@click.group()
@click.version_option(package_name="kinerja")
def main() -> None:
    """kinerja: performance tables of Indonesian government documents into one auditable dataset.

    Reads born-digital PDF (.pdf), Word (.docx), Excel (.xlsx, .xlsm) and text renditions (.txt, .text).
    Scanned PDFs without a text layer are listed as no_tables; legacy .doc/.xls and OpenDocument files as
    failed, with the reason.

    \b
    A typical run:
      kinerja ingest ARCHIVE --out DIR
      kinerja audit DIR        (DIR/report.html)
      kinerja inspect DIR      (DIR/pages/, linked from the report)
    """
    # a batch scheduler's SIGTERM ends the run like Ctrl-C: staging removed, the previous dataset left whole
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def _require_dataset(out_dir: Path) -> None:
    """Refuse, with the reason, a folder that is not a kinerja dataset (or whose documents cannot be read)."""
    from .store import read_table

    try:
        read_table(out_dir, "documents")
    except FileNotFoundError as exc:
        raise click.ClickException(f"{out_dir} is not a kinerja dataset: no documents/ in it "
                                   f"(run `kinerja ingest PATH... --out {out_dir}` first)") from exc
    except Exception as exc:  # a damaged or foreign Parquet file: say which, write nothing
        raise click.ClickException(f"{out_dir}: its documents dataset cannot be read ({exc})") from exc


@main.command("ingest", short_help="Add PDF, Word, Excel and text files to the dataset --out.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dataset directory: documents are added to it (see --replace).")
@click.option("--workers", type=int, default=min(2, os.cpu_count() or 1), show_default=True,
              help="Documents processed in parallel (with --engine dask and no --scheduler: local Dask workers).")
@click.option("--overrides", "overrides_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Reviewed matching decisions (default: DIR/overrides.csv, kept across rebuilds).")
@click.option("--timeout", type=int, default=300, show_default=True,
              help="Seconds one document may take before its worker is killed and it is recorded as failed, plus "
                   "--page-timeout for each page it reads by OCR (0: no limit).")
@click.option("--page-timeout", type=int, default=30, show_default=True,
              help="Seconds added to --timeout for each page of a document read by OCR, as the worker reaches it: "
                   "a 200-page scan may take 300 + 200 × 30 s, a document stuck on one page still fails.")
@click.option("--max-memory", type=int, default=None,
              help="Megabytes of memory one worker may use before it is killed and its document recorded as failed "
                   "(0: no limit)  [default: 2048, or an equal share of 80% of the machine's memory if less]")
@click.option("--force", is_flag=True, help="Read documents again even when DIR holds them from this version.")
@click.option("--replace", is_flag=True, help="DIR ends holding only the documents of this run.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: a process pool on this machine; dask: Dask workers (a cluster with --scheduler).")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) for --engine dask.")
@click.option("--batch", "batch_documents", type=int, default=50, show_default=True,
              help="Commit every this many documents (or every 30 s): the most a crash can cost.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no per-document lines; the summary only.")
def ingest_command(paths: tuple[Path, ...], out_dir: Path, workers: int, overrides_path: Path | None,
                   timeout: int, page_timeout: int, force: bool, replace: bool, engine: str, scheduler: str | None,
                   batch_documents: int, quiet: bool, max_memory: int | None) -> None:
    """Read PATHS (files or directories) and add their documents to the dataset in --out.

    Reads .pdf, .docx, .xlsx/.xlsm and .txt/.text files (directories are searched recursively); other office
    formats are recorded as failed with the reason.

    Unchanged documents already in DIR are skipped, a changed file replaces its previous version, and work is
    committed in batches: a run that is stopped keeps what it committed and the next run goes on from there.
    """
    from .runner import start_fork_server

    if engine == "local":  # the workers' imports run on the other core while this process imports its own
        start_fork_server([f"{__package__}.document_job"])
    from .normalize.overrides import OVERRIDES_FILE, check_overrides, read_overrides
    from .pipeline import IngestOptions, NothingToIngest, default_max_memory, ingest
    from .progress import ConsoleProgress
    from .runner import PoolBroken
    from .store import DatasetError, DatasetLocked

    try:
        overrides = read_overrides(overrides_path or out_dir / OVERRIDES_FILE)
        options = IngestOptions(workers=workers, overrides=frozenset(overrides.items()), timeout=timeout,
                                page_timeout=page_timeout, force=force, replace=replace, engine=engine,
                                scheduler=scheduler, batch_documents=batch_documents,
                                max_memory=default_max_memory(workers) if max_memory is None else max_memory)
        check_overrides(overrides)  # an override naming an unknown code stops the run here, not per document
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    progress = ConsoleProgress(quiet=quiet)
    try:
        summary = ingest(list(paths), out_dir, options, progress)
    except (NothingToIngest, DatasetLocked, DatasetError, PoolBroken) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items())) or "none read"
    click.echo(
        f"{summary.documents} documents read ({statuses}), {summary.skipped} unchanged skipped, "
        f"{summary.removed} removed; {summary.indicators} indicator rows, {summary.periods} period values "
        f"in {summary.seconds:.1f}s -> {out_dir} (log: {summary.log_path})"
    )
    if summary.not_read:
        from .pipeline import describe_not_read

        click.echo(f"not read ({len(summary.not_read)} paths, listed in the log): "
                   f"{describe_not_read(summary.not_read)}", err=True)
    if quiet:
        for failure in summary.failures:
            click.echo(f"failed: {failure}", err=True)
    if summary.failures:
        sys.exit(3)


@main.command("remove", short_help="Take the documents of the given source paths out of DIR.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--path", "source_paths", multiple=True, required=True,
              help="A source file, or a folder: every document found under it. Repeatable.")
def remove_command(out_dir: Path, source_paths: tuple[str, ...]) -> None:
    """Remove the documents of the given source paths from DIR (a document found under other paths too keeps
    those)."""
    from .store import DatasetError, DatasetLocked, remove_sources

    try:
        removed, kept = remove_sources(out_dir, list(source_paths))
    except (DatasetLocked, DatasetError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{removed} documents removed from {out_dir}" + (f", {kept} kept under their other paths" if kept
                                                                  else ""))
    if not removed and not kept:
        sys.exit(1)


@main.command("compact", short_help="Merge DIR's small batch files into few large ones.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def compact_command(out_dir: Path) -> None:
    """Merge DIR's small files (one per batch and partition) into few large ones; move a 1.0 dataset into
    partitions."""
    from .store import DatasetError, DatasetLocked, Store

    try:
        with Store(out_dir, create=False) as store:
            before, after = store.compact(min_files=2)
    except (DatasetLocked, DatasetError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{before} files -> {after} files in {out_dir}")


@main.command("query", short_help="Run DuckDB SQL over DIR: documents, indicators, periods, findings.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("sql")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the result as CSV.")
@click.option("--parquet", "parquet_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result as Parquet.")
@click.option("--rows", "max_rows", type=int, default=40, show_default=True, help="Rows printed at most.")
def query_command(out_dir: Path, sql: str, csv_path: Path | None, parquet_path: Path | None, max_rows: int) -> None:
    """Run SQL (DuckDB) over DIR's views: documents, indicators, periods, findings, and indikator_tw (one row per
    indicator with TW1-TW4 target, realisasi and anggaran as columns)."""
    import duckdb

    from .query import run_query
    from .store import DatasetError

    try:
        relation = run_query(out_dir, sql)
        if relation is None:
            return
        if csv_path or parquet_path:
            if csv_path:
                relation.write_csv(str(csv_path))
            if parquet_path:
                relation.write_parquet(str(parquet_path))
            click.echo(f"{relation.shape[0]} rows -> {csv_path or parquet_path}")
            return
        frame = relation.limit(max_rows + 1).df()
        total = relation.shape[0]
    except (duckdb.Error, DatasetError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 60):
        click.echo(frame.head(max_rows).to_string(index=False))
    if total > max_rows:
        click.echo(f"({total} rows, {max_rows} shown; --csv or --parquet writes them all)")


@main.command("export", short_help="Export DIR for Excel: an --xlsx workbook or a --csv folder.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="One workbook: the indicators with TW1-TW4 as columns first, then one sheet per dataset.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of CSVs that Excel in an Indonesian locale opens (';', decimal comma, UTF-8 BOM).")
def export_command(out_dir: Path, xlsx_path: Path | None, csv_dir: Path | None) -> None:
    """Export DIR for Excel users: Indonesian headers, numbers as numbers, source file and page on every row."""
    import duckdb

    from .export import export_csv, export_xlsx
    from .store import DatasetError

    if not xlsx_path and not csv_dir:
        raise click.UsageError("give --xlsx FILE, --csv FOLDER, or both")
    try:
        if xlsx_path:
            counts = export_xlsx(out_dir, xlsx_path)
            click.echo(f"{xlsx_path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if csv_dir:
            counts = export_csv(out_dir, csv_dir)
            click.echo(f"{csv_dir}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    except (DatasetError, FileNotFoundError, duckdb.Error) as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("show", short_help="Summarise a dataset: coverage, rows per kind, sample rows.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rows", "sample", type=int, default=8, show_default=True, help="Sample indicator rows to print.")
def show_command(out_dir: Path, sample: int) -> None:
    """Summarise a dataset: its documents, how many were read fully, partly or not at all (and why), rows per
    table kind and level, and a sample of rows."""
    import pandas as pd
    import pyarrow as pa

    from .store import read_table
    from .views.coverage import STATUS_NAMES, coverage, status_counts

    _require_dataset(out_dir)

    def frame(name: str) -> pd.DataFrame:  # nullable integers stay integers (tahun 2023, not 2023.0)
        return read_table(out_dir, name).to_pandas(types_mapper={pa.int32(): pd.Int32Dtype()}.get)

    try:
        documents, indicators, periods = frame("documents"), frame("indicators"), frame("periods")
    except Exception as exc:  # a damaged dataset: say which, print nothing half
        raise click.ClickException(f"{out_dir}: {exc}") from exc
    with pd.option_context("display.width", 160, "display.max_colwidth", 48, "display.max_columns", 20):
        click.echo(f"{len(documents)} documents, {len(indicators)} indicator rows, {len(periods)} period values\n")
        cov = coverage(documents, indicators)
        click.echo("coverage: " + ", ".join(f"{n} {STATUS_NAMES.get(s, (s, s))[1].lower()} ({s})"
                                            for s, n in status_counts(cov).items()))
        docs = documents[["source_path", "doc_type", "kecamatan", "kabupaten", "tahun", "status", "n_indicators"]]
        docs = docs.assign(source_path=docs["source_path"].map(lambda p: Path(p).name))
        click.echo(docs.to_string(index=False))
        if len(indicators):
            click.echo("\nrows per table kind and level")
            counts = indicators.groupby(["table_kind", "level"], dropna=False).size().rename("rows")
            click.echo(counts.to_string())
            click.echo("\nsample rows")
            cols = ["kecamatan", "table_kind", "level", "indikator", "satuan", "target", "target_label", "anggaran",
                    "kode"]
            picked = indicators.sample(min(sample, len(indicators)), random_state=0)[cols]
            picked = picked.assign(indikator=picked["indikator"].str.slice(0, 50))
            click.echo(picked.to_string(index=False))
        for status in ("failed", "no_tables", "partial"):
            sub = cov[cov["status"] == status]
            if len(sub):
                click.echo(f"\n{status} ({len(sub)}): {STATUS_NAMES[status][1].lower()}")
            for row in sub.itertuples(index=False):
                cells = f" · {row.unplaced} unplaced cell(s)" if row.unplaced else ""
                cells += f" · {row.unread} unread cell(s)" if row.unread else ""
                click.echo(f"  {row.file}: {row.reason or '-'}{cells}")


@main.command("audit", short_help="Check DIR for inconsistent targets and budgets; write report.html.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--no-report", is_flag=True, help="Write findings/ only, not report.html.")
def audit_command(out_dir: Path, no_report: bool) -> None:
    """Check DIR for inconsistent targets and budgets: writes DIR/findings/ and DIR/report.html (coverage,
    charts, findings linked to the page views of `kinerja inspect`)."""
    from .audit import audit_dataset

    _require_dataset(out_dir)
    try:
        findings = audit_dataset(out_dir, report=not no_report)
    except Exception as exc:  # a damaged dataset file: name it; findings and report are written only whole
        raise click.ClickException(f"{out_dir}: cannot be audited ({exc})") from exc
    by_severity = findings["severity"].value_counts().to_dict() if len(findings) else {}
    summary = ", ".join(f"{by_severity.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    click.echo(f"{len(findings)} findings ({summary}) -> {out_dir / 'findings'}"
               + ("" if no_report else f", {out_dir / 'report.html'}"))


@main.command("inspect", short_help="Write a page view per document: row and value boxes on its pages.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--doc", "doc", default=None, metavar="ID_OR_NAME",
              help="Only this document: its doc_id (or the first 6+ characters), its file name or part of it.")
@click.option("--page", "page", type=click.IntRange(min=1), default=None,
              help="Only this page (1 = first) of each document.")
def inspect_command(out_dir: Path, doc: str | None, page: int | None) -> None:
    """Write a page view per document to DIR/pages/: each page with the table grid, every row's and value's box
    drawn over it and the extracted rows beside it (self-contained HTML, opens offline)."""
    from .normalize.overrides import OVERRIDES_FILE, read_overrides
    from .views.page_view import write_views

    _require_dataset(out_dir)
    try:
        overrides = frozenset(read_overrides(out_dir / OVERRIDES_FILE).items())
        written = write_views(out_dir, doc, page, overrides)
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} page view(s) -> {out_dir / 'pages'}")


@main.command("review", short_help="Export the names the matcher was unsure of; apply the decisions.")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--export", "export_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the names waiting for review, where each is printed (file, kecamatan, page, table, "
                   "row) and their top three candidates: .xlsx, or a semicolon CSV that Excel opens in columns.")
@click.option("--apply", "apply_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Record the decisions filled in a review file (.csv in any delimiter, or .xlsx): a code in any "
                   "case, or none; recode DIR and rebuild its report.")
@click.option("--overrides", "overrides_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Overrides file (default: DIR/overrides.csv).")
def review_command(out_dir: Path, export_path: Path | None, apply_path: Path | None,
                   overrides_path: Path | None) -> None:
    """Export the matching review queue of DIR, or apply a reviewed file to it.

    A line of the reviewed file that cannot be used (unknown kind, no name, a code not in the canonical lists)
    is reported with its line number; the other lines are applied, and the command then exits with status 1.
    """
    from .normalize.overrides import OVERRIDES_FILE
    from .review import apply_review, export_review

    if (export_path is None) == (apply_path is None):
        raise click.UsageError("give exactly one of --export FILE or --apply FILE")
    _require_dataset(out_dir)
    if export_path is not None:
        n = export_review(out_dir, export_path, overrides_path)
        click.echo(f"{n} names waiting for review -> {export_path} (fill in the decision column: a code, or none)")
        return
    from .audit.run import REPORT_FILE

    had_report, had_findings = (out_dir / REPORT_FILE).exists(), (out_dir / "findings").exists()
    try:
        decisions, changed, problems = apply_review(out_dir, apply_path, overrides_path)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in problems:
        click.echo(f"not applied: {problem}", err=True)
    if decisions:
        click.echo(f"{decisions} decisions recorded in {overrides_path or out_dir / OVERRIDES_FILE}; "
                   f"{changed} indicator rows recoded in {out_dir}")
        _rebuild_report(out_dir, had_report, had_findings)
    else:
        click.echo(f"no decision applied from {apply_path}; {out_dir} is unchanged")
    if problems:
        raise click.ClickException(f"{len(problems)} line(s) of {apply_path} not applied (see above)")


def _rebuild_report(out_dir: Path, had_report: bool, had_findings: bool) -> None:
    """After recoding, the audit of DIR no longer matches it: rebuild the one it had, else say how."""
    if had_report or had_findings:
        from .audit import audit_dataset

        findings = audit_dataset(out_dir, report=had_report)
        target = out_dir / ("report.html" if had_report else "findings")
        click.echo(f"audit rebuilt: {len(findings)} findings -> {target}")
    else:
        click.echo(f"run `kinerja audit {out_dir}` to see the recoded dataset in report.html")


@main.command("codes")
@click.argument("search", required=False)
@click.option("--kind", type=click.Choice(["program", "kegiatan", "sub_kegiatan", "bidang", "indikator"]),
              help="Only this level of the nomenclature, the bidang, or the strategic indicators (IKS-nnn).")
@click.option("--bidang", "bidang", default=None,
              help="Only the codes an office of this bidang may use (1.02), generic penunjang entries under it.")
@click.option("--limit", type=int, default=50, show_default=True, help="Most entries to print (0: all).")
def codes_command(search: str | None, kind: str | None, bidang: str | None, limit: int) -> None:
    """Search the valid codes by prefix or name.

    SEARCH is a code prefix (1.02.02) or words of a name (gaji asn). Without --bidang the generic penunjang
    program is listed once, as X.XX.01…: every bidang carries it.
    """
    from .normalize.codes import search_codes

    try:
        found = search_codes(search, kind, bidang)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    shown = found if limit <= 0 else found[:limit]
    for entry in shown:
        click.echo(f"{entry.kode:<20} {entry.level:<13} {entry.nama}")
    if len(found) > len(shown):
        click.echo(f"… {len(found) - len(shown)} more (--limit 0 lists all)", err=True)
    if not found:
        click.echo("no code matches", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
