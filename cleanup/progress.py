"""A progress line on stderr for long runs: files done, MB/s, time left.

It shows only on a terminal (never in a pipe, a file or CI, never under `--quiet`), and
only once a run has taken `DELAY` seconds, so a pre-commit hook never draws it. It is
one line redrawn with `\\r` at most `RATE` times a second, and erased at the end.
"""

import os
import time
from typing import TextIO

DELAY = 1.0
RATE = 8


class Progress:
    """The progress line of a run over `files` files of `size` bytes in all."""

    def __init__(self, stream: TextIO, files: int, size: int) -> None:
        self.stream, self.files, self.size = stream, files, size
        self.enabled = _terminal(stream)
        self.started = self.drawn = time.monotonic()
        self.done_files = self.done_bytes = 0
        self.shown = False

    def advance(self, files: int, size: int) -> None:
        """Count work done; redraw when it is time."""
        self.done_files += files
        self.done_bytes += size
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY or now - self.drawn < 1 / RATE:
            return
        self.drawn = now
        elapsed = now - self.started
        rate = self.done_bytes / elapsed if elapsed else 0.0
        left = max(0.0, self.size - self.done_bytes) / rate if rate else 0.0
        line = (f"cleanup: {self.done_files}/{self.files} files, {rate / 1e6:.1f} MB/s, "
                f"{_clock(left)} left")
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line before the report's last lines are printed."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


def _clock(seconds: float) -> str:
    """
    >>> _clock(75.2), _clock(3725)
    ('1:15', '1:02:05')
    """
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
