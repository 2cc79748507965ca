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
  parsed is no UTF-8 or holds what the writer avoids or ryml reads differently (:data:`UNSAFE`,
  :data:`UNICODE_BREAKS`; the same test as ``fast_yaml``'s, here on bytes), or the digest and ``edited`` as
  soon as the digest is known to differ from the one the parent expects (the file's signature, when it
  passes one). The digest is computed in a thread (hashlib releases the GIL) while the first chunks are
  parsed, and each chunk is scanned just before it is parsed (the writer's chunks end at a line break, so
  nothing is missed between two; a ``T`` frame's chunk only in the text it sends, see :func:`templated`), so
  the first chunk goes out without waiting for a scan of the whole body (0.3 s at 150 MB). The parent uses
  the frames at once and drops them if the verdict goes against the file;
- ``J``: one chunk of documents, as the JSON text of a list (ryml's own JSON emitter); chunks are cut after
  a newline that precedes ``---``, about :data:`CHUNK_BYTES` apart, in file order; ``N``: the same for a
  chunk that holds a run of :data:`LONG_DIGITS` digits or more (:func:`long_digits`): it may hold an integer
  beyond 64 bits, which orjson reads as a float, so the parent decodes it with the standard ``json`` module;
- ``T``: one chunk of documents where copies are told apart from what they copy (:func:`templated`): the JSON
  text of ``[codes, refs, values, paths, documents]``, one code per document of the chunk, in file order. ``0``
  or ``-n``: the next of ``documents`` (ryml's JSON of the documents the chunk sends), whose text had ``n``
  masked values, the next ``n`` of ``values``; ``2``: the next of ``documents`` too, which copies the document
  whose index (counted from the file's first document) is the next of ``refs``: the same text but for its
  masked values (the next ones of ``values``), at the ``[top-level key, key]`` fields the next of ``paths``
  lists (the parent checks it against that document with those values); ``3``: a copy not sent, of the
  document the next of ``refs`` gives, with the next values. A chunk that cannot be cut into one document a
  piece goes as ``J`` or ``N``;
- ``E``: the end (empty payload); or ``F``: the fast path cannot read this file (UTF-8 reason), nothing more.

A frame is one type byte, an 8-byte big-endian payload length, then the payload. The child gives up (``F``) on
a chunk ryml cannot parse, one that is not a document stream, or one nested deeper than ``max_depth`` levels
(ryml's JSON indents two spaces a level): the parent then reads the file the exact way.

The child imports only the standard library and ``ryml``: it starts in ~50 ms. In a frozen (PyInstaller) build
it is the application itself, run with :data:`CHILD_FLAG` (see packaging/entry.py).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import mmap
import os
import re
import struct
import sys
import threading

CHILD_FLAG = "--k8s-explorer-parse-child"
CHUNK_BYTES = 4 * 1024 * 1024
# the first chunk's size (the next ones grow fourfold up to CHUNK_BYTES): the parent, idle until the first frame
# comes, then starts ~0.2 s sooner (a file starts with its nodes, each parsed: ~50 ms a MB here)
FIRST_CHUNK_BYTES = 256 * 1024
HEADER = struct.Struct(">cQ")
SAFE, UNSAFE_TEXT, EDITED = "safe", "unsafe", "edited"
UNSAFE = ("&", "*", "!", "\\", ".inf", ".nan")        # anchors, aliases, tags, escapes, special floats
UNICODE_BREAKS = ("\u0085", "\u2028", "\u2029")      # line breaks for YAML 1.1 (PyYAML), not for ryml
_UNSAFE_CHARS = tuple(s.encode("utf-8") for s in UNSAFE if len(s) == 1)
_UNSAFE_WORDS = tuple(s.encode("utf-8") for s in UNSAFE if len(s) > 1)
_RARE_DOTS = re.compile(rb"\.(?:inf|nan|\.\.)")
_BREAK_BYTES = tuple(c.encode("utf-8") for c in UNICODE_BREAKS)
LONG_DIGITS = 19        # digits in a row from which an integer may not fit 64 bits (2**63 has 19)
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))   # "0" for a digit, else " "

# Copies (issue 6): the pods of one ReplicaSet are the same text but for a few one-line values: a 150,000-pod file
# holds ~9,000 different documents once those are masked. MASKED_KEYS at two spaces (a key of a top-level
# mapping), with a value of a kind both YAML readers read as that very string: a lowercase name that is no YAML
# 1.1 boolean or null, a dotted IPv4 address, a UUID.
MASKED_KEYS = ("name", "uid", "nodeName", "hostIP", "podIP")
_TOKEN = (rb"(?!(?:y|n|yes|no|on|off|true|false|null)(?:\n|\Z))[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*"
          rb"|[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
          rb"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_KEYS = b"|".join(k.encode("ascii") for k in MASKED_KEYS)
# (split: the keys and the values; the key stays in the masked text, so "  uid: x" never masks as "  name: y")
_MASK = re.compile(rb"\n  (" + _KEYS + rb"): (" + _TOKEN + rb")(?=\n|\Z)")
# (the same lines with any value, then one check of all the values (tokens): ~25 % faster than _MASK when they
# all are tokens, as in what the writer writes; else the chunk is split again with _MASK)
_MASK_ANY = re.compile(rb"\n  (" + _KEYS + rb"): ([^\n]*)")
_TOKENS = re.compile(rb"(?:(?:" + _TOKEN + rb")\n)*")      # (the definition tokens() follows: see the tests)
# tokens(), in parts: the bytes a token may hold; a value that is no token though its bytes are (an empty one, one
# that starts with neither a letter nor a digit, a YAML 1.1 boolean or null, one that starts with a digit but is
# no IPv4 address nor UUID); the rest (".." and a last ".") are two substring tests
_TOKEN_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789.-\n"
_NOT_TOKEN = re.compile(rb"\n(?:[^a-z0-9]|(?:y|n|yes|no|on|off|true|false|null)\n"
                        rb"|(?![0-9]{1,3}(?:\.[0-9]{1,3}){3}\n"
                        rb"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n)[0-9])")
_MASK_KEY = re.compile(rb"\n  (" + _KEYS + rb"): (?:" + _TOKEN + rb")(?=\n|\Z)")   # (finditer: the keys)
_TOP_KEY = re.compile(rb"([A-Za-z][A-Za-z0-9]*):")
_UNINDENTED = re.compile(rb"(?m)^(?! )[^\n]*")     # lines that are not indented, empty ones too
NOT_COPIED = b"explorer.k8s.io/position"     # the reader takes it out of the object it reads (io.layout)
OWN_TREE_BYTES = 1024 * 1024


def unsafe(body: bytes, dots: bool = True) -> bool:
    """True when ``body`` is not UTF-8 or holds any of :data:`UNSAFE` or :data:`UNICODE_BREAKS`. ``dots``: False
    when ``body`` is known to hold no ``.inf``, ``.nan`` nor ``...`` (:func:`rare_dots`), which saves their
    search. (A one-byte search is ~10x faster than one of several bytes that start with a byte as common as
    ``.``.) The parent leaves the text of a file this child judged undecoded: it must be UTF-8."""
    return (any(s in body for s in _UNSAFE_CHARS) or (dots and any(s in body for s in _UNSAFE_WORDS))
            or (not body.isascii() and (any(c in body for c in _BREAK_BYTES) or not _utf8(body))))


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def tokens(values: list) -> bool:
    """True when every one of ``values`` (bytes without a line break) is a token, as ``_TOKEN`` defines them: what
    ``_TOKENS.fullmatch`` of them, a line each, says, in ~40 % of its time (one regular expression that looks only
    where a value starts, and tests of the whole text in C)."""
    return _tokens_joined(b"\n".join(values))


def _tokens_joined(joined: bytes) -> bool:
    """:func:`tokens` of the values ``joined`` with line breaks."""
    text = b"\n" + joined + b"\n"
    return (not text.translate(None, _TOKEN_BYTES) and b".." not in text and b".\n" not in text
            and _NOT_TOKEN.search(text) is None)


def rare_dots(body: bytes) -> bool:
    """True when ``body`` holds ``.inf``, ``.nan`` or ``...`` (one search for the three)."""
    return _RARE_DOTS.search(body) is not None


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


def chunks(body, size: int = CHUNK_BYTES, begin: int = 0, first: int | None = None) -> list:
    """``(begin, end)`` ranges of about ``size`` bytes (characters for a str ``body``) covering ``body`` from
    ``begin``, each cut after a newline that precedes ``---`` (a document boundary in the writer's layout).
    ``first``: the first range's size, each next one four times the one before, up to ``size``."""
    out = []
    separator = "\n---\n" if isinstance(body, str) else b"\n---\n"
    step = size if first is None else min(first, size)
    while begin < len(body):
        end = body.find(separator, begin + step)
        end = len(body) if end < 0 else end + 1
        out.append((begin, end))
        begin = end
        step = min(size, step * 4)
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


class Copies:
    """What :func:`templated` knows across chunks: the index of the next document and, per masked text seen, the
    index of its first document and how many came (1 or 2; after 2 the rest are copies), or False: not copied
    (its fields are not all keys of top-level mappings, or it holds a diagram position)."""

    def __init__(self):
        self.index = 0
        self.seen: dict = {}


def mask_paths(piece: bytes):
    """``[(top-level key, key), ...]`` of each masked line of the document text ``piece``, or None when one is
    not a key of a top-level block mapping as the text reads (the nearest line above it that is not indented
    must be ``key:`` alone) or two name the same field."""
    out = []
    tops = [(m.start(), m.group()) for m in _UNINDENTED.finditer(piece)]
    starts = [at for at, _ in tops]
    for m in _MASK_KEY.finditer(piece):
        i = bisect.bisect_right(starts, m.start()) - 1     # the nearest line above that is not indented
        top = _TOP_KEY.fullmatch(tops[i][1]) if i >= 0 else None
        if top is None:
            return None
        out.append((top.group(1).decode("ascii"), m.group(1).decode("ascii")))
    return out if len(set(out)) == len(out) else None


def templated(chunk: bytes, copies: Copies, tree, deep: str):
    """The payload of a ``T`` frame for ``chunk`` (module docstring), or None when it cannot be cut into one
    document a piece (document markers with more on their line, ``...``, directives, a NUL, a piece ryml reads
    as more or fewer documents), it holds what :func:`unsafe` finds, or its JSON is nested deeper than ``deep``
    marks: send it whole (which finds the same). ``copies`` changes only when a payload is returned. ``tree``: a
    ryml tree to reuse for the documents sent (a text over :data:`OWN_TREE_BYTES` gets a tree of its own:
    clearing a tree costs in proportion to the biggest text it held). Raises what ``ryml`` raises.

    Only the text of the documents sent is searched for what would refuse the chunk (a tenth of it, in what the
    writer writes): a copy is the text of a document sent before (in this chunk or an earlier one, whose search
    found nothing, or it would have gone whole) but for its values, which are tokens (:func:`tokens`): one line
    each, ASCII letters, digits, dots and hyphens."""
    import ryml
    body = chunk[4:] if chunk.startswith(b"---\n") else chunk
    if body.startswith((b"---", b"%", b"...")) or b"\0" in body:
        return None
    parts = _MASK_ANY.split(body)    # text, key, value, text, key, value, ... (no value holds a line break)
    values = parts[2::3]
    if not values:
        return None     # (nothing masked: the chunk as it is)
    joined = b"\n".join(values)
    if not _tokens_joined(joined):
        parts = _MASK.split(body)
        values = parts[2::3]
        if not values:
            return None
        joined = b"\n".join(values)
    del parts[2::3], values
    keys = b"\0".join(parts).split(b"\n---\n")     # each piece with NUL, key, NUL for each value: what copies share
    pieces = body.split(b"\n---\n")
    # (in the stream a piece ends with a line break, which the separator took but from the last one: the last
    # one without it reads the same; a body without a last line break gets an end no other piece can have, as
    # the count of document markers below refuses the text that would give one)
    keys[-1] = keys[-1][:-1] if body.endswith(b"\n") else keys[-1] + b"\n---"
    seen = copies.seen
    undo: list = []     # (key, what seen held), to put back if the chunk goes whole after all
    base = copies.index
    # Most pieces copy a text seen twice before this chunk: seen says so at once, and what it says of them
    # stays true (a text seen twice stays so). The others are looked at in order, seen as it is then.
    infos = list(map(seen.get, keys))
    refs_at = [info[0] if info and info[1] == 2 else None for info in infos]
    codes = [3] * len(keys)
    paths: list = []
    full: list = []
    for at in [at for at, ref in enumerate(refs_at) if ref is None]:
        key = keys[at]
        info = seen.get(key)
        if info and info[1] == 2:   # (a text this chunk showed twice already)
            refs_at[at] = info[0]
        elif not info:
            count = key.count(b"\0") // 2
            codes[at] = -count
            full.append(pieces[at])
            if info is None and count:
                undo.append((key, None))
                seen[key] = (base + at, 1)
        else:
            piece = pieces[at]
            where = None if NOT_COPIED in piece else mask_paths(piece)
            undo.append((key, info))
            if where is None:
                seen[key] = False
                codes[at] = -(key.count(b"\0") // 2)
            else:
                seen[key] = (info[0], 2)
                codes[at] = 2
                refs_at[at] = info[0]
                paths.append(where)
            full.append(piece)
    refs = [ref for ref in refs_at if ref is not None]
    index = base + len(keys)
    js = "[]"
    if full:
        text = b"---\n" + b"\n---\n".join(full)   # (a stream, even of one document)
        # a document marker with more on its line, ..., a directive; what ryml reads otherwise; a number orjson
        # would misread (the values of copies are strings)
        if (text.count(b"\n---") != len(full) - 1 or b"\n..." in text or b"\n%" in text or unsafe(text)
                or long_digits(text)):
            _undo(seen, undo)
            return None
        if len(text) > OWN_TREE_BYTES:
            tree = ryml.Tree()
        else:
            tree.clear()
            tree.clear_arena()
        ryml.parse_in_arena(text, tree=tree)
        root = tree.root_id()
        whole = tree.is_stream(root) and tree.num_children(root) == len(full)
        js = ryml.emit_json_malloc(tree, root) if whole else None
        if js is None or deep in js:
            _undo(seen, undo)
            return None
    copies.index = index
    return b"".join((b"[", repr(codes).encode("ascii"), b",", repr(refs).encode("ascii"), b",",
                     b'["' + joined.replace(b"\n", b'","') + b'"]', b",",
                     json.dumps(paths).encode("ascii"), b",", js.encode("utf-8"), b"]"))


def _undo(seen: dict, undo: list) -> None:
    """Put back what ``seen`` held before the changes ``undo`` lists (``(key, what it held or None)``)."""
    for key, info in reversed(undo):
        if info is None:
            del seen[key]
        else:
            seen[key] = info


def serve(body, max_depth: int, out, chunk_bytes: int = CHUNK_BYTES, expected: str | None = None,
          start: int = 0, copies: bool = True) -> None:
    """Write the frames for the bytes of ``body`` (bytes or a memory map) from ``start`` to ``out`` (see the
    module docstring); ``expected``: the digest the parent expects, if it says; ``copies``: send ``T`` frames
    where a chunk allows (else only ``J`` and ``N``)."""
    digest: list = []
    hasher = threading.Thread(target=lambda: digest.append(hashlib.sha256(memoryview(body)[start:]).hexdigest()),
                              daemon=True)
    hasher.start()
    import ryml
    tree = ryml.Tree()      # one tree for every chunk: it keeps its nodes and arena (parsing ~45 % faster)
    deep = "\n" + "  " * (max_depth + 1)
    copies = Copies() if copies else None
    small = ryml.Tree()     # (for the documents of T frames: see templated)
    for begin, end in chunks(body, chunk_bytes, start, FIRST_CHUNK_BYTES):
        chunk = body[begin:end]
        if expected is not None and not hasher.is_alive() and digest[0] != expected:
            write_frame(out, b"D", f"{digest[0]} {EDITED}".encode("ascii"))
            return
        try:
            payload = None if copies is None else templated(chunk, copies, small, deep)
            if payload is not None:     # (it searched what it sends for what unsafe() finds)
                write_frame(out, b"T", payload)
                continue
            if unsafe(chunk, rare_dots(chunk)):
                write_frame(out, b"D", f"- {UNSAFE_TEXT}".encode("ascii"))
                return
            long = long_digits(chunk)
            tree.clear()
            tree.clear_arena()
            ryml.parse_in_arena(chunk, tree=tree)
            if not tree.is_stream(tree.root_id()):
                write_frame(out, b"F", b"not a document stream")
                return
            js = ryml.emit_json_malloc(tree, tree.root_id())
            if copies is not None:
                copies.index += tree.num_children(tree.root_id())
        except Exception as exc:  # noqa: BLE001 - any failure means: the parent reads it the exact way
            write_frame(out, b"F", f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
            return
        if deep in js:
            write_frame(out, b"F", b"nested too deep")
            return
        write_frame(out, b"N" if long else b"J", js.encode("utf-8"))
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
