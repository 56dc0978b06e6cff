"""One writer per store directory: an exclusive ``flock`` on ``DIR/.lock``, with the holder's pid
in the file so that the next writer's error can name it.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> with WriterLock(d, wait=0) as lock:
...     WriterLock(d, wait=0).acquire()  # doctest: +ELLIPSIS
Traceback (most recent call last):
digestkg.graph.store.StoreLockedError: the store at ... is in use by another kg process (pid ...); try again ...
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from typing import IO

from digestkg.graph.store import StoreError, StoreLockedError

__all__ = ["WriterLock"]


class WriterLock:
    """The writer's lock on a store directory; ``acquire`` waits up to ``wait`` seconds for it."""

    def __init__(self, directory: Path, *, wait: float) -> None:
        self.path = directory / ".lock"
        self.directory = directory
        self.wait = wait
        self._file: IO[str] | None = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock, trying for up to ``wait`` seconds before StoreLockedError; then record
        this process as the holder."""
        try:
            self._file = open(self.path, "a+", encoding="ascii")
        except OSError as e:
            raise StoreError(f"cannot open the lock file {self.path}: {e.strerror or e}") from e
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    self.release()
                    raise StoreError(f"cannot lock the store at {self.directory}: {e.strerror or e}") from e
                if time.monotonic() >= deadline:
                    self.release()
                    raise self.locked_error() from None
            time.sleep(0.1)
        try:  # best effort: the pid only makes the next writer's message clearer
            self._file.truncate(0)
            self._file.write(f"{os.getpid()}\n")
            self._file.flush()
        except OSError:
            pass

    def locked_error(self) -> StoreLockedError:
        """The error for a writer that finds the store taken, naming the holder's pid."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except OSError:
            text = ""
        pid = text if text.isdigit() else "unknown"
        return StoreLockedError(f"the store at {self.directory} is in use by another kg process (pid {pid}); "
                                "try again when it finishes")

    def release(self) -> None:
        f, self._file = self._file, None
        if f is not None:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
            finally:
                f.close()
