"""A fast, exact reader for topology files this app wrote and nobody edited since (issue 6).

PyYAML's libyaml loader reads ~3.7 MB/s: 40 s for the 149 MB file of a 5,000-node, 150,000-pod cluster, most
of it spent building Python objects node by node. rapidyaml (``ryml``) parses the same YAML in C++ and writes
it back as JSON, which orjson (or ``json``, see :func:`json_values`) turns into Python values at C speed:
about 8x faster in all.

The two readers differ on some plain scalars (YAML 1.1 against 1.2: ``yes``, ``0x1F``, ``~``, ``1e3``,
``.inf``...) and on a few rarer features, so :func:`documents` answers only when its result is known to equal
:func:`explorer.io.safe_yaml.parse_documents`'s:

- the file carries the signature line :func:`signature` makes (``# sha256 <hex>``, the second line) and the
  text after it has exactly that SHA-256: byte for byte what :func:`explorer.io.writer.dump_topology` wrote,
  and that writer quotes every string the two readers could read differently and reports files holding
  non-string keys (see ``safe_yaml.dump_all_chunks``), which it then leaves unsigned;
- the text holds nothing the writer avoids or ryml reads differently: anchors, aliases and tags (``&``,
  ``*``, ``!`` anywhere), backslash escapes, the Unicode line breaks U+0085, U+2028 and U+2029, ``.inf`` and
  ``.nan``; and no nesting beyond ``limits.max_depth``;
- rapidyaml is installed (it is a dependency, but the exact path never needs it).

Anything else, a parse error included, gives None and the caller takes the exact PyYAML path. ryml works on
chunks of about :data:`CHUNK_BYTES` characters, so its node tree stays small (a whole-file tree would need
~1 GB), and the text is encoded a chunk at a time (no second 150 MB copy).

Given a child started on the file (:func:`start_child`: a regular file of at least :data:`CHILD_MIN_BYTES`
whose bytes are signed), ryml runs in that process (:mod:`explorer.io.parse_child`), which reads the file
itself, and the values come as a generator (:func:`child_documents`): this process turns one chunk into Python
objects (``json.loads``) and the caller validates them while the child parses the next, so the two cores share
the read (5,000 nodes: 6.6 s of parsing and checking became ~4 s). The child checks the SHA-256 (against the
signature's, which it is given), that the body is UTF-8 (this process then need not decode it) and the text
while it parses, and its chunks are used at once: when its verdict goes against the file (as soon as it
knows, or after the last chunk when all is well), or it gives up or stops (it never does on what the writer
wrote), the generator raises :class:`Abandoned` and the caller must drop what it had and read the text again
(:func:`documents` then answers as above). A child that cannot start leaves the read to this process.

Copies: the pods of one ReplicaSet are the same text but for a few one-line values (name, uid, nodeName,
hostIP, podIP). The child sends the third and later of such documents as those values alone (``T`` frames, see
:mod:`explorer.io.parse_child`), and this process makes each from the first (:class:`Template`: new dicts
along the masked fields, the rest shared), once the second, sent whole, proved to be exactly what the first
makes with its values. :class:`ChildValues` tells the reader which values are copies of which document, so
it can check a copy as it checked that one (explorer.io.reader). A 150,000-pod file then comes as ~9,000
parsed documents and ~150,000 sets of values: its load went from ~6.6 s to ~2.2 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import stat
import subprocess
import threading
import time

from explorer.io import parse_child
from explorer.model.copies import Maker

SIGNATURE = "# sha256 "
CHUNK_BYTES = 8 * 1024 * 1024
_SIGNATURE_LINE = re.compile(r"# sha256 ([0-9a-f]{64})\n")
_SIGNATURE_BYTES = re.compile(rb"# sha256 ([0-9a-f]{64})\n")
# What the writer's PyYAML emits plain and ryml reads otherwise is only ".inf"/".nan" (floats); other spellings
# resolve to floats in YAML 1.1, so PyYAML quotes them as strings. parse_child checks the same in bytes.
_UNSAFE = parse_child.UNSAFE
_UNICODE_BREAKS = parse_child.UNICODE_BREAKS
CHILD_MIN_BYTES = 16 * 1024 * 1024  # smaller files: starting a process costs more than it saves
CHILD_SILENCE_S = 60.0  # a parse child that takes this long to send a frame is stopped

try:
    import ryml
except ImportError:     # pragma: no cover - rapidyaml is a dependency; the exact path works without it
    ryml = None
try:
    import orjson
except ImportError:     # pragma: no cover - a dependency; the standard json module reads the same, slower
    orjson = None


def signature(body: str) -> str:
    """The line that signs ``body`` (the text that follows it in the file), newline included."""
    return signature_line(hashlib.sha256(body.encode("utf-8")).hexdigest())


def signature_line(digest: str) -> str:
    """The signature line for a body whose SHA-256 (hex) is ``digest``, newline included."""
    return f"{SIGNATURE}{digest}\n"


class Abandoned(Exception):
    """The parse child gave up after some values were handed out: drop them and read the text again."""


def start_child(path, data: bytes, size: int, max_depth: int):
    """A parse child reading the file at ``path``, of ``size`` bytes, whose first bytes (its first two lines
    at least) this process read as ``data``, or None when the file is not worth one (not a regular file,
    smaller than :data:`CHILD_MIN_BYTES`, not signed UTF-8) or it cannot start. Hand it to
    :func:`child_documents`, which stops it unless it answers (a generator over the child's values, which
    stops it in any case). Never raises."""
    if ryml is None or size < CHILD_MIN_BYTES or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    first = data.find(b"\n", start)
    m = _SIGNATURE_BYTES.match(data, first + 1) if first >= 0 and data.startswith(b"#", start) else None
    if m is None:
        return None
    try:
        path = os.path.abspath(path)
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None     # a pipe or a device: it cannot be read a second time
    except (OSError, ValueError):
        return None
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)     # Windows: no console window flashes up
    digest = m.group(1).decode("ascii")
    try:
        child = subprocess.Popen(parse_child.command(max_depth, digest, path), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, creationflags=flags)
    except (OSError, ValueError):
        return None
    child.digest = digest
    child.watchdog = _Watchdog(child)
    _widen(child.stdout)
    return child


PIPE_BYTES = 1 << 20


def _widen(pipe) -> None:
    """Give ``pipe`` :data:`PIPE_BYTES` of buffer where the system allows (Linux): a frame (~1 MB) then goes in
    one or two reads instead of ~16 of 64 KiB, each of which waits for the GIL in the reading thread; the
    child was blocked ~0.3 s of a 150 MB read, ~0.05 s since. Elsewhere, or refused: the pipe as it is."""
    try:
        import fcntl
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def documents(text: str, max_depth: int):
    """``(values, starts)`` for the documents of a signed, unedited ``text``, else None (see the module
    docstring). ``values`` equals what ``parse_documents`` yields, in order; ``starts()`` computes the
    ``(character index, line, column)`` of each document's root node as ``parse_documents`` records them,
    for :func:`explorer.io.lines.locate` (once ``values`` is consumed). Never raises."""
    if ryml is None:
        return None
    body_at = _body_at(text)
    if body_at is None or _unsafe(text):
        return None
    chunks = parse_child.chunks(text, CHUNK_BYTES, body_at)
    digest = hashlib.sha256()
    for begin, end in chunks:   # chunk by chunk: no second copy of a 150 MB text in memory
        digest.update(text[begin:end].encode("utf-8"))
    if digest.hexdigest() != text[body_at - 65:body_at - 1]:
        return None     # edited since it was written: only the exact reader knows how to read it
    try:
        values = _parse(text, chunks, max_depth)
    except Exception:   # noqa: BLE001 - any failure of the fast path means: read it the exact way
        return None
    if values is None:
        return None
    return values, lambda: _starts(text, body_at, len(values))


def child_documents(head: str, child, text_of):
    """``(values, starts)`` as :func:`documents` gives them, from ``child`` (what :func:`start_child` gave for a
    file), given ``head``, the file's first two lines as text (the title and the signature, the BOM left out),
    and ``text_of``, a function giving the whole file's text (called only if ``starts()`` is), or None when
    ``head`` is not the signature the child checks the body against or holds what ryml reads differently
    (the child then stopped). The child checks the body itself (digest, UTF-8, unsafe text): ``values`` is a
    :class:`ChildValues`, whose iteration raises :class:`Abandoned` when the child's verdict goes against it.
    The body need not be decoded here (~0.15 s of a 150 MB open)."""
    body_at = _body_at(head)
    if body_at != len(head) or child.digest != head[body_at - 65:body_at - 1] or _unsafe(head):
        stop_child(child)
        return None
    count = [0]
    verdict = f"{child.digest} {parse_child.SAFE}".encode("ascii")
    return ChildValues(child, count, verdict), lambda: _starts(text_of(), body_at, count[0])


def _body_at(text: str) -> int | None:
    """Where the body of ``text`` starts: after its first line (a comment) and the signature line (whose digest
    is the 64 characters before the line break there), or None when the second line is no signature."""
    first = text.find("\n")
    m = _SIGNATURE_LINE.match(text, first + 1) if first >= 0 and text.startswith("#") else None
    return None if m is None else m.end()


def json_values(payload, long_digits: bool):
    """``json.loads(payload)`` (bytes or str), through orjson (~30 % faster: 3.1 s instead of 4.4 s for the
    JSON of a 150,000-pod file) unless ``long_digits`` says the text may hold an integer beyond 64 bits
    (see :func:`explorer.io.parse_child.long_digits`), which orjson reads as a float; any other difference
    between the two is an error in orjson (a number beyond a double's range, say), after which ``json`` reads
    it and says what it says. Raises ValueError for text that is not JSON."""
    if orjson is not None and not long_digits:
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            pass
    return json.loads(payload)


def _unsafe(text: str) -> bool:
    """True when ``text`` holds something the writer avoids or ryml reads differently (module docstring)."""
    return any(s in text for s in _UNSAFE) or (not text.isascii() and any(c in text for c in _UNICODE_BREAKS))


class _Watchdog:
    """Kills ``child`` once :data:`CHILD_SILENCE_S` pass without :meth:`touch`: a child that hangs (it never
    should) must not hang the read, and with it a window waiting for the loader thread to end. The read then
    sees the pipe close and falls back (:class:`Abandoned`, or this process reading the file)."""

    def __init__(self, child):
        self._child = child
        self._last = time.monotonic()
        self._done = threading.Event()
        threading.Thread(target=self._watch, name="parse-child-watchdog", daemon=True).start()

    def touch(self) -> None:
        self._last = time.monotonic()

    def stop(self) -> None:
        self._done.set()

    def _watch(self) -> None:
        while not self._done.wait(min(1.0, CHILD_SILENCE_S / 4)):
            if time.monotonic() - self._last > CHILD_SILENCE_S:
                try:
                    self._child.kill()
                except OSError:
                    pass
                return


def stop_child(child) -> None:
    """End a parse child (None: nothing), whatever it is doing: one :func:`documents` will not get, or is
    done with (killed first: a thread reading its output then sees the end, and closing that output does not
    wait for the thread's read)."""
    if child is None:
        return
    child.watchdog.stop()
    if child.poll() is None:
        child.kill()
    child.wait()
    try:
        child.stdout.close()
    except OSError:
        pass


class _FrameReader:
    """Reads a parse child's frames in a thread (a read releases the GIL) into a small queue, so the child
    does not wait, pipe full, while this process turns the last chunk into objects: the two processes then
    waited for each other ~0.9 s of a 150 MB read. :meth:`next` gives the frames in order; an ended or failed
    read raises there (EOFError, OSError or ValueError; anything else the thread meets, a MemoryError for a
    frame too big, as OSError: the read never waits for a frame that cannot come)."""

    def __init__(self, child, depth: int = 4):
        self._child = child
        self._queue: queue.Queue = queue.Queue(depth)
        self._stopped = threading.Event()
        threading.Thread(target=self._run, name="parse-child-reader", daemon=True).start()

    def next(self) -> tuple:
        item = self._queue.get()
        if isinstance(item, Exception):
            raise item
        return item

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                frame = parse_child.read_frame(self._child.stdout)
            except (EOFError, OSError, ValueError) as exc:
                self._put(exc)
                return
            except Exception as exc:  # noqa: BLE001 - a frame too big for memory, say: the read must not wait
                self._put(OSError(f"the parse child's frames cannot be read ({type(exc).__name__}: {exc})"))
                return
            self._child.watchdog.touch()
            self._put(frame)

    def _put(self, item) -> None:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


class Template:
    """A document other documents copy (``T`` frames, see :mod:`explorer.io.parse_child`): its value and the
    ``(top-level key, key)`` fields that differ from copy to copy. ``ok``: its value holds, at each of those
    fields, the string the text masked (else nothing may copy it); then :meth:`copy` makes a copy."""

    __slots__ = ("raw", "paths", "ok", "copy", "maker")

    def __init__(self, raw, paths: list, values: list):
        self.raw = raw
        self.paths = tuple(tuple(p) for p in paths)
        self.maker = None
        groups: dict = {}
        ok = type(raw) is dict
        for i, (top, key) in enumerate(self.paths):
            sub = raw.get(top) if ok else None
            if (type(sub) is not dict or type(sub.get(key)) is not str or sub[key] != values[i]
                    or not (_FIELD.fullmatch(top) and _FIELD.fullmatch(key))):
                ok = False
                break
            groups.setdefault(top, []).append((key, i))
        self.ok = ok
        self.copy = _copier(raw, groups) if ok else None
        if ok:      # (what a copy's object is made from when its dict is first asked for)
            self.maker = Maker(self.copy, {p: i for i, p in enumerate(self.paths)}, raw)


class Copy:
    """A document that copies the one whose index is ``of`` (a checked :class:`Template`): ``template`` with
    the strings ``values[at:at + len(template.paths)]``. :meth:`whole` makes its value; the reader makes an
    object of it without (``explorer.model.copies``)."""

    __slots__ = ("template", "values", "at", "of")

    def __init__(self, template: Template, values: list, at: int, of: int):
        self.template = template
        self.values = values
        self.at = at
        self.of = of

    def whole(self):
        return self.template.copy(self.values, self.at)


class CopyRun:
    """``count`` documents in a row, each a :class:`Copy` of the document whose index is ``of``: the ``i``-th
    holds the strings ``values[at + i * width:]`` (``width``: the template's number of paths). A 150,000-pod
    file's copies come as ~1,000 runs: the reader keeps a run in one call (explorer.io.reader)."""

    __slots__ = ("template", "values", "at", "of", "count", "width")

    def __init__(self, template: Template, values: list, at: int, of: int, count: int):
        self.template = template
        self.values = values
        self.at = at
        self.of = of
        self.count = count
        self.width = len(template.paths)

    def copy(self, i: int) -> Copy:
        """The ``i``-th copy of the run (0 <= i < count)."""
        return Copy(self.template, self.values, self.at + i * self.width, self.of)


_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _copier(raw: dict, groups: dict):
    """``copy(values, at)``: ``raw`` with ``values[at + i]`` at each field ``groups`` gives as ``{top-level key:
    [(key, i), ...]}``: new dicts from the root to each of them, the rest shared (objects are never changed in
    place, see explorer.model.objects). The code is made once per set of fields (keys checked to be plain
    names; a file's pods share one): a copy is ~1.3 us instead of ~3.4 us for a loop over the fields."""
    shape = tuple((top, tuple(keys)) for top, keys in groups.items())
    make = _MAKERS.get(shape)
    if make is None:
        lines = [f"def make(raw, {', '.join(f'sub{n}' for n in range(len(shape)))}):",
                 "    def copy(values, at):", "        out = raw.copy()"]
        for n, (top, keys) in enumerate(shape):
            lines.append(f"        d = sub{n}.copy()")
            lines += [f"        d[{key!r}] = values[at + {i}]" for key, i in keys]
            lines.append(f"        out[{top!r}] = d")
        lines += ["        return out", "    return copy"]
        space: dict = {}
        exec("\n".join(lines), space)     # noqa: S102 - the code above, with checked names only
        make = _MAKERS[shape] = space["make"]
    return make(raw, *(raw[top] for top, _ in shape))


_MAKERS: dict = {}      # fields -> a function making copy functions for them (_copier)


class ChildValues:
    """The values of a parse child's chunks, in order (an iterator); see :func:`_from_child`. While it runs,
    ``firsts`` holds the index of each document sent with masked values whose second copy has not come yet,
    ``templates`` maps the index of each document later ones copy to its :class:`Template` (added when the
    first copy, sent whole, proved to be what the template makes). Copies made from a template come as a
    :class:`CopyRun` (those in a row), not as their values: the reader checks them as it checked the
    template's document (explorer.io.reader); :attr:`copies` counts them."""

    def __init__(self, child, count: list, verdict: bytes):
        self.firsts: dict = {}
        self.templates: dict = {}
        self._copies = [0]
        self._values = _from_child(child, count, verdict, self.firsts, self.templates, self._copies)

    @property
    def copies(self) -> int:
        """How many documents came as copies (in a :class:`CopyRun`) so far."""
        return self._copies[0]

    def __iter__(self):
        return self._values


def _copied_chunk(payload, count: list, firsts: dict, templates: dict, copies: list):
    """The values of a ``T`` frame's chunk, in order (see :mod:`explorer.io.parse_child`), the copies of a
    checked template in a row as one :class:`CopyRun` (``copies[0]`` counts the copies; ``count[0]`` the
    documents). ``firsts``: the value and masked values of each document sent with masked values, by index,
    for the templates their second copy makes. Raises ValueError
    for a payload that is not one, and :class:`Abandoned` for a copy of a document that is not a checked
    template."""
    codes, refs, values, paths, documents = json_values(payload, False)
    full = ref = where = at = 0
    index = count[0]
    n = len(codes)
    pos = 0
    while pos < n:
        code = codes[pos]
        pos += 1
        if code <= 0:
            value = documents[full]
            full += 1
            if code:
                firsts[index] = (value, values[at:at - code])
                at -= code
        else:
            j = refs[ref]
            ref += 1
            if code == 2:
                value = documents[full]
                full += 1
                first, masked = firsts.pop(j)
                template = Template(first, paths[where], masked)
                where += 1
                if template.ok and template.copy(values, at) == value:
                    templates[j] = template
                at += len(template.paths)
            else:
                template = templates.get(j)
                if template is None:
                    raise Abandoned("a copy of a document that is not what its copies are")
                run = 1     # the copies of the same document that follow: one run
                while pos < n and codes[pos] == 3 and refs[ref] == j:
                    pos += 1
                    ref += 1
                    run += 1
                value = CopyRun(template, values, at, j, run)
                at += run * value.width
                copies[0] += run
                index += run
                count[0] = index
                yield value
                continue
        index += 1
        count[0] = index
        yield value
    if full != len(documents) or at != len(values):
        raise ValueError("codes, documents and values disagree")


def _from_child(child, count: list, verdict: bytes, firsts: dict, templates: dict, copies: list):
    """The values of the child's chunks, in order; ``count[0]`` counts them; ``firsts``, ``templates`` and ``copies``: see
    :class:`ChildValues`. Raises :class:`Abandoned` when the child's verdict on the body is not ``verdict``
    (edited, or unsafe), or it gives up or stops early."""
    judged = False
    frames = _FrameReader(child)
    try:
        while True:
            try:
                kind, payload = frames.next()
            except (EOFError, OSError, ValueError) as exc:
                raise Abandoned(str(exc) or "the parse child stopped") from None
            if kind == b"D":
                if payload != verdict:
                    raise Abandoned("edited since it was written, or holds what ryml reads differently")
                judged = True
                continue
            if kind == b"E" and judged:
                return
            if kind == b"T":
                try:
                    yield from _copied_chunk(payload, count, firsts, templates, copies)
                except (ValueError, TypeError, IndexError, AttributeError) as exc:
                    raise Abandoned(f"unreadable chunk: {exc}") from None
                continue
            if kind not in (b"J", b"N"):
                raise Abandoned(payload.decode("utf-8", "replace") or "the parse child gave no verdict")
            try:
                values = json_values(payload, kind == b"N")
            except ValueError as exc:
                raise Abandoned(f"unreadable chunk: {exc}") from None
            del payload
            count[0] += len(values)
            yield from values
    finally:
        frames.stop()
        stop_child(child)


def _parse(text: str, chunks: list, max_depth: int):
    values: list = []
    deep = "\n" + "  " * (max_depth + 1)     # ryml's JSON indents two spaces a level: deeper than allowed
    tree = ryml.Tree()      # reused: it keeps its nodes and arena from chunk to chunk (parsing ~45 % faster)
    for begin, end in chunks:
        chunk = text[begin:end].encode("utf-8")
        tree.clear()
        tree.clear_arena()
        ryml.parse_in_arena(chunk, tree=tree)
        js = ryml.emit_json_malloc(tree, tree.root_id())
        if not tree.is_stream(tree.root_id()) or deep in js:
            return None
        values.extend(json_values(js, parse_child.long_digits(chunk)))
    return values


def _starts(text: str, body_at: int, count: int) -> list:
    """Where each document's root node starts: the line after each ``---`` line (the writer's layout)."""
    out = []
    line = text.count("\n", 0, body_at)
    at = body_at
    while len(out) < count:
        sep = text.find("---\n", at) if not out else text.find("\n---\n", at)
        if sep < 0:
            break
        begin = sep + 4 if not out else sep + 5
        line += text.count("\n", at, begin)
        out.append((begin, line, 0))
        at = begin
    return out + [None] * (count - len(out))
