"""The worker pool on its own: any picklable function over a stream of tasks, each outcome said."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from kinerja.runner import TaskFailed, WorkerPool, allow_more_time, run_tasks


def square_or_fail(task: int) -> int:
    """A task of the pool: 3 raises (the task's fault), 5 kills its worker (a crash in native code)."""
    if task == 3:
        raise ValueError("tiga")
    if task == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return task * task


def test_every_task_gets_its_result_or_the_reason_it_has_none_in_task_order():
    pool = WorkerPool(square_or_fail, workers=2)
    out = list(pool.run(range(8), ordered=True))
    assert [task for task, _ in out] == list(range(8))
    assert [r for t, r in out if t not in (3, 5)] == [0, 1, 4, 16, 36, 49]
    assert dict(out)[3] == TaskFailed("error", "ValueError: tiga")
    assert dict(out)[5] == TaskFailed("died", "worker died: signal 9")
    assert pool.stats.replaced == 1 and pool.stats.failures == {"error": 1, "died": 1}


def test_results_stream_as_tasks_finish_from_a_lazy_stream():
    tasks = (n for n in (1, 2, 4))
    assert sorted(run_tasks(square_or_fail, tasks, workers=2)) == [(1, 1), (2, 4), (4, 16)]


def mark_start(task: str) -> str:
    """A task that leaves a file named after it when it starts, so the test can see which tasks a worker has."""
    Path(f"{task}.started").touch()
    return task


def burn(n: int) -> int:
    """A task that keeps its worker busy for a moment."""
    return sum(range(n))


def test_a_worker_has_its_next_task_while_the_caller_is_still_busy_with_the_last_result(tmp_path):
    """The caller writes a batch after a result (a Parquet commit, a slow disk): meanwhile its worker is already
    reading the next document, not waiting to be asked."""
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    results = WorkerPool(mark_start, workers=1).run([a, b])
    assert next(results) == (a, a)
    # the caller has not asked for the next result yet: the worker took b by itself
    deadline = time.monotonic() + 30
    while not Path(f"{b}.started").exists():
        assert time.monotonic() < deadline, "the worker sat idle while the caller held its result"
        time.sleep(0.02)
    assert list(results) == [(b, b)]


def test_the_pool_says_where_its_time_went():
    """What the benches print: workers, how long the run took, when the first worker was ready, how long the
    workers were inside tasks (wall and CPU), and the rest as idle worker-time."""
    pool = WorkerPool(burn, workers=2)
    assert sorted(r for _, r in pool.run([10**6] * 6)) == [sum(range(10**6))] * 6
    stats = pool.stats
    assert stats.workers == 2
    assert 0 < stats.first_ready < stats.seconds
    assert 0 < stats.task_cpu <= stats.busy * 1.05 <= 2 * stats.seconds * 1.05  # a task's CPU is within its wall
    assert 0 <= stats.tail <= stats.seconds
    assert stats.idle() == pytest.approx(max(0.0, 2 * stats.seconds - stats.busy))

def read_pages(task: tuple[int, int]) -> str:
    """A task that learns its size as it goes, like a scan: before each of its `pages` it asks for 1 s more, then
    works 0.5 s on the page; it never finishes page `stuck` (0: none), as if stuck in native code."""
    pages, stuck = task
    for page in range(1, pages + 1):
        allow_more_time(page * 1.0, f"{page} page{'s' if page > 1 else ''} × 1 s")
        time.sleep(3600 if page == stuck else 0.5)
    return f"{pages} pages read"


def test_a_task_that_asks_for_time_page_by_page_finishes_beyond_the_base_limit():
    """Base limit 1 s, six pages of 0.5 s each (3 s in all): the allowance grows with every page, so it finishes."""
    out = dict(run_tasks(read_pages, [(6, 0)], timeout=1))
    assert out[(6, 0)] == "6 pages read"


def test_a_task_stuck_on_a_page_still_fails_once_its_allowance_is_spent():
    """Stuck on its third page: the limit stops growing at 1 s + 3 × 1 s, and the task fails there, saying why;
    a task that asks for nothing keeps the base limit."""
    started = time.monotonic()
    out = dict(run_tasks(read_pages, [(5, 3), (0, 0)], timeout=1, workers=2))
    assert out[(5, 3)] == TaskFailed("timeout", "over the time limit of 1 s + 3 s for 3 pages × 1 s")
    assert out[(0, 0)] == "0 pages read"
    assert 4 <= time.monotonic() - started < 30


def collector_state(_: int) -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_a_worker_freezes_what_it_inherited_and_collects_less_often():
    """Inherited objects are never walked by the collector again; a task's garbage is collected in larger steps."""
    from kinerja.runner import WORKER_GC_THRESHOLD

    [(_, (threshold, frozen))] = list(run_tasks(collector_state, [0]))
    assert threshold == WORKER_GC_THRESHOLD and frozen > 1000
