"""The other half of the fast reader (issue 6): a child process that parses a signed topology file's YAML
with rapidyaml while the loading process turns the chunks already parsed into Python objects.

The parent (:mod:`explorer.io.fast_yaml`) starts :func:`command` with the file's path and the digest its
signature line gives, as soon as it has read the file and seen that line. The child reads the file itself
(:func:`read_body`: the bytes after the signature line, without a UTF-8 BOM), while the parent decodes its own
copy, and writes frames to its standard output (piping 150 MB to it cost the parent 0.26 s before the first
chunk could be parsed). Should the file change between the two reads, the digests differ and the parent reads
its own copy:

- ``D``: the verdict on the body, once, and nothing but ``E`` follows it: its SHA-256 as 64 hex digits, a space
  and ``safe`` after the last chunk; or at once, and nothing follows, ``- unsafe`` when a chunk about to be
  parsed holds what the writer avoids or ryml reads differently (:data:`UNSAFE`, :data:`UNICODE_BREAKS`; the
  same test as ``fast_yaml``'s, here on bytes), or the digest and ``edited`` as soon as the digest is known
  to differ from the one the parent expects (the file's signature, when it passes one). The digest is
  computed in a thread (hashlib releases the GIL) while the first chunks are parsed, and each chunk is
  scanned just before it is parsed (the writer's chunks end at a line break, so nothing is missed between
  two), so the first chunk goes out without waiting for a scan of the whole body (0.3 s at 150 MB). The
  parent uses ``J`` frames at once and drops them if the verdict goes against the file;
- ``J``: one chunk of documents, as the JSON text of a list (ryml's own JSON emitter); chunks are cut after
  a newline that precedes ``---``, about :data:`CHUNK_BYTES` apart, in file order; ``N``: the same for a
  chunk that holds a run of :data:`LONG_DIGITS` digits or more (:func:`long_digits`): it may hold an integer
  beyond 64 bits, which orjson reads as a float, so the parent decodes it with the standard ``json`` module;
- ``E``: the end (empty payload); or ``F``: the fast path cannot read this file (UTF-8 reason), nothing more.

A frame is one type byte, an 8-byte big-endian payload length, then the payload. The child gives up (``F``) on
a chunk ryml cannot parse, one that is not a document stream, or one nested deeper than ``max_depth`` levels
(ryml's JSON indents two spaces a level): the parent then reads the file the exact way.

The child imports only the standard library and ``ryml``: it starts in ~50 ms. In a frozen (PyInstaller) build
it is the application itself, run with :data:`CHILD_FLAG` (see packaging/entry.py).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import sys
import threading

CHILD_FLAG = "--k8s-explorer-parse-child"
CHUNK_BYTES = 4 * 1024 * 1024
HEADER = struct.Struct(">cQ")
SAFE, UNSAFE_TEXT, EDITED = "safe", "unsafe", "edited"
UNSAFE = ("&", "*", "!", "\\", ".inf", ".nan")        # anchors, aliases, tags, escapes, special floats
UNICODE_BREAKS = ("\u0085", "\u2028", "\u2029")      # line breaks for YAML 1.1 (PyYAML), not for ryml
_UNSAFE_BYTES = tuple(s.encode("utf-8") for s in UNSAFE)
_BREAK_BYTES = tuple(c.encode("utf-8") for c in UNICODE_BREAKS)
LONG_DIGITS = 19        # digits in a row from which an integer may not fit 64 bits (2**63 has 19)
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))   # "0" for a digit, else " "


def unsafe(body: bytes) -> bool:
    """True when the UTF-8 ``body`` holds any of :data:`UNSAFE` or :data:`UNICODE_BREAKS`."""
    return any(s in body for s in _UNSAFE_BYTES) or (not body.isascii() and any(c in body for c in _BREAK_BYTES))


def long_digits(chunk: bytes) -> bool:
    """True when ``chunk`` holds :data:`LONG_DIGITS` ASCII digits in a row anywhere (strings included: a
    false alarm only costs speed). An integer that fits 64 bits has fewer, so orjson reads every number of a
    chunk without such a run as ``json`` does (~0.35 s for 150 MB)."""
    return b"0" * LONG_DIGITS in chunk.translate(_DIGITS_AS_ZERO)


def command(max_depth: int, digest: str, path: str) -> list:
    """The argv that starts a child parsing the documents of the file at ``path`` (absolute), at most
    ``max_depth`` levels deep, in chunks of about :data:`CHUNK_BYTES` bytes; the SHA-256 of its body should be
    ``digest`` (64 hex digits)."""
    args = [str(max_depth), str(CHUNK_BYTES), digest, path]
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG, *args]
    return [sys.executable, os.path.abspath(__file__), *args]


def chunks(body, size: int = CHUNK_BYTES, begin: int = 0) -> list:
    """``(begin, end)`` ranges of about ``size`` bytes (characters for a str ``body``) covering ``body`` from
    ``begin``, each cut after a newline that precedes ``---`` (a document boundary in the writer's layout)."""
    out = []
    separator = "\n---\n" if isinstance(body, str) else b"\n---\n"
    while begin < len(body):
        end = body.find(separator, begin + size)
        end = len(body) if end < 0 else end + 1
        out.append((begin, end))
        begin = end
    return out


def body_start(data: bytes) -> int:
    """Where the body of a topology file's bytes ``data`` starts: after a UTF-8 BOM and two lines (the title
    and the signature); raises ValueError when there are not two lines."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    return data.index(b"\n", data.index(b"\n", start) + 1) + 1


def read_body(path: str) -> tuple:
    """``(data, start)``: the topology file at ``path``, mapped into memory (pages are read as they are
    used, the hashing thread's and the parser's at the same time), and where its body starts (see
    :func:`body_start`). Raises OSError or ValueError."""
    with open(path, "rb") as f:
        try:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:      # an empty file cannot be mapped
            data = f.read()
    return data, body_start(data[:64 * 1024])     # (the title and the signature: two short lines)


def write_frame(out, kind: bytes, payload: bytes = b"") -> None:
    out.write(HEADER.pack(kind, len(payload)))
    out.write(payload)
    out.flush()


def read_frame(stream) -> tuple:
    """``(kind, payload)`` of the next frame; raises EOFError when the stream ends early."""
    header = stream.read(HEADER.size)
    if len(header) != HEADER.size:
        raise EOFError("the parse child stopped without finishing")
    kind, size = HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) != size:
        raise EOFError("the parse child stopped in the middle of a frame")
    return kind, payload


def serve(body, max_depth: int, out, chunk_bytes: int = CHUNK_BYTES, expected: str | None = None,
          start: int = 0) -> None:
    """Write the frames for the bytes of ``body`` (bytes or a memory map) from ``start`` to ``out`` (see the
    module docstring); ``expected``: the digest the parent expects, if it says."""
    digest: list = []
    hasher = threading.Thread(target=lambda: digest.append(hashlib.sha256(memoryview(body)[start:]).hexdigest()),
                              daemon=True)
    hasher.start()
    import ryml
    tree = ryml.Tree()      # one tree for every chunk: it keeps its nodes and arena (parsing ~45 % faster)
    deep = "\n" + "  " * (max_depth + 1)
    for begin, end in chunks(body, chunk_bytes, start):
        chunk = body[begin:end]
        if unsafe(chunk):
            write_frame(out, b"D", f"- {UNSAFE_TEXT}".encode("ascii"))
            return
        if expected is not None and not hasher.is_alive() and digest[0] != expected:
            write_frame(out, b"D", f"{digest[0]} {EDITED}".encode("ascii"))
            return
        try:
            tree.clear()
            tree.clear_arena()
            ryml.parse_in_arena(chunk, tree=tree)
            if not tree.is_stream(tree.root_id()):
                write_frame(out, b"F", b"not a document stream")
                return
            js = ryml.emit_json_malloc(tree, tree.root_id())
        except Exception as exc:  # noqa: BLE001 - any failure means: the parent reads it the exact way
            write_frame(out, b"F", f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
            return
        if deep in js:
            write_frame(out, b"F", b"nested too deep")
            return
        write_frame(out, b"N" if long_digits(chunk) else b"J", js.encode("utf-8"))
    hasher.join()
    if expected not in (None, digest[0]):
        write_frame(out, b"D", f"{digest[0]} {EDITED}".encode("ascii"))
        return
    write_frame(out, b"D", f"{digest[0]} {SAFE}".encode("ascii"))
    write_frame(out, b"E")


def main(argv: list) -> int:
    """The child's entry: ``argv`` is ``[max_depth, chunk_bytes, digest, path]`` (see :func:`command`).
    Returns the exit status."""
    try:
        max_depth, chunk_bytes, expected, path = int(argv[0]), int(argv[1]), argv[2], argv[3]
    except (IndexError, ValueError):
        return 2
    out = sys.stdout.buffer
    try:
        try:
            body, start = read_body(path)
        except (OSError, ValueError) as exc:
            write_frame(out, b"F", f"cannot read the file: {exc}".encode("utf-8", "replace"))
            return 0
        serve(body, max_depth, out, chunk_bytes, expected, start)
    except (BrokenPipeError, OSError):
        return 1    # the parent stopped listening (it gave up on this read)
    return 0


if __name__ == "__main__":
    del sys.path[0]     # this file's folder: its modules must not shadow the standard library's
    sys.exit(main(sys.argv[1:]))
