"""Writing files so that a reader never sees half of one, hashing them, and one writer per folder."""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["write_atomic", "sha256_file", "exclusive"]


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    A file that already holds exactly ``data`` is left untouched (its bytes
    and modification time stay as they were), so a run with nothing new to
    write changes nothing on disk.

    Returns
    -------
    bool
        Whether the file was written.
    """
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def exclusive(lock_file: Path, busy: str):
    """Hold ``lock_file`` while the block runs; if another process holds it, raise ``RuntimeError(busy)`` at once."""
    from filelock import FileLock, Timeout

    guard = FileLock(lock_file)
    try:
        guard.acquire(timeout=0)
    except Timeout:
        raise RuntimeError(busy) from None
    try:
        yield
    finally:
        guard.release()
