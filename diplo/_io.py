"""Writing files so that a reader never sees half of one, hashing them, and one writer per folder."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["write_atomic", "sha256_file", "read_ledger", "write_ledger", "exclusive"]


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
    """The sha256 of a file's bytes (``hashlib.file_digest``: read in blocks, never whole)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_ledger(path: Path, what: str, remedy: str) -> dict:
    """A JSON ledger whose ``files`` object maps each file to what is known of it; empty if missing.

    ``what`` names the ledger in the error ("a diplo registry"), ``remedy``
    says what to do; a ledger that is not JSON, or not of that shape, is one
    ``ValueError`` naming the file, never a wrong result.
    """
    if not path.is_file():
        return {"files": {}}
    try:
        ledger = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        ledger = None
    if not isinstance(ledger, dict) or not isinstance(ledger.get("files", {}), dict):
        raise ValueError(f"{path} is damaged (not {what}: an object whose 'files' maps each file to what is "
                         f"known of it); {remedy}")
    ledger.setdefault("files", {})
    return ledger


def write_ledger(path: Path, ledger: dict) -> None:
    """Write a ledger as :func:`read_ledger` reads it, atomically, keys sorted (same content, same bytes)."""
    write_atomic(path, (json.dumps(ledger, indent=1, sort_keys=True, default=str) + "\n").encode())


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
