"""The Dask engine: the same per-document function on Dask workers, for archives one machine cannot read in time.

The client (the `kinerja ingest` process) reads each file and sends its bytes, so workers need kinerja installed but
no shared disk; results come back as they complete and go through the same store, resume and failure handling as the
local pool. Workers must run one thread each (`dask worker ADDRESS --nthreads 1`): pypdfium2 and onnxruntime are not
thread-safe. At most one document per worker thread is in flight, so a document's time on the cluster is its running
time: one that exceeds `--timeout` is recorded as failed and its worker restarted; a worker that dies costs the
document it held (Dask retries it elsewhere first, then it is recorded as failed).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from .document_job import process_document
from .pipeline import DocumentResult, IngestOptions, failed_result, unreadable_id


def _process(data: bytes, source_path: str, options: IngestOptions) -> DocumentResult:
    return process_document(data, source_path, options).packed()


def _warm_plugin(options: IngestOptions):
    """A worker plugin that imports the readers and builds the matcher when a worker starts (a restarted one too),
    so a document's time on a worker is its own, not the worker's start-up."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class Warm(WorkerPlugin):
        name = "kinerja-warm"

        def setup(self, worker) -> None:
            from . import document_job  # noqa: F401 - every reader, and the default matcher (built on import)
            from .normalize.coding import matcher_for

            if options.match:
                matcher_for(options.overrides)

    return Warm()


def _connect(options: IngestOptions):
    from distributed import Client, LocalCluster

    if options.scheduler:
        return Client(options.scheduler, timeout="30s"), None
    cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def run_documents_dask(paths: list[Path], options: IngestOptions) -> Iterator[DocumentResult]:
    """Process documents on a Dask cluster; results in the order they complete."""
    from distributed import wait

    if not paths:
        return
    client, cluster = _connect(options)
    try:
        client.register_plugin(_warm_plugin(options))
        slots = max(1, sum(client.nthreads().values()))
        queue = list(paths)
        running: dict[object, tuple[str, str, float]] = {}  # future → (path, doc_id, started)

        def submit() -> Iterator[DocumentResult]:
            while queue and len(running) < slots:
                path = str(queue.pop(0))
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    doc_id = unreadable_id(path)
                    yield failed_result(doc_id, path, f"cannot read: {exc}")
                    continue
                doc_id = hashlib.sha256(data).hexdigest()
                future = client.submit(_process, data, path, options, pure=False, retries=0,
                                       key=f"kinerja-{doc_id[:16]}-{time.monotonic_ns()}")
                running[future] = (path, doc_id, time.monotonic())

        yield from submit()
        while running:
            limit = options.timeout or None
            oldest = min(started for _, _, started in running.values())
            wait_for = None if limit is None else max(0.05, limit - (time.monotonic() - oldest))
            try:
                done, _ = wait(list(running), timeout=wait_for, return_when="FIRST_COMPLETED")
            except (TimeoutError, asyncio.TimeoutError):  # nothing finished in time: look for documents over it
                done = set()
            for future in done:
                path, doc_id, _ = running.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker and the like: this document only
                    result = failed_result(doc_id, path, f"worker died: {type(exc).__name__}: {exc}")
                future.release()
                yield result
            if limit is not None:
                now = time.monotonic()
                for future in list(running):
                    path, doc_id, started = running[future]  # as restarted below, if a restart came first
                    if now - started >= limit and not future.done():
                        running.pop(future)
                        _restart_worker_of(client, future)
                        future.cancel()
                        yield failed_result(doc_id, path, f"over the time limit of {limit} s")
                        # the restart held this loop (and may have held the documents queued behind that worker):
                        # the others' clocks start again, so no document pays for another's restart
                        restarted = time.monotonic()
                        running.update({f: (p, d, restarted) for f, (p, d, _) in running.items()})
            yield from submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _restart_worker_of(client, future) -> None:
    """A document stuck in native code cannot be interrupted: restart the worker process that runs it."""
    try:
        processing = client.processing()
        workers = [worker for worker, keys in processing.items() if future.key in keys]
        if workers:
            client.restart_workers(workers, timeout=60, raise_for_error=False)
    except Exception:  # a worker already gone: nothing to restart
        pass
