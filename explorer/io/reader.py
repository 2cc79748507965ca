"""Import: text or a file to a :class:`~explorer.model.Cluster`, with located diagnostics.

Accepted input: a multi-document YAML stream of Kubernetes objects, a ``kind: List`` (what
``kubectl get -o yaml`` prints; any ``*List`` with ``items``), JSON (one object, a List, or an array of
objects). The ConfigMap ``kube-system/kubeadm-config`` becomes ``Cluster.network`` (see
:mod:`explorer.io.kubeadm`); ``explorer.k8s.io/position`` annotations become ``Cluster.layout``.
Every other object is kept verbatim, whatever its kind, with every field.

Never raises for bad input: every problem is a :class:`~explorer.io.diagnostics.Diagnostic`. Objects with
errors are left out of the cluster; warnings keep the object.
"""

from __future__ import annotations

import gc
import os

from explorer.io import checks, fast_yaml, kubeadm, parse_child
from explorer.io.diagnostics import ERROR, WARNING, Diagnostic, LoadResult
from explorer.io.fast_yaml import CopyRun
from explorer.io.layout import take_position
from explorer.io.lines import locate
from explorer.io.safe_yaml import Limits, ParseError, decode, parse_documents, parse_string
from explorer.model import Cluster, KubeObject, NetworkConfig, Problem, copies, format_path, from_dict, validate_object
from explorer.model.objects import POSITION_ANNOTATION
from explorer.model.validation import STRING_ONLY_FIELDS, ValidationMemo, name_check, names_check


class _Pending:
    """A diagnostic whose line is resolved at the end (one extra compose pass, only if needed)."""

    __slots__ = ("severity", "message", "document", "path", "line")

    def __init__(self, severity, message, document=None, path=(), line=None):
        self.severity, self.message, self.document, self.path, self.line = severity, message, document, path, line


def _items(value):
    """(path prefix, object) for each object a document holds."""
    if isinstance(value, dict):
        kind = value.get("kind")
        items = value.get("items")
        if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list) and "apiVersion" in value:
            return [(("items", i), item) for i, item in enumerate(items)]
        return [((), value)]
    if isinstance(value, list):
        return [((i,), item) for i, item in enumerate(value)]
    return [((), value)]


def _what(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), type(value).__name__)


def load_text(text: str, filename: str = "<string>", limits: Limits | None = None) -> LoadResult:
    """Load a topology from ``text``; ``filename`` names it in diagnostics. See the module docstring."""
    return _gc_off(_load_text, text, filename, limits or Limits(), None)


def _gc_off(read, *args):
    """``read(*args)`` with the cyclic garbage collector off: millions of new dicts and no cyclic garbage, where
    collections would be pure overhead (~20 %)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return read(*args)
    finally:
        if enabled:
            gc.enable()


def _load_text(text: str, filename: str, limits: Limits, observe=None) -> LoadResult:
    if len(text) > limits.max_bytes:
        return _finish(text, filename, [_Pending(ERROR, _too_large(len(text), limits))], _Kept(), None, None)
    fast = fast_yaml.documents(text, limits.max_depth)  # a signed file this app wrote: same values, faster
    return _read(text, filename, limits, fast, observe)


def _load_from_child(start: bytes, filename: str, limits: Limits, child, observe=None) -> LoadResult | None:
    """Read the file ``filename``, whose first bytes are ``start`` (its first two lines at least, or this gives
    None), from its parse ``child`` (see ``fast_yaml.child_documents``), reading and decoding the whole text
    only if a diagnostic needs a line; None when the child gave up or its verdict went against the file (the
    caller reads the file without it)."""
    try:
        head = decode(start[:parse_child.body_start(start)])
    except (ParseError, ValueError):
        fast_yaml.stop_child(child)
        return None
    text: list = []

    def text_of() -> str:   # (never fails: the child found the body to be UTF-8; a file gone meanwhile: its head)
        if not text:
            try:
                with open(filename, "rb") as f:
                    data = f.read(limits.max_bytes + 1)
            except OSError:
                data = start
            text.append(data.decode("utf-8-sig", "replace"))
        return text[0]
    fast = fast_yaml.child_documents(head, child, text_of)
    if fast is None:
        return None
    try:
        return _read(text_of, filename, limits, fast, observe)
    except fast_yaml.Abandoned:     # what it gave is dropped
        return None


def _read(text, filename: str, limits: Limits, fast, observe=None) -> LoadResult:
    """Check and collect the documents of ``text``: from ``fast`` (what ``fast_yaml.documents`` or
    ``child_documents`` gave) unless it is None, else from the exact parser. ``text``: a str, or with ``fast``
    a function that gives it (called only to locate a diagnostic). Raises ``fast_yaml.Abandoned`` from a fast
    generator."""
    pending: list[_Pending] = []
    kept = _Kept(observe() if observe is not None else None)
    network = None
    starts: list = []
    memo = ValidationMemo()    # the pods of one ReplicaSet share a spec: checked once

    def parse_embedded(s):
        return parse_string(s, limits)

    problems: list[ParseError] = []
    firsts = None
    read_first: dict = {}   # a document others may copy -> how it read (see _read_like)
    if fast is not None:
        stream, starts = _kept_runs(fast[0], kept, read_first), fast[1]
        firsts = getattr(fast[0], "firsts", None)
    else:
        stream = parse_documents(text, limits, starts, problems)
    try:
        for index, value in stream:
            if problems:  # keys written twice: Kubernetes refuses the whole document
                pending.extend(_Pending(ERROR, p.message, p.document, (), p.line) for p in problems)
                del problems[:]
                continue
            if value is None:
                continue
            for prefix, raw in _items(value):
                if not isinstance(raw, dict):
                    pending.append(_Pending(ERROR, f"must be a Kubernetes object (a mapping with apiVersion and "
                                                   f"kind), got {_what(raw)}", index, prefix))
                    continue
                if "apiVersion" not in raw and "kind" not in raw:
                    pending.append(_Pending(ERROR, "not a Kubernetes object: apiVersion and kind are missing",
                                            index, prefix))
                    continue
                if kubeadm.is_kubeadm_config(raw):
                    if network is not None:
                        pending.append(_Pending(ERROR, 'ConfigMap "kube-system/kubeadm-config" is defined twice',
                                                index, prefix + ("metadata", "name")))
                        continue
                    try:
                        network = kubeadm.network_from_configmap(raw, parse_embedded)
                    except kubeadm.KubeadmConfigError as exc:
                        pending.append(_Pending(ERROR, exc.message, index, prefix + tuple(exc.path.split("."))))
                        network = NetworkConfig()
                    except ParseError as exc:
                        pending.append(_Pending(ERROR, f"ClusterConfiguration: {exc.message}", index,
                                                prefix + ("data", kubeadm.DATA_KEY)))
                        network = NetworkConfig()
                    continue
                validated = _check(raw, index, prefix, pending, memo)
                if validated is None:
                    continue
                pos = take_position(raw)
                if pos == "invalid":
                    pending.append(_Pending(WARNING, 'must be "x,y" (two numbers); the position is ignored', index,
                                            prefix + ("metadata", "annotations", POSITION_ANNOTATION)))
                    pos = None
                entry = checks.Entry(from_dict(raw), index, prefix)
                kept.keep(entry, pos, validated)
                if firsts and index in firsts and raw is value and pos is None:
                    read_first[index] = (entry.obj, validated)
    except ParseError as exc:
        pending.append(_Pending(ERROR, exc.message, exc.document, (), exc.line))
    return _finish(text, filename, pending, kept, network, starts)


def _kept_runs(values, kept, read_first: dict):
    """``(index, value)`` of each of ``values`` (a fast reader's, see ``fast_yaml``) that ``kept`` did not keep
    as it reads: the copies of a :class:`CopyRun` go to the keeper of their template (``_Kept.copy_keeper``,
    made when its first run comes, from how the template's document read: ``read_first``, filled by the
    caller as it reads) and come out as values only when it cannot keep them (a name its kind refuses, a
    template that did not read cleanly)."""
    keepers: dict = {}      # a template's document -> what keeps its copies (see _read_like), or False
    index = -1
    for value in values:
        index += 1
        if type(value) is not CopyRun:
            yield index, value
            continue
        j = value.of
        keep = keepers.get(j)
        if keep is None:
            like = _read_like(read_first.pop(j, None), value.template.paths)
            keep = keepers[j] = like and kept.copy_keeper(*like, value.template)
        count = value.count
        done = 0
        while done < count:
            if keep:
                done = keep(value, index, done)
                if done == count:
                    break
            yield index + done, value.copy(done).whole()
            done += 1
        index += count - 1


def _read_like(first, paths: tuple):
    """How the copies of a document read (``explorer.io.fast_yaml.ChildValues``), given ``first``: ``(object,
    warnings)`` of the document, read without errors nor a diagram position (None: otherwise), and ``paths``:
    the fields its copies hold other strings at. A copy reads the same (class, warnings, no position) when those
    are checked for nothing else than being strings (``validation.STRING_ONLY_FIELDS``) but the name, which must
    pass its kind's rule: ``(class, warnings, name rule, kind, namespace, object)`` (a copy's key is its kind,
    its namespace and its name: only a name may differ), else False. A kubeadm ConfigMap copied under another
    name, or one copied under its name, reads otherwise: no ConfigMap reads like another."""
    if first is None:
        return False
    obj, validated = first
    if obj.kind == "ConfigMap" or not all(p in STRING_ONLY_FIELDS or p == ("metadata", "name") for p in paths):
        return False
    kind, namespace, _ = obj.key
    return type(obj), validated, name_check(kind), kind, namespace, obj


def _check(raw: dict, index: int, prefix: tuple, pending: list, memo: ValidationMemo | None = None) -> list | None:
    """Record the object's problems; None when it has errors (and must be left out), else what
    ``validate_object`` found (warnings, or nothing). ``memo``: see :class:`ValidationMemo`."""
    try:
        problems = validate_object(raw, memo)
    except Exception as exc:  # a rule tripped over an odd value: report it, never a traceback
        problems = [Problem((), f"cannot be validated ({type(exc).__name__}: {exc})", ERROR)]
    failed = False
    api = checks.api_version_problem(raw)
    if api:
        pending.append(_Pending(ERROR, api, index, prefix + ("apiVersion",)))
        failed = True
    if problems:
        for p in problems:
            pending.append(_Pending(p.severity, p.message, index, prefix + p.path))
            failed = failed or p.severity == ERROR
    return None if failed else problems


class _Kept:
    """What a read keeps, as it reads (the parse child parses the next chunk meanwhile): the first object of
    each key, in a new cluster, with its position and what validation found; an error for each later one
    with the same key; the cross-object checks of those kept (:class:`checks.CrossCheck`)."""

    def __init__(self, observer=None):
        self.cluster = Cluster()
        self._observer = observer
        self.entries: list = []
        self.duplicates: list = []      # _Pending errors
        self.problems: dict = {}        # key -> what validation found, when it found something
        self.cross = checks.CrossCheck()
        self._first: dict = {}

    def keep(self, entry, pos, problems) -> None:
        """Keep ``entry`` unless its key came before; ``pos``: its position or None; ``problems``: its
        warnings (a list, empty when none)."""
        obj = entry.obj
        key = obj.key
        earlier = self._first.get(key)
        if earlier is not None:
            f = checks.duplicate(entry, earlier)
            self.duplicates.append(_Pending(f.severity, f.message, entry.document, entry.prefix + f.path))
            return
        self._first[key] = entry
        self.entries.append(entry)
        self.cluster.add_read(obj)
        if pos is not None:
            self.cluster.layout[key] = pos
        if problems:
            self.problems[key] = tuple(problems)
        self.cross.add(entry)
        if self._observer is not None:
            self._observer(obj, None)

    def copy_keeper(self, cls, problems, valid, kind: str, namespace: str, template, copied):
        """What keeps the copies of ``template`` (:func:`_read_like` gives the arguments; ``copied``: the
        ``fast_yaml.Template`` they are made from): ``keep(run, document, start)`` keeps the copies of ``run``
        (a ``fast_yaml.CopyRun``, whose first copy was read from ``document``) from its ``start``-th on, each
        as :meth:`keep` would keep its value, and returns where it stopped: ``run.count``, or the position of
        a copy whose name does not pass ``valid``, which it did not keep (it must be read as any other
        document; the keeper goes on after it when called again). The keeper knows a copy's key, name and
        node from its strings: 150,000 copies took ~6 us each through :meth:`keep`. A copy of a typed kind is
        kept as an object whose dict is made when first asked for (:mod:`explorer.model.copies`; ~1 KB of
        dicts a pod otherwise). The copies of a run reach the observer together when it takes them so
        (``observer.copies(objs, nodes, template)``, see ``explorer.ui.layout.PodScanner.observer``)."""
        first, entries, cross = self._first, self.entries.append, self.cross
        store = self.cluster.reader_for(kind, namespace)
        observer = self._observer
        observe_run = getattr(observer, "copies", None)
        found = tuple(problems) if problems else None
        pod = template.kind == "Pod" and template.api_version == "v1" and isinstance(template.raw.get("spec"), dict)
        maker = copied.maker
        name_at, node_at = maker.where.get(("metadata", "name")), maker.where.get(("spec", "nodeName"))
        template_name = template.raw["metadata"].get("name")
        template_node = template.raw["spec"].get("nodeName") if pod else None
        lazy = cls is not KubeObject
        make = copies.copier(cls) if lazy else None
        Entry = checks.Entry
        all_valid = names_check(kind)

        def keep(run, document: int, start: int) -> int:
            values, width, count = run.values, run.width, run.count
            at = run.at + start * width
            objs, nodes, pods = [], [], []
            # every name of the run checked at once; each one when one of them fails (then also after it: a
            # run is searched once, whatever number of names it refuses)
            valid_all = start == 0 and all_valid(values[at + name_at:at + count * width:width]
                                                 if name_at is not None else [template_name])
            i = start
            while i < count:
                name = values[at + name_at] if name_at is not None else template_name
                if not valid_all and not valid(name):
                    break
                key = (kind, namespace, name)
                obj = make(key, maker, values, at) if lazy else cls(run.copy(i).whole())
                if not lazy:
                    obj._key = key
                entry = Entry(obj, document + i)
                if key in first:
                    self.keep(entry, None, problems)
                else:
                    first[key] = entry
                    entries(entry)
                    store(key, obj)
                    if found:
                        self.problems[key] = found
                    if pod:
                        pods.append(entry)
                        nodes.append(values[at + node_at] if node_at is not None else template_node)
                    else:
                        cross.add(entry)
                    objs.append(obj)
                at += width
                i += 1
            if pod:
                cross.add_pods(pods, nodes)
            if observer is None or not objs:
                return i
            if observe_run is not None and pod:
                observe_run(objs, nodes, template)
            else:
                for obj in objs:
                    observer(obj, template)
            return i
        return keep


def _finish(text, filename, pending, kept: _Kept, network, starts) -> LoadResult:
    """The result of a read: what it ``kept``, its ``network`` settings (None: the defaults) and ``pending``
    problems, located in ``text`` (a str or a function that gives it; ``starts``: where its documents start,
    or a function that finds them)."""
    pending.extend(kept.duplicates)
    for f in kept.cross.findings(kept.entries):
        pending.append(_Pending(f.severity, f.message, f.entry.document, f.entry.prefix + f.path))
    cluster = kept.cluster
    cluster.network = (network or NetworkConfig()).validated()
    if starts is not None:
        wanted: dict = {}
        for p in pending:
            if p.line is None and p.document is not None:
                wanted.setdefault(p.document, set()).add(p.path)
        if wanted and callable(starts):     # the fast reader finds where documents start only when asked
            starts = starts()
        if wanted and callable(text):
            text = text()
        lines = locate(text, wanted, starts) if wanted else {}
        for p in pending:
            if p.line is None and p.document is not None:
                p.line = lines.get((p.document, p.path))
    order = sorted(range(len(pending)), key=lambda i: (pending[i].document if pending[i].document is not None
                                                       else -1, pending[i].line or 0, i))
    diagnostics = [Diagnostic(pending[i].severity, pending[i].message, filename, pending[i].document,
                              pending[i].line, format_path(pending[i].path)) for i in order]
    return LoadResult(cluster, diagnostics, filename, kept.problems)


def _too_large(size: int, limits: Limits) -> str:
    return (f"file too large: {size:,} bytes, the limit is {limits.max_bytes:,} bytes "
            f"(set K8S_EXPLORER_MAX_FILE_MB to raise it)")


def load_topology(path, limits: Limits | None = None, observe=None) -> LoadResult:
    """Load the topology file at ``path`` (YAML or JSON). Unreadable, oversized, non-UTF-8 or binary files
    give a one-line error diagnostic; never raises for bad input (but what ``observe`` raises).

    ``observe``: None, or a function called as a pass over the documents starts (a read may start again from
    the first document), which returns a function the reader calls with each object it keeps for the
    cluster, in the cluster's order, as it reads (a 150,000-pod file: while its parse child parses the next
    chunk, so work done there is often free), and with the object it was read as a copy of, or None: a copy
    is that object but for the strings at its name, uid, nodeName, hostIP and podIP (see
    ``explorer.io.fast_yaml.ChildValues``), so what the observer found of that object holds for it too."""
    limits = limits or Limits()
    filename = os.fspath(path)
    try:
        size = os.stat(filename).st_size
        if size > limits.max_bytes:
            return _fail(filename, _too_large(size, limits))
        with open(filename, "rb") as f:
            head = f.read(HEAD_BYTES)
            if not _binary(head):   # a big signed file: a child reads it, this process needs only its head
                child = fast_yaml.start_child(filename, head, size, limits.max_depth)
                if child is not None:
                    result = _gc_off(_load_from_child, head, filename, limits, child, observe)
                    if result is not None:
                        return result
                    f.seek(0)
                    head = b""
            data = head + f.read(limits.max_bytes + 1 - len(head))
    except IsADirectoryError:
        return _fail(filename, "cannot read: is a directory")
    except OSError as exc:
        return _fail(filename, f"cannot read: {exc.strerror or exc}")
    if len(data) > limits.max_bytes:
        return _fail(filename, _too_large(len(data), limits))
    if _binary(data):
        return _fail(filename, "not a text file (it contains NUL bytes); expected YAML or JSON")
    try:
        text = decode(data)
    except ParseError as exc:
        return _fail(filename, exc.message, exc.line)
    del data
    return _gc_off(_load_text, text, filename, limits, observe)


HEAD_BYTES = 64 * 1024      # what a file's start is looked at for (a NUL, the signature of a file worth a child)


def _binary(data: bytes) -> bool:
    """Whether the file starting with ``data`` is no text: a NUL in its first 8 KiB (UTF-16 has them)."""
    return b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _fail(filename: str, message: str, line: int | None = None) -> LoadResult:
    return LoadResult(Cluster(), [Diagnostic(ERROR, message, filename, None, line, "")], filename)
