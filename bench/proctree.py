"""CPU time and peak memory of a process and everything under it, read from /proc.

A `kinerja ingest` run's workers come from a fork server, so they are grandchildren the run never waits for:
`getrusage(RUSAGE_CHILDREN)` misses them. The benches sample the whole tree while the run lasts instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass


def descendants(pid: int) -> list[int]:
    """Every live process under `pid`."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(c) for c in handle.read().split()]
                found.extend(children)
                todo.extend(children)
        except OSError:
            pass
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a live process so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def sample(pid: int) -> tuple[float, float] | None:
    """(peak RSS in MB, CPU seconds so far) of one live process."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            peak = next((int(line.split()[1]) / 1024 for line in handle if line.startswith("VmHWM:")), 0.0)
    except (OSError, IndexError, ValueError):
        return None
    cpu = cpu_seconds(pid)
    return None if cpu is None else (peak, cpu)


@dataclass
class SampledRun:
    """A finished command with what its process tree cost."""

    wall: float
    cpu: float
    """CPU seconds of the command and every process under it, summed."""
    returncode: int
    stdout: str
    stderr: str
    main_rss: float | None
    """Peak RSS in MB of the command's own process."""
    other_rss: list[float]
    """Peak RSS in MB of each process under it (workers, fork server), ascending."""
    cpu_by_role: dict[str, float] | None = None
    """CPU seconds of the command's own process ("main"), of multiprocessing's fork server and resource tracker
    ("fork server") and of every other process under it ("workers")."""


def role(pid: int, main: int) -> str:
    """"fork server" for multiprocessing's helpers started by the command (its fork server, resource tracker),
    "workers" for any other process under it (the fork server's children share its command line)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read()
        with open(f"/proc/{pid}/stat") as handle:
            parent = int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return "workers"
    helper = b"forkserver" in command or b"resource_tracker" in command
    return "fork server" if helper and parent == main else "workers"


def run_sampled(command: list[str], kill_after: float | None = None, interval: float = 0.1) -> SampledRun:
    """Run `command` in a session of its own, sampling its tree every `interval` s; SIGKILL the whole session after
    `kill_after` s when given (a crash, as the OOM killer would deliver it)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    roles: dict[int, str] = {proc.pid: "main"}
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            reading = sample(pid)
            if reading is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), reading[0])
                cpu[pid] = max(cpu.get(pid, 0.0), reading[1])
                if pid not in roles:
                    roles[pid] = role(pid, proc.pid)
        if kill_after is not None and time.perf_counter() - started >= kill_after:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(interval)
    stdout, stderr = proc.communicate()
    main_rss = peaks.pop(proc.pid, None)
    by_role = {"main": 0.0, "fork server": 0.0, "workers": 0.0}
    for pid, seconds in cpu.items():
        by_role[roles.get(pid, "workers")] += seconds
    return SampledRun(time.perf_counter() - started, sum(cpu.values()), proc.returncode, stdout, stderr, main_rss,
                      sorted(peaks.values()), by_role)
