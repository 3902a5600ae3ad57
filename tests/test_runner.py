"""The worker pool on its own: any picklable function over a stream of tasks, each outcome said."""

from __future__ import annotations

import os
import signal

from kinerja.runner import TaskFailed, WorkerPool, run_tasks


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
