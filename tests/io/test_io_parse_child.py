"""The fast reader's parse child (explorer.io.parse_child): a file read through it gives exactly what the
exact PyYAML path gives, and every way the child can fail ends in a correct read in this process.

Each case writes a file, loads it with ``load_topology`` (the child is used from 0 bytes up and parses in
chunks of a few hundred bytes, so small files cross many chunks) and compares the whole result with the
exact path's, together with the route the read took: ``child`` (values streamed from the child),
``in process`` (fast_yaml's own ryml parse) or ``exact`` (PyYAML), in the order they were tried.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from explorer.io import dump_topology, fast_yaml, load_text, load_topology, parse_child, reader
from explorer.model import example_cluster, from_dict

ROOT = Path(__file__).resolve().parents[2]


def _cluster(*raws):
    cluster = example_cluster()
    cluster.add_many([from_dict(r) for r in raws], validate=False)
    return cluster


def _pod(name: str, extra: dict | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **(extra or {})}}


def _nested(depth: int):
    value: dict = {"leaf": 1}
    for _ in range(depth):
        value = {"d": value}
    return value


def _whole(result) -> tuple:
    return (json.dumps([o.raw for o in result.cluster], ensure_ascii=False), result.cluster.network,
            dict(result.cluster.layout), [str(d) for d in result.diagnostics])


def _script(code: str) -> list:
    return [sys.executable, "-c", code]


# A child that checks the body's digest (the file's path is its last argument), then stops before its first chunk.
_DIGEST_THEN_STOP = ("import sys, hashlib, struct; b = open(sys.argv[-1], 'rb').read(); "
                     "b = b[b.index(b'\\n', b.index(b'\\n') + 1) + 1:]; d = (hashlib.sha256(b).hexdigest()"
                     " + ' safe').encode(); sys.stdout.buffer.write(struct.pack('>cQ', b'D', len(d)) + d)")

# A child that ends at once, without a verdict on the body.
_END_WITHOUT_VERDICT = "import sys, struct; sys.stdout.buffer.write(struct.pack('>cQ', b'E', 0))"

# A child that hangs.
_HANGS = "import time; time.sleep(600)"

def _signed_bytes(body: bytes) -> bytes:
    """A file of ``body`` with the signature the writer puts on what it writes (any bytes, UTF-8 or not)."""
    return b"# bytes\n" + fast_yaml.signature_line(hashlib.sha256(body).hexdigest()).encode() + body


SIGNED = dump_topology(example_cluster())
OTHER_SIGNED = dump_topology(_cluster(_pod("another")))
CASES = {
    # name: (file bytes, argv of the child or None for the real one, use the child from 0 bytes, routes); a
    # child's argv ends with the file's path
    "signed file": (SIGNED.encode(), None, True, ["child"]),
    "integers beyond 64 bits (an N frame)": (
        dump_topology(_cluster(_pod("huge", {"x-huge": 123456789012345678901234567890}))).encode(), None, True,
        ["child"]),
    "signed file with a UTF-8 BOM": (b"\xef\xbb\xbf" + SIGNED.encode(), None, True, ["child"]),
    "signed file in UTF-16": (SIGNED.encode("utf-16"), None, True, ["in process"]),
    "smaller than CHILD_MIN_BYTES": (SIGNED.encode(), None, False, ["in process"]),
    # the child's verdict comes after its first chunks, which are used at once and dropped on a bad verdict
    "edited after saving": (SIGNED.replace("replicas: 3", "replicas: 4", 1).encode(), None, True,
                            ["child", "exact"]),
    "unsigned": (SIGNED.replace("# sha256 ", "# sha257 ", 1).encode(), None, True, ["exact"]),
    "holds what ryml reads differently (a backslash)": (
        dump_topology(_cluster(_pod("esc", {"x-k": "tab\there"}))).encode(), None, True, ["child", "exact"]),
    "what ryml reads differently in the unsigned first line": (
        ("# & " + SIGNED.split("\n", 1)[1]).encode(), None, True, ["exact"]),
    "nested deeper than allowed: the child gives up": (
        dump_topology(_cluster(_pod("zz-deep", {"x": _nested(210)}))).encode(), None, True, ["child", "exact"]),
    "child cannot start": (SIGNED.encode(), [str(ROOT / "no-such-python")], True, ["in process"]),
    "child exits before its first frame": (SIGNED.encode(), _script("import sys; sys.exit(3)"), True,
                                           ["child", "in process"]),
    "child stops after the digest": (SIGNED.encode(), _script(_DIGEST_THEN_STOP), True, ["child", "in process"]),
    "child ends without a verdict": (SIGNED.encode(), _script(_END_WITHOUT_VERDICT), True, ["child", "in process"]),
    # a silent child is stopped after CHILD_SILENCE_S (1 s here): the read never hangs
    "child hangs": (SIGNED.encode(), _script(_HANGS), True, ["child", "in process"]),
    # the child reads the file itself: its digest then differs from the one this process read
    "the file changes before the child reads it": (SIGNED.encode(), "other file", True, ["child", "in process"]),
    "the file is gone before the child reads it": (SIGNED.encode(), "no file", True, ["child", "in process"]),
    # this process leaves the text undecoded: the child says the body is no UTF-8, and the error is the exact one
    "a body that is not UTF-8, signed": (_signed_bytes(SIGNED.split("\n", 2)[2].encode().replace(b"nginx", b"ngi\xffnx", 1)),
                                         None, True, ["child"]),
}


@pytest.mark.parametrize("data, argv, from_zero, routes", CASES.values(), ids=CASES.keys())
def test_reading_through_the_child_equals_the_exact_path(data, argv, from_zero, routes, tmp_path, monkeypatch):
    path = tmp_path / "cluster.yaml"
    path.write_bytes(data)
    with monkeypatch.context() as m:
        m.setattr(fast_yaml, "ryml", None)
        exact = load_topology(path)
    taken = _routes(monkeypatch)
    monkeypatch.setattr(parse_child, "CHUNK_BYTES", 300)
    monkeypatch.setattr(fast_yaml, "CHILD_SILENCE_S", 1.0)
    if from_zero:
        monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    if argv in ("other file", "no file"):
        other = tmp_path / "other.yaml"
        if argv == "other file":
            other.write_text(OTHER_SIGNED)
        command = parse_child.command
        monkeypatch.setattr(parse_child, "command", lambda max_depth, digest, _path: command(max_depth, digest,
                                                                                             str(other)))
    elif argv is not None:
        monkeypatch.setattr(parse_child, "command", lambda max_depth, digest, file: argv + [file])
    done = []
    reader_thread = threading.Thread(target=lambda: done.append(load_topology(path)), daemon=True)
    reader_thread.start()
    reader_thread.join(30)     # a hung child must not hang the read (it would wait for 600 s)
    assert (bool(done), taken, _whole(done[0]) if done else None) == (True, routes, _whole(exact))


def test_load_text_reads_in_this_process():
    """Text alone (no file bytes): the child is never started."""
    result = load_text(SIGNED, "t.yaml")
    assert (result.ok, fast_yaml.documents(SIGNED, 200)[0].__class__) == (True, list)


def _frames(body: bytes, max_depth: int = 200, chunk_bytes: int = 300, expected: str | None = None) -> list:
    out = io.BytesIO()
    parse_child.serve(body, max_depth, out, chunk_bytes, expected)
    out.seek(0)
    frames = []
    while out.tell() < len(out.getvalue()):
        kind, payload = parse_child.read_frame(out)
        frames.append((kind.decode(), payload.decode() if kind not in b"JN" else len(json.loads(payload))))
    return frames


def _body(text: str) -> bytes:
    return text.split("\n", 2)[2].encode()


def _sha(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


THREE = "---\na: 1\n---\nb: 2\n---\nc: 3\n"
ACCENT = "---\na: 'é'\n"
BIG = "---\na: 123456789012345678901234567890\n"
DIGITS = "---\na: 'x1234567890123456789'\n"
EIGHTEEN = "---\na: 123456789012345678\n"
SERVE_CASES = {
    # name: (body, chunk bytes, the digest the parent expects, the frames; "*": any message)
    "one chunk": (THREE, 300, None, [("J", 3), ("D", f"{_sha(THREE)} safe"), ("E", "")]),
    "cut at document boundaries": (THREE, 4, None, [("J", 1), ("J", 1), ("J", 1), ("D", f"{_sha(THREE)} safe"),
                                                   ("E", "")]),
    "the digest expected": (THREE, 4, _sha(THREE), [("J", 1), ("J", 1), ("J", 1), ("D", f"{_sha(THREE)} safe"),
                                                   ("E", "")]),
    # a run of 19 digits or more (strings too) goes as N: the parent decodes it with json, not orjson
    "a number beyond 64 bits": (BIG, 300, None, [("N", 1), ("D", f"{_sha(BIG)} safe"), ("E", "")]),
    "19 digits in a string": (DIGITS, 300, None, [("N", 1), ("D", f"{_sha(DIGITS)} safe"), ("E", "")]),
    "18 digits": (EIGHTEEN, 300, None, [("J", 1), ("D", f"{_sha(EIGHTEEN)} safe"), ("E", "")]),
    "only the chunk that holds it": (BIG + THREE, 30, None, [("N", 1), ("J", 3), ("D", f"{_sha(BIG + THREE)} safe"),
                                                           ("E", "")]),
    "a chunk ryml cannot parse": ("---\na: [1\n", 300, None, [("F", "*")]),
    "too deep": ("---\n" + "".join("  " * i + f"k{i}:\n" for i in range(4)) + "  " * 4 + "v: 1\n", 300, None,
                 [("F", "nested too deep")]),
    "an alias: nothing is parsed": ("---\na: &x 1\nb: *x\n", 300, None, [("D", "- unsafe")]),
    "an alias in the third chunk: the first two went out": (
        "---\na: 1\n---\nb: 2\n---\nc: *x\n", 4, None, [("J", 1), ("J", 1), ("D", "- unsafe")]),
    "a Unicode line break: nothing is parsed": ("---\na: 'x\u2028y'\n", 300, None, [("D", "- unsafe")]),
    "other non-ASCII text is fine": (ACCENT, 300, None, [("J", 1), ("D", f"{_sha(ACCENT)} safe"), ("E", "")]),
    "text that is not UTF-8: nothing is parsed": (b"---\na: '\xe9'\n", 300, None, [("D", "- unsafe")]),
    "not UTF-8 in a chunk of copies: it goes whole, unsafe": (
        b"".join(b"---\nkind: Namespace\nmetadata:\n  name: n%d\n" % i for i in range(3)) + b"x: '\xe9'\n", 1 << 20,
        None, [("D", "- unsafe")]),
}


@pytest.mark.parametrize("body, chunk_bytes, expected_digest, frames", SERVE_CASES.values(), ids=SERVE_CASES.keys())
def test_the_child_writes_chunks_its_verdict_and_the_end(body, chunk_bytes, expected_digest, frames):
    """Chunks go out as they are parsed; the verdict (digest and ``safe``) comes once, after the last chunk and
    before ``E``; unsafe text gets ``- unsafe`` as soon as the chunk holding it is reached, and nothing after."""
    got = _frames(body if isinstance(body, bytes) else body.encode(), max_depth=3, chunk_bytes=chunk_bytes,
                  expected=expected_digest)
    assert [(k, "*" if (k, "*") in frames else p) for k, p in got] == frames


def test_an_edited_body_is_told_as_soon_as_the_digest_is_known():
    """Given the signature's digest, the child says ``edited`` once its hashing thread has finished (before the
    next chunk, or after the last one) and sends nothing after it: the parent stops reading at once."""
    body = "".join(f"---\nk{i}: {i}\n" for i in range(200))
    got = _frames(body.encode(), chunk_bytes=4, expected="0" * 64)
    assert (got[-1], {k for k, _ in got[:-1]} <= {"J"}) == (("D", f"{_sha(body)} edited"), True)


def test_the_frozen_bundle_starts_itself_as_the_child(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert parse_child.command(200, "ab" * 32, "/c.yaml") == [sys.executable, parse_child.CHILD_FLAG, "200",
                                                              str(parse_child.CHUNK_BYTES), "ab" * 32, "/c.yaml"]


@pytest.mark.parametrize("frozen", [True, False], ids=["bundle entry point with the child flag",
                                                       "installed: the module file"])
def test_the_child_runs_from_its_entry_points(frozen, tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text(SIGNED)
    args = parse_child.command(200, hashlib.sha256(_body(SIGNED)).hexdigest(), str(path))
    argv = [sys.executable, str(ROOT / "packaging" / "entry.py"), parse_child.CHILD_FLAG, *args[-4:]] if frozen \
        else args
    done = subprocess.run(argv, capture_output=True, cwd=ROOT, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = io.BytesIO(done.stdout)
    kinds = []
    values = 0
    while out.tell() < len(done.stdout):
        kind, payload = parse_child.read_frame(out)
        kinds.append(kind)
        values += len(json.loads(payload)) if kind == b"J" else len(json.loads(payload)[0]) if kind == b"T" else 0
    expected = fast_yaml.documents(SIGNED, 200)[0]
    assert (done.returncode, kinds.count(b"D"), kinds[-1], b"T" in kinds, values) == (0, 1, b"E", True,
                                                                                        len(expected))


def test_the_child_imports_nothing_of_the_app(tmp_path):
    """It starts in ~50 ms: the standard library and ryml only (not explorer, PySide6 or PyYAML)."""
    path = tmp_path / "c.yaml"
    path.write_text("# t\n# sha256 x\n---\na: 1\n")
    done = subprocess.run([sys.executable, "-X", "importtime", *parse_child.command(200, "0" * 64, str(path))[1:]],
                          capture_output=True, timeout=60)
    modules = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines() if "|" in line]
    assert (done.returncode, "ryml" in modules, [m for m in modules if m.split(".")[0] in
                                                 ("explorer", "PySide6", "yaml", "_yaml")]) == (0, True, [])


def test_the_childs_pipe_holds_a_frame(tmp_path, monkeypatch):
    """Linux: the child's output pipe is widened to ``PIPE_BYTES`` (as far as the system allows), so a frame is
    read in one or two reads, not ~16, each waiting for the GIL."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("no pipe sizes on this system")
    allowed = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    path = tmp_path / "cluster.yaml"
    path.write_text(SIGNED)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    child = fast_yaml.start_child(path, path.read_bytes(), path.stat().st_size, 200)
    try:
        size = fcntl.fcntl(child.stdout.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        fast_yaml.stop_child(child)
    assert size == min(fast_yaml.PIPE_BYTES, allowed)


DOCS = "".join(f"---\nn: {i}\n" for i in range(8))     # 8 documents of 9 bytes
CHUNK_RANGES = {
    # name: (body, size, first, ranges)
    "each cut after the document that reaches the size": (
        DOCS.encode(), 14, None, [(0, 18), (18, 36), (36, 54), (54, 72)]),
    "a small first, then four times larger up to the size": (
        DOCS.encode(), 30, 2, [(0, 9), (9, 18), (18, 54), (54, 72)]),
    "a first larger than the size is the size": (DOCS.encode(), 14, 100, [(0, 18), (18, 36), (36, 54), (54, 72)]),
    "text, from an offset": (DOCS, 100, None, [(7, 72)]),
}


@pytest.mark.parametrize("body, size, first, ranges", CHUNK_RANGES.values(), ids=CHUNK_RANGES.keys())
def test_chunks_are_cut_at_documents(body, size, first, ranges):
    begin = 7 if isinstance(body, str) else 0
    assert parse_child.chunks(body, size, begin, first) == ranges


class _Counted:
    """A file object that adds what it reads to ``counts``."""

    def __init__(self, f, counts: list):
        self._f, self._counts = f, counts

    def read(self, *args):
        data = self._f.read(*args)
        self._counts.append(len(data))
        return data

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()


LOST = dump_topology(_cluster(_pod("lost", {"nodeName": "no-such-node"})))     # a warning: its Node is missing
READ_CASES = {
    # name: (file text, what this process reads of it: only its head, or all of it)
    "a clean file: its head only (the child reads the rest)": (SIGNED, "head"),
    "a warning whose line is wanted: then all of it": (LOST, "all"),
}


@pytest.mark.parametrize("text, reads", READ_CASES.values(), ids=READ_CASES.keys())
def test_through_the_child_this_process_reads_the_text_only_for_lines(text, reads, tmp_path, monkeypatch):
    """Read through the child, the loading process reads the file's head (to see the signature) and the whole
    text only to locate a diagnostic: the result is the exact path's, lines included."""
    import builtins
    path, exact = _written(tmp_path, text, monkeypatch)
    monkeypatch.setattr(reader, "HEAD_BYTES", 200)
    counts: list = []
    monkeypatch.setattr(reader, "open", lambda *a, **k: _Counted(builtins.open(*a, **k), counts), raising=False)
    taken = _routes(monkeypatch)
    got = load_topology(path)
    size = path.stat().st_size
    assert (taken, "head" if sum(counts) <= 200 else "all" if sum(counts) >= size else sum(counts), _whole(got),
            bool(exact.diagnostics)) == (["child"], reads, _whole(exact), reads == "all")


def _written(tmp_path, text: str, monkeypatch) -> tuple:
    """``(path, what the exact path reads)`` of a file of ``text``; from here on a child reads any file."""
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    with monkeypatch.context() as m:
        m.setattr(fast_yaml, "ryml", None)
        exact = load_topology(path)
    monkeypatch.setattr(fast_yaml, "CHILD_MIN_BYTES", 0)
    return path, exact


def _routes(monkeypatch) -> list:
    """The list each read appends its route to: ``child``, ``in process`` or ``exact``."""
    taken = []
    read = reader._read

    def spy(text, filename, limits, fast, *rest):
        taken.append("exact" if fast is None else "in process" if isinstance(fast[0], list) else "child")
        return read(text, filename, limits, fast, *rest)
    monkeypatch.setattr(reader, "_read", spy)
    return taken


def test_a_file_gone_before_its_lines_are_wanted_still_loads(tmp_path, monkeypatch):
    """Read through the child, the text is read again only to give a problem its line: a file gone by then
    still gives what the child read, its problems with the lines its head can give (never an exception)."""
    import builtins
    path, exact = _written(tmp_path, LOST, monkeypatch)
    opened = []

    def gone_the_second_time(*args, **kwargs):
        opened.append(args[0])
        if len(opened) > 1:
            raise FileNotFoundError(args[0])
        return builtins.open(*args, **kwargs)
    monkeypatch.setattr(reader, "open", gone_the_second_time, raising=False)
    taken = _routes(monkeypatch)
    got = load_topology(path)
    assert (bool(exact.diagnostics), taken, len(opened), json.dumps([o.raw for o in got.cluster]), [(d.severity, d.message) for d in got.diagnostics]) \
        == (True, ["child"], 2, json.dumps([o.raw for o in exact.cluster]),
            [(d.severity, d.message) for d in exact.diagnostics])


FRAME_FAILURES = {
    # name: (what reading the child's next frame raises, what the read of the file does)
    "the pipe ends early": (EOFError("the parse child stopped without finishing"), "read in this process"),
    "a frame too big for this process's memory": (MemoryError(), "read in this process"),
    "a fault in the reading thread": (RuntimeError("lost"), "read in this process"),
}


@pytest.mark.parametrize("error, outcome", FRAME_FAILURES.values(), ids=FRAME_FAILURES.keys())
def test_a_frame_that_cannot_be_read_never_leaves_the_read_waiting(error, outcome, tmp_path, monkeypatch):
    """Whatever stops the thread that reads the child's frames, the read is told (it used to wait forever for a
    frame after a MemoryError there) and reads the file in this process: the same objects as the exact path."""
    import threading
    path, exact = _written(tmp_path, SIGNED, monkeypatch)

    def fails(stream):
        raise error
    monkeypatch.setattr(parse_child, "read_frame", fails)
    taken = _routes(monkeypatch)
    done: list = []
    reading = threading.Thread(target=lambda: done.append(load_topology(path)), daemon=True)
    reading.start()
    reading.join(60)
    got = done[0] if done else None
    assert ("read in this process" if got is not None and taken == ["child", "in process"] else taken,
            _whole(got) if got is not None else None) == (outcome, _whole(exact))
