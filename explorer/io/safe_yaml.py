"""Safe, bounded YAML and JSON parsing: the only place that turns text into plain Python values.

Only plain data comes out (dict, list, str, int, float, bool, None): no tag constructs a Python object,
and Kubernetes' reading of YAML is followed where it differs from PyYAML's (timestamps stay strings).
The libyaml C parser is used when PyYAML has it (``yaml.CSafeLoader``), else the pure-Python one.

Hostile input is refused in bounded time and memory (see :class:`Limits`): files above ``max_bytes``,
nesting deeper than ``max_depth``, alias expansion ("billion laughs") beyond ``max_alias_nodes`` extra
nodes, and recursive aliases. Parsing errors become :class:`ParseError` with a 1-based line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DEFAULT_MAX_MB = 160


def default_max_bytes() -> int:
    """``K8S_EXPLORER_MAX_FILE_MB`` (a positive number of MiB) or 160 MiB."""
    try:
        mb = float(os.environ.get("K8S_EXPLORER_MAX_FILE_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int((mb if mb > 0 else DEFAULT_MAX_MB) * 1024 * 1024)


@dataclass(frozen=True)
class Limits:
    """Bounds on what a topology file may make the loader do.

    ``max_bytes``: file size (default 160 MiB, enough for a 150,000-pod topology of ~105 MB;
    override with the environment variable ``K8S_EXPLORER_MAX_FILE_MB``).
    ``max_depth``: nesting of mappings and lists (Kubernetes objects, CRD schemas included, stay far below).
    ``max_alias_nodes``: how many extra nodes (scalars and collections) YAML aliases may add to a document
    when expanded.
    """

    max_bytes: int = field(default_factory=default_max_bytes)
    max_depth: int = 200
    max_alias_nodes: int = 1_000_000


class ParseError(Exception):
    """The text is not YAML/JSON we accept. ``line`` is 1-based (or None), ``document`` 0-based."""

    def __init__(self, message: str, line: int | None = None, document: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.document = document


class _Unsupported:
    def __init__(self, tag):
        self.tag = tag

    def __call__(self, loader, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise yaml.constructor.ConstructorError(
            None, None, f"YAML tag {tag!r} is not allowed: only plain YAML data is accepted", node.start_mark)


class Loader(_BaseLoader):
    """Safe loader that reads values as Kubernetes does: timestamps stay strings; !!binary, !!set,
    !!omap, !!pairs and every python/* or unknown tag are refused."""

    duplicate_keys: list  # (line, key, first line) of repeated mapping keys in the current document

    def construct_mapping(self, node, deep=False):
        """As PyYAML's, but remembers keys written twice in one mapping (which Kubernetes refuses:
        'mapping key "x" already defined'). Keys brought in by a ``<<`` merge may be overridden."""
        if isinstance(node, yaml.MappingNode) and len(node.value) > 1:
            seen: dict = {}
            for key_node, _ in node.value:
                if type(key_node) is yaml.ScalarNode and key_node.tag != "tag:yaml.org,2002:merge":
                    key = key_node.value
                    if key in seen:
                        self.duplicate_keys.append((key_node.start_mark.line + 1, key, seen[key]))
                    else:
                        seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)

    def construct_undefined(self, node):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise yaml.constructor.ConstructorError(
            None, None, f"YAML tag {tag!r} is not allowed: only plain YAML data is accepted", node.start_mark)


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}
Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)
for _tag in ("binary", "set", "omap", "pairs"):
    Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Unsupported(_tag))
Loader.add_constructor(None, Loader.construct_undefined)


_EXPONENT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")


class Dumper(_BaseDumper):
    """Safe dumper that never writes anchors or aliases (objects may share sub-dicts in memory).

    Strings shaped like a number with an exponent (``1e3``) are quoted although YAML 1.1 reads them plain as
    strings: YAML 1.2 and JSON read them as numbers (and so does the fast reader, explorer.io.fast_yaml).
    ``other_keys`` becomes True when a mapping has a key that is not a string."""

    other_keys = False

    def ignore_aliases(self, data) -> bool:
        return True

    def represent_str(self, data):
        if "\n" in data:  # multi-line text (scripts, embedded configs) as a readable block literal
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        if data[:1] in _NUMBER_START and _EXPONENT.fullmatch(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return self.represent_scalar("tag:yaml.org,2002:str", data)

    def represent_dict(self, data):
        if not self.other_keys:
            for key in data:
                if type(key) is not str:
                    self.other_keys = True
                    break
        return self.represent_mapping("tag:yaml.org,2002:map", data)


_NUMBER_START = frozenset("0123456789+-.")
Dumper.add_representer(str, Dumper.represent_str)
Dumper.add_representer(dict, Dumper.represent_dict)
Dumper.add_representer(tuple, Dumper.represent_list)  # code-built objects may hold tuples: written as lists


# Timestamps load as strings, so they must be written back quoted: keep the dumper's resolver as is.


_DOCUMENTS = {"sort_keys": False, "default_flow_style": False, "allow_unicode": True, "explicit_start": True,
              "width": 4096}     # how dump_all and dump_all_chunks write


def dump_all(documents, stream=None) -> str | None:
    """Block-style YAML documents separated by ``---``, keys in their original order."""
    return yaml.dump_all(documents, stream, Dumper=Dumper, **_DOCUMENTS)


class _Chunks:
    """A binary stream for the dumper: keeps the chunks it is given and hashes them as they come."""

    def __init__(self):
        self.chunks: list = []
        self.digest = hashlib.sha256()

    def write(self, data) -> None:
        self.chunks.append(data)
        self.digest.update(data)


PROGRESS_EVERY = 500     # documents between two progress reports


def dump_all_chunks(documents, progress=None) -> tuple[list, str, bool]:
    """:func:`dump_all`'s text as UTF-8 bytes in the dumper's own chunks: ``(chunks, sha256 hex of their
    concatenation, string_keys_only)``. ``string_keys_only`` says whether every mapping key was a string (the
    fast reader reads other keys differently, so such a file must not be signed for it). No 150 MB string or
    bytes object is made (making one is a single C call that holds the GIL for a tenth of a second or more,
    freezing a window that saves in a worker).

    ``progress(done, total)``, when given, is called before the first document, every
    :data:`PROGRESS_EVERY` documents and after the last (``documents`` must then be a sequence); whatever it
    raises (a cancellation) stops the dump and propagates."""
    stream = _Chunks()
    dumper = Dumper(stream, encoding="utf-8", **_DOCUMENTS)
    total = len(documents) if progress is not None else 0
    try:
        dumper.open()
        for done, data in enumerate(documents):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
            dumper.represent(data)
        if progress is not None:
            progress(total, total)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.chunks, stream.digest.hexdigest(), not dumper.other_keys


def dump(document) -> str:
    """One YAML document (no ``---``), keys in their original order."""
    return yaml.dump(document, Dumper=Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=4096)


# ---------------------------------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """UTF-8 (optionally with BOM, or UTF-16 with BOM) bytes to text; raises :class:`ParseError` naming
    the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(f"not valid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParseError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                         f"(save the file as UTF-8)", line) from None


def _yaml_error(exc: yaml.YAMLError, document: int, text: str) -> ParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        message = problem + (f" ({context})" if context else "")
    else:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        message = f"not valid text: {exc.reason} (character #x{exc.character:04x})" \
            if isinstance(exc.character, int) else f"not valid text: {exc.reason}"
        if isinstance(exc.position, int):
            line = text.count("\n", 0, exc.position) + 1
    if len(message) > 300:
        message = message[:300] + "..."
    return ParseError(message, line, document)


def check_shape(data, limits: Limits, shared_possible: bool) -> str | None:
    """Refuse values nested deeper than ``limits.max_depth`` or, when aliases may have made sub-values
    shared (``shared_possible``), that expand beyond ``limits.max_alias_nodes`` extra nodes or refer to
    themselves. Returns the reason, or None when acceptable. Iterative: never recurses."""
    if type(data) is not dict and type(data) is not list:
        return None
    max_depth = limits.max_depth
    if not shared_possible:
        stack = [(data, 0)]
        pop, push = stack.pop, stack.append
        while stack:
            obj, depth = pop()
            if depth >= max_depth:
                return f"nesting deeper than {max_depth} levels"
            depth += 1
            for v in (obj.values() if type(obj) is dict else obj):
                if type(v) is dict or type(v) is list:
                    push((v, depth))
        return None
    # Shared sub-values possible: count the expanded size (scalars included) with a memo, detect cycles and
    # depth. Each distinct collection is expanded once, so the cost is linear in the text, not the expansion.
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    active: set[int] = set()
    unique = 0
    stack = [(data, None)]
    while stack:
        obj, children = stack.pop()
        oid = id(obj)
        if children is not None:  # all children done
            active.discard(oid)
            size = 1 + len(obj) - len(children) + sum(sizes[id(c)] for c in children)
            sizes[oid] = size
            depth = depths[oid] = 1 + max((depths[id(c)] for c in children), default=0)
            if depth > max_depth:
                return f"nesting deeper than {max_depth} levels"
            if size - unique > limits.max_alias_nodes:
                return (f"YAML aliases expand to more than {limits.max_alias_nodes:,} extra nodes "
                        f"(an alias bomb?)")
            continue
        if oid in sizes:
            continue
        if oid in active:
            return "a YAML alias refers to a collection that contains it (recursive alias)"
        children = [v for v in (obj.values() if type(obj) is dict else obj) if type(v) is dict or type(v) is list]
        active.add(oid)
        unique += 1 + len(obj) - len(children)
        stack.append((obj, children))
        pending = set()
        for c in children:
            cid = id(c)
            if cid in active:
                return "a YAML alias refers to a collection that contains it (recursive alias)"
            if cid not in sizes and cid not in pending:
                pending.add(cid)
                stack.append((c, None))
        if len(active) > max_depth + 1:
            return f"nesting deeper than {max_depth} levels"
    return None


def _looks_like_json(text: str) -> bool:
    head = text.lstrip()[:1]
    return head in ("{", "[")


def parse_documents(text: str, limits: Limits, starts: list | None = None, problems: list | None = None):
    """Yield ``(document index, value)`` for each document of ``text`` (YAML stream or JSON).

    Empty documents yield None. Raises :class:`ParseError` at the first document that is malformed or
    hostile; documents before it have already been yielded. When ``starts`` is a list, the position of each
    document's root node is appended to it as ``(character index, line, column)`` (0-based), for
    :func:`explorer.io.lines.locate`. When ``problems`` is a list, problems that do not stop the stream
    (a mapping key written twice) are appended as :class:`ParseError` before their document is yielded.
    """
    if _looks_like_json(text):
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = _NOT_JSON
        if value is not _NOT_JSON:
            reason = check_shape(value, limits, False)
            if reason:
                raise ParseError(f"{reason}; refused", 1, 0)
            if starts is not None:
                starts.append((0, 0, 0))
            yield 0, value
            return
    has_anchor = "&" in text  # no anchor, no alias: values are trees
    loader = Loader(text)
    index = 0
    try:
        while True:
            loader.duplicate_keys = []
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
                value = loader.construct_document(node) if node is not None else None
            except yaml.YAMLError as exc:
                raise _yaml_error(exc, index, text) from None
            except RecursionError:
                raise ParseError(f"nesting deeper than {limits.max_depth} levels; refused", None, index) from None
            if starts is not None:
                mark = node.start_mark if node is not None else None
                starts.append((mark.index, mark.line, mark.column) if mark is not None else None)
            # Sub-values can be shared only through an alias ('*') inside this document.
            shared = has_anchor and node is not None and \
                text.find("*", node.start_mark.index, node.end_mark.index + 1) != -1
            reason = check_shape(value, limits, shared)
            if reason:
                line = node.start_mark.line + 1 if node is not None else None
                raise ParseError(f"{reason}; refused", line, index)
            if problems is not None:
                for line, key, first in loader.duplicate_keys:
                    problems.append(ParseError(f'mapping key "{key}" already defined at line {first}', line, index))
            yield index, value
            index += 1
    finally:
        loader.dispose()


_NOT_JSON = object()


def parse_string(text: str, limits: Limits):
    """One YAML value from ``text`` (for embedded documents such as kubeadm's ClusterConfiguration).
    Raises :class:`ParseError`."""
    values = [v for _, v in parse_documents(text, limits)]
    if len(values) != 1:
        raise ParseError(f"expected one YAML document, found {len(values)}")
    return values[0]
