"""Atomic file replacement: a crash at any moment leaves either the complete old file or the complete new one."""

from __future__ import annotations

import os
import tempfile


def target_mode(path) -> int:
    """The permission bits a file written in place of ``path`` gets: those of the existing file, else 0666
    minus the umask (what ``open`` would give; a temporary file from ``mkstemp`` has 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path, data) -> None:
    """Write ``data`` (bytes, or a list of bytes chunks: a 150 MB file need not be one object) to ``path``
    atomically: a temporary file in the same directory is written, flushed and
    fsynced, then renamed over ``path`` (``os.replace``), and the directory is fsynced so the rename survives a
    power cut. An existing file keeps its permission bits; a new one gets 0666 minus the umask.

    Raises OSError; then ``path`` is untouched and the temporary file is removed.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    mode = target_mode(path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in ([data] if isinstance(data, (bytes, bytearray)) else data):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)


def _fsync_dir(directory: str) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows: directories cannot be opened; NTFS journals the rename
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
