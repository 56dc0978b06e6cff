"""Published read-only copies of an Oxigraph store, so that readers never wait for a writer.

The writer owns the store directory ``DIR``. Whenever it has committed work, it publishes a
RocksDB checkpoint (pyoxigraph's ``Store.backup``: hard links to the immutable table files, so
it costs milliseconds and little disk) into ``DIR.snapshots/SEQ`` and then points
``DIR.snapshots/CURRENT`` at it, atomically. Readers open the snapshot that ``CURRENT`` names,
holding a shared ``flock`` on ``SEQ.lock`` while they use it; the writer deletes a snapshot once it
is no longer current and no reader holds its lock. A reader thus sees the last published state,
whole, while an ingest goes on, and never touches the directory the writer writes.

>>> import tempfile, pyoxigraph as ox
>>> root = Path(tempfile.mkdtemp())
>>> store = ox.Store(str(root / "store"))
>>> snap = publish(store, snapshot_root(root / "store"))
>>> held = hold_current(snapshot_root(root / "store"))
>>> held.path == snap, len(ox.Store.read_only(str(held.path)))
(True, 0)
>>> held.release()
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from pathlib import Path
from typing import IO

import pyoxigraph as ox

__all__ = ["snapshot_root", "current", "publish", "collect", "hold_current", "SnapshotHandle"]

_CURRENT = "CURRENT"


def snapshot_root(store_dir: Path) -> Path:
    """Where the snapshots of the store at ``store_dir`` live: ``store_dir`` + ``.snapshots``."""
    return store_dir.with_name(store_dir.name + ".snapshots")


def current(root: Path) -> Path | None:
    """The snapshot that ``CURRENT`` names, or None when none was published."""
    try:
        name = (root / _CURRENT).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    return root / name if name.isdigit() and (root / name).is_dir() else None


def publish(store: ox.Store, root: Path) -> Path:
    """Checkpoint ``store`` into a new snapshot, make it current, and collect the old ones."""
    root.mkdir(parents=True, exist_ok=True)
    seq = str(time.time_ns())
    partial = root / f"{seq}.partial"
    store.flush()
    store.backup(str(partial))
    final = root / seq
    partial.rename(final)
    (root / f"{seq}.lock").touch()
    tmp = root / f"{_CURRENT}.{seq}.tmp"
    tmp.write_text(seq + "\n", encoding="ascii")
    os.replace(tmp, root / _CURRENT)
    collect(root)
    return final


def collect(root: Path) -> None:
    """Delete every snapshot that is not current and that no reader holds, and leftovers of crashes."""
    keep = current(root)
    for entry in root.iterdir():
        if entry == keep or entry.name == _CURRENT or entry.suffix == ".lock":
            continue
        if entry.suffix in (".partial", ".tmp"):  # a publish that a crash interrupted
            if entry.stat().st_mtime < time.time() - 60 and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.stat().st_mtime < time.time() - 60:
                entry.unlink(missing_ok=True)
            continue
        if not (entry.is_dir() and entry.name.isdigit()):
            continue
        lock = root / f"{entry.name}.lock"
        try:
            fh = open(lock, "a+", encoding="ascii")
        except OSError:
            continue
        with fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as e:
                if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    continue  # a reader still uses it
                raise
            shutil.rmtree(entry, ignore_errors=True)
            lock.unlink(missing_ok=True)


class SnapshotHandle:
    """A reader's hold on one snapshot: the shared lock that keeps it from being deleted."""

    def __init__(self, path: Path, lock: IO[str]):
        self.path, self._lock = path, lock

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
            lock.close()


def hold_current(root: Path, attempts: int = 20) -> SnapshotHandle | None:
    """Hold the current snapshot (shared lock, re-checked against deletion); None if none is published."""
    for _ in range(attempts):
        snap = current(root)
        if snap is None:
            return None
        lock_path = root / f"{snap.name}.lock"
        try:
            fh = open(lock_path, encoding="ascii")
        except FileNotFoundError:
            continue  # collected between the two reads: read CURRENT again
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
        try:
            same = os.fstat(fh.fileno()).st_ino == os.stat(lock_path).st_ino and snap.is_dir()
        except FileNotFoundError:
            same = False
        if same:
            return SnapshotHandle(snap, fh)
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()
    raise OSError(f"no stable snapshot under {root} after {attempts} attempts")
