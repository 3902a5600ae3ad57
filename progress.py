"""How a run shows itself: a rich progress bar on a terminal, a line every few seconds in a log, nothing when quiet.

Failures are printed the moment they happen (one line: file and reason), above the bar.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .pipeline import DocumentResult, IngestProgress


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class ConsoleProgress(IngestProgress):
    """Documents done / total, pages/s, ETA and failures so far, drawn as a bar or printed as lines."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None, interval: float = 10.0) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interval = interval
        self.total = self.done = self.pages = self.failed = 0
        self.started = self._last_line = time.monotonic()
        self._bar = None
        self._task = None

    # the IngestProgress interface

    def start(self, total: int, skipped: int) -> None:
        self.total, self.started = total, time.monotonic()
        self._last_line = self.started
        if self.quiet:
            return
        if skipped:
            self._print(f"{skipped} documents unchanged since they were read, skipped (--force reads them again)")
        if self.stream.isatty() and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[failed]}"),
                console=Console(file=self.stream), transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("reading", total=total, rate="", failed="")
        elif total:
            self._print(f"reading {total} documents")

    def document(self, result: DocumentResult) -> None:
        self.done += 1
        self.pages += result.document.get("pages") or 0
        if result.document["status"] == "failed":
            self.failed += 1
            if not self.quiet:
                self._print(f"failed: {result.document['error']}")
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=self._rate(),
                             failed=f"{self.failed} failed" if self.failed else "")
        elif time.monotonic() - self._last_line >= self.interval:
            self._last_line = time.monotonic()
            self._print(self.line())

    def committed(self, documents: int, batches: int) -> None:
        pass

    # helpers

    def _rate(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return f"{self.done / elapsed:.1f} docs/s {self.pages / elapsed:.1f} pages/s"

    def line(self) -> str:
        """One line of progress for logs and pipes."""
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        eta = _duration((self.total - self.done) / rate) if rate else "?"
        return (f"{self.done}/{self.total} documents, {rate:.1f} docs/s, {self.pages / elapsed:.1f} pages/s, "
                f"ETA {eta}, {self.failed} failed")

    def _print(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
