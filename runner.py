"""A pool of worker processes that a bad task cannot take down: one task per worker at a time, limits enforced from
outside.

`run_tasks(func, tasks, workers=N, timeout=S, max_memory=B)` runs a picklable `func` over `tasks` and yields
`(task, result)` or `(task, TaskFailed)` as tasks finish. The parent process holds every guarantee, whatever the
task's own code catches or wherever it hangs (a native library included):

- a task over the time limit: its worker is killed, the task is `TaskFailed("over the time limit of S s")`; a task
  may ask for more time as it learns its size (`allow_more_time`: a document that turns out to hold 200 scanned
  pages), so the limit scales with the work while a task stuck in one place still fails;
- a worker whose resident memory passes the limit: killed, "over the memory limit of M MB";
- a worker that dies (kill -9, the OOM killer, a segfault): "worker died: signal 9";
- in every case a new worker takes its place, so parallelism stays N;
- workers die with their parent (PR_SET_PDEATHSIG on Linux, a parent watch elsewhere), ignore Ctrl-C (the parent
  decides), and are killed when the run is abandoned (an exception, KeyboardInterrupt, or the generator closed).

Workers start from a fork server that has imported `func`'s module once, so starting or replacing one costs
milliseconds and no thread state of the parent (Arrow, DuckDB pools) is forked. `start_fork_server` starts it ahead
(its imports then run on the second core while the caller finds and hashes its files). A worker is handed its next
task as soon as its result is received, before the caller sees the result: a caller busy writing does not keep the
workers waiting. `PoolStats` says where a run's time went (start-up, busy, the tail of the last tasks).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MEMORY_POLL_SECONDS = 0.1
"""How often the parent reads each worker's resident memory when a memory limit is set."""

STARTUP_SECONDS = 60.0
"""A worker not ready this long after it was started (or the time limit, if longer) is replaced."""

WORKER_GC_THRESHOLD = (20_000, 50, 100)
"""The cyclic collector's thresholds in a worker (Python's defaults: 700, 10, 10)."""

_PR_SET_PDEATHSIG = 1
_TASK_CONN: Connection | None = None
"""In a worker process, the pipe to the parent (for `allow_more_time`); None elsewhere."""
_STARTUP_FAILURES = 3
"""Workers in a row that die before taking a task: the pool itself is broken (not a task), so the run stops."""


@dataclass(frozen=True)
class TaskFailed:
    """Why a task produced no result: the kind (for counting) and a sentence for the user."""

    kind: Literal["timeout", "memory", "died", "error"]
    reason: str


@dataclass
class PoolStats:
    """What a run cost: the peak resident memory each worker reached, how many were replaced, and where the time
    went (what keeps N workers from being N times faster than one)."""

    peak_rss: dict[int, int] = field(default_factory=dict)
    """Worker pid → peak resident set size in bytes (the worker's own ru_maxrss, or the parent's largest reading)."""
    replaced: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    workers: int = 0
    seconds: float = 0.0
    """Wall seconds from the start of `run` to its last result."""
    first_ready: float = 0.0
    """Seconds until the first worker could take a task (the fork server's imports when it was not started ahead)."""
    busy: float = 0.0
    """Seconds the workers spent inside tasks, summed over workers (measured in the worker)."""
    task_cpu: float = 0.0
    """CPU seconds the workers spent inside tasks, summed."""
    tail: float = 0.0
    """Seconds at the end during which some worker had no task left to take (the last, longest tasks)."""

    def idle(self) -> float:
        """Worker-seconds of the run not spent on a task: start-up, waiting for the parent, the tail."""
        return max(0.0, self.workers * self.seconds - self.busy)


class PoolBroken(RuntimeError):
    """Workers cannot even start: a fault of the installation, not of any task."""


def _die_with_parent(conn: Connection) -> None:
    """Exit when the process that runs the pool dies, even in the middle of a task.

    The worker's parent is the fork server, which outlives the pool's process as long as a worker holds it open,
    so the watch is on the task pipe: a thread waits for the far end to hang up (Linux: POLLRDHUP, without reading
    the tasks) and ends the process. PR_SET_PDEATHSIG also kills the worker if the fork server itself is killed."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent == 1 or os.getppid() != parent:  # orphaned before the request above took effect
        os._exit(1)
    hangup = getattr(select, "POLLRDHUP", 0)

    def watch() -> None:
        if hangup:
            poller = select.poll()
            poller.register(conn.fileno(), hangup)
            while not poller.poll():
                pass
        else:  # no way to see a hang-up without reading: watch the parent instead
            while os.getppid() == parent:
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _peak_rss() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def allow_more_time(seconds: float, why: str) -> None:
    """Tell the pool that the running task may take `seconds` beyond the pool's time limit, `why` in words ("3
    pages read by OCR × 30 s"). Each call replaces the previous allowance, so a task raises it as it learns its size.
    A no-op outside a worker (a task run in-process has no limit to extend)."""
    if _TASK_CONN is None or seconds < 0:
        return
    with contextlib.suppress(OSError):
        _TASK_CONN.send(("more_time", (float(seconds), why), _peak_rss(), 0.0, 0.0))


def _worker(conn: Connection, func: Callable[[Any], Any]) -> None:
    """Take one task at a time from the parent, send back ("ok", result) or ("error", reason), until told to stop.

    Every reply also carries the worker's peak memory and the task's wall and CPU seconds."""
    global _TASK_CONN
    _TASK_CONN = conn
    _die_with_parent(conn)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # What the worker inherited (imported modules, what they built) lives as long as it does: frozen, the cyclic
    # collector never walks it again (nor dirties its shared pages); a task's garbage is short-lived, so collecting
    # less often costs little memory and saves about 4% of a document's CPU time.
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    conn.send(("ready", None, 0, 0.0, 0.0))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            reply: tuple[str, Any] = ("ok", func(task))
        except MemoryError:
            reply = ("memory", "out of memory")
        except BaseException as exc:  # the task's fault, not the worker's: report it and take the next one
            reply = ("error", f"{type(exc).__name__}: {exc}")
        spent = (time.perf_counter() - wall, time.process_time() - cpu)
        try:
            conn.send((*reply, _peak_rss(), *spent))
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send(("error", f"result could not be sent back: {type(exc).__name__}: {exc}", _peak_rss(), *spent))
        if reply[0] == "memory":
            return  # a heap that ran out once is not trusted with the next task


def _rss(pid: int) -> int:
    """Resident set size of a live process in bytes (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def start_fork_server(modules: list[str]) -> None:
    """Start the fork server now, importing `modules`, without waiting for it.

    A pool's first worker waits until the fork server has imported the task's module (a second of imports and
    warm-up for kinerja's readers); started ahead, those imports run on another core while the caller does its own
    work, and the run does not begin with every core but one idle. Does nothing where there is no fork server, or
    when one is running already (its imports are then done)."""
    ctx = _context()
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    ctx.set_forkserver_preload(modules)
    forkserver.ensure_running()


@dataclass
class _Slot(Generic[T]):
    process: Any
    conn: Connection
    index: int | None = None
    task: Any = None
    started: float = 0.0
    ready: bool = False
    allowance: float = 0.0
    """Seconds the running task asked for beyond the pool's limit (`allow_more_time`)."""
    allowed_for: str = ""


class WorkerPool(Generic[T, R]):
    """N worker processes running `func`; see the module docstring for the guarantees."""

    def __init__(self, func: Callable[[T], R], workers: int = 1, timeout: float = 0, max_memory: int = 0) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if timeout < 0 or max_memory < 0:
            raise ValueError("timeout and max_memory are 0 (no limit) or positive")
        self.func = func
        self.workers = workers
        self.timeout = timeout
        self.max_memory = max_memory
        self.stats = PoolStats()
        self._ctx = _context()
        if self._ctx.get_start_method() == "forkserver":
            module = getattr(getattr(func, "func", func), "__module__", None)
            if module and module != "__main__":
                self._ctx.set_forkserver_preload([module])

    def start_fork_server(self) -> None:
        """Start the fork server ahead, importing `func`'s module (see the module-level `start_fork_server`)."""
        module = getattr(getattr(self.func, "func", self.func), "__module__", None)
        if module and module != "__main__":
            start_fork_server([module])

    def _start(self) -> _Slot:
        parent_conn, child_conn = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker, args=(child_conn, self.func), daemon=True,
                                    name="kinerja-worker")
        process.start()
        child_conn.close()  # the worker's end lives in the worker only, so its death reads as EOF here
        return _Slot(process, parent_conn)

    def _stop(self, slot: _Slot, kill: bool) -> None:
        if kill:
            with contextlib.suppress(OSError):
                slot.process.kill()
        else:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        slot.process.join(timeout=None if kill else 2)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def _record_peak(self, slot: _Slot, rss: int) -> None:
        pid = slot.process.pid
        self.stats.peak_rss[pid] = max(self.stats.peak_rss.get(pid, 0), rss)

    def run(self, tasks: Iterable[T], ordered: bool = False) -> Iterator[tuple[T, R | TaskFailed]]:
        """Yield `(task, result or TaskFailed)` for every task, as they finish (or in task order if `ordered`)."""
        pending = iter(tasks)
        slots: list[_Slot] = []
        waiting: dict[int, tuple[T, R | TaskFailed]] = {}
        counter = {"next_out": 0, "submitted": 0, "startup_failures": 0}
        exhausted = False
        completed = False
        stats = self.stats
        stats.workers = self.workers
        began = time.monotonic()
        out_of_tasks: float | None = None

        def assign(slot: _Slot, index: int, task: T) -> None:
            slot.index, slot.task, slot.started = index, task, time.monotonic()
            slot.allowance, slot.allowed_for = 0.0, ""
            with contextlib.suppress(OSError):  # the worker is gone; its sentinel says so on the next wait
                slot.conn.send(task)

        def feed(slot: _Slot) -> None:
            nonlocal exhausted, out_of_tasks
            if not exhausted:
                try:
                    task = next(pending)
                except StopIteration:
                    exhausted = True
            if exhausted:
                if out_of_tasks is None:
                    out_of_tasks = time.monotonic()
                return
            assign(slot, counter["submitted"], task)
            counter["submitted"] += 1

        def finish(index: int, task: T, outcome: R | TaskFailed) -> Iterator[tuple[T, R | TaskFailed]]:
            if isinstance(outcome, TaskFailed):
                self.stats.failures[outcome.kind] = self.stats.failures.get(outcome.kind, 0) + 1
            if not ordered:
                yield task, outcome
                return
            waiting[index] = (task, outcome)
            while counter["next_out"] in waiting:
                yield waiting.pop(counter["next_out"])
                counter["next_out"] += 1

        def replace(slot: _Slot) -> _Slot:
            self._stop(slot, kill=True)
            if slot.ready:
                counter["startup_failures"] = 0
            else:
                counter["startup_failures"] += 1
                if counter["startup_failures"] >= _STARTUP_FAILURES:
                    raise PoolBroken(f"worker processes die as they start (exit code {slot.process.exitcode}): "
                                     "the installation is broken, not a document (the workers' own error is "
                                     "printed above)")
            self.stats.replaced += 1
            fresh = self._start()
            slots[slots.index(slot)] = fresh
            return fresh

        try:
            for _ in range(self.workers):
                slot = self._start()
                slots.append(slot)
                feed(slot)
                if exhausted:
                    break
            while any(s.index is not None for s in slots):
                busy = [s for s in slots if s.index is not None]
                wait_for = MEMORY_POLL_SECONDS if self.max_memory else None
                if self.timeout:
                    left = max(0.0, min(s.started + (self.timeout + s.allowance if s.ready
                                                     else max(self.timeout, STARTUP_SECONDS)) for s in busy)
                               - time.monotonic())
                    wait_for = left if wait_for is None else min(wait_for, left)
                ready = set(wait([obj for s in busy for obj in (s.conn, s.process.sentinel)], timeout=wait_for))
                now = time.monotonic()
                for slot in busy:
                    outcome = self._check(slot, ready, now)
                    if outcome is None:
                        continue
                    index, task = slot.index, slot.task
                    slot.index, slot.task = None, None
                    if outcome == "ready":
                        slot.ready, slot.index, slot.task = True, index, task
                        slot.started = now  # a task's time starts when its worker can run it, not while it starts
                        if not stats.first_ready:
                            stats.first_ready = now - began
                        continue
                    if isinstance(outcome, TaskFailed) and outcome.kind != "error":
                        fresh = replace(slot)
                        if not slot.ready:  # died before it could take the task: the task is not to blame
                            assign(fresh, index, task)
                            continue
                        slot = fresh
                    feed(slot)  # before the caller sees the result: the worker goes on while the caller writes
                    yield from finish(index, task, outcome)
            completed = True
        finally:
            end = time.monotonic()
            stats.seconds = end - began
            stats.tail = end - out_of_tasks if out_of_tasks is not None and self.workers > 1 else 0.0
            for slot in slots:
                self._stop(slot, kill=not completed)

    def _check(self, slot: _Slot, ready: set[Any], now: float) -> Any:
        """What became of a busy worker: "ready", its result, a TaskFailed, or None (still working)."""
        if slot.conn in ready:
            try:
                kind, value, peak, seconds, cpu = slot.conn.recv()
            except (EOFError, OSError):
                kind = None
            else:
                self._record_peak(slot, peak)
                self.stats.busy += seconds
                self.stats.task_cpu += cpu
                if kind == "ready":
                    return "ready"
                if kind == "more_time":  # still working, with a new allowance
                    slot.allowance, slot.allowed_for = value
                    return None
                if kind == "ok":
                    return value
                if kind == "memory":
                    return TaskFailed("memory", f"over the memory limit: the worker ran {value}")
                return TaskFailed("error", value)
        if slot.conn in ready or slot.process.sentinel in ready:
            slot.process.join(timeout=5)
            code = slot.process.exitcode
            return TaskFailed("died", f"worker died: signal {-code}" if code is not None and code < 0
                              else f"worker died: exit code {code}")
        if not slot.ready:  # still starting (a loaded machine): its task's clock has not started
            if self.timeout and now - slot.started >= max(self.timeout, STARTUP_SECONDS):
                return TaskFailed("died", f"worker did not start within {max(self.timeout, STARTUP_SECONDS):g} s")
        elif self.timeout and now - slot.started >= self.timeout + slot.allowance:
            more = f" + {slot.allowance:g} s for {slot.allowed_for}" if slot.allowance else ""
            return TaskFailed("timeout", f"over the time limit of {self.timeout:g} s{more}")
        if self.max_memory:
            rss = _rss(slot.process.pid)
            self._record_peak(slot, rss)
            if rss > self.max_memory:
                return TaskFailed("memory", f"over the memory limit of {self.max_memory // 2**20} MB "
                                  f"(worker at {rss // 2**20} MB)")
        return None


def run_tasks(func: Callable[[T], R], tasks: Iterable[T], workers: int = 1, timeout: float = 0,
              max_memory: int = 0, ordered: bool = False) -> Iterator[tuple[T, R | TaskFailed]]:
    """`WorkerPool(func, workers, timeout, max_memory).run(tasks, ordered)`: the common case in one call."""
    return WorkerPool(func, workers, timeout, max_memory).run(tasks, ordered)
