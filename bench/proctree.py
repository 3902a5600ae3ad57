"""CPU time and peak memory of a process and everything under it, read from /proc.

A `kinerja ingest` run's workers come from a fork server, so they are grandchildren the run never waits for:
`getrusage(RUSAGE_CHILDREN)` misses them. The benches sample the whole tree while the run lasts instead.
"""

from __future__ import annotations

import os


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
