"""Import fuzzing: seeds (the shared corpus and the example cluster) and hypothesis mutations of them.

A fuzz case is drawn in two stages: structural mutations of the parsed documents (delete, duplicate or retype
fields, random scalars, odd apiVersion/kind/name, dropped or duplicated documents), then textual mutations of
the serialized bytes (truncation, byte flips, indentation damage, duplicated/deleted/swapped lines, YAML
punctuation inserted). :func:`check_load` states what every load must satisfy, whatever the input.
"""

from __future__ import annotations

import functools

import yaml
from hypothesis import strategies as st

from explorer.io import Diagnostic, dump_topology, load_text
from explorer.model import example_cluster, validate_object
from tests.conftest import corpus_files

# Whole-file problems have no line: there is no line to point at (a UTF-16 BOM declares the whole file's
# encoding; "truncated data" is an odd byte count).
FILE_LEVEL = ("not a text file", "file too large", "cannot read", "not valid UTF-16 text")


@functools.lru_cache(maxsize=1)
def seeds() -> tuple:
    """(name, bytes) of every corpus manifest plus the example cluster's full topology."""
    out = [(p.name, p.read_bytes()) for p in corpus_files()]
    out.append(("example-cluster.yaml", dump_topology(example_cluster()).encode()))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def seed_documents(index: int) -> tuple:
    """The seed parsed to plain documents (None when the seed itself is not plain YAML)."""
    try:
        return tuple(yaml.safe_load_all(seeds()[index][1].decode("utf-8")))
    except yaml.YAMLError:
        return None


# --------------------------------------------------------------------------------------------------------
# values

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e999", "NaN", "~", "null", "yes", "no", "on", "2024-01-01", "12:30",
                     "0x1F", "0o17", "1_000", "100Mi", "-5Gi", "250m", "1.5.3", "a" * 300, "*", "&a", "!!str",
                     "apps/v1", "v1", "networking.k8s.io/v1", "Pod", "Service", "Deployment", "Node",
                     "Ingress", "NetworkPolicy", "List", "ConfigMap", "kube-system", "default",
                     "UPPER_case", "with space", "dot.name", "-leading", "trailing-", "é", "\u202e", "\t"]))

VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=8)

KEYS = st.one_of(st.sampled_from(["apiVersion", "kind", "metadata", "name", "namespace", "spec", "status",
                                  "replicas", "selector", "matchLabels", "template", "containers", "ports",
                                  "port", "targetPort", "nodePort", "type", "resources", "requests", "limits",
                                  "cpu", "memory", "labels", "annotations", "nodeName", "rules", "host",
                                  "paths", "backend", "service", "podSelector", "ingress", "egress",
                                  "items", "data", "taints", "tolerations", "affinity", "clusterIP"]),
                 st.text(max_size=12))


def _containers(doc, path=()):
    """Every (path, container) inside ``doc`` where container is a dict or list."""
    out = []
    stack = [(doc, path)]
    while stack:
        node, p = stack.pop()
        if isinstance(node, dict):
            out.append((p, node))
            stack.extend((v, p + (k,)) for k, v in node.items())
        elif isinstance(node, list):
            out.append((p, node))
            stack.extend((v, p + (i,)) for i, v in enumerate(node))
    return out


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


STRUCTURAL = ("delete-field", "retype-field", "random-scalar", "add-field", "duplicate-list-item",
              "drop-document", "duplicate-document", "odd-identity", "swap-subtrees", "damage-embedded-text")


def mutate_documents(data, docs: list) -> list:
    """Apply one drawn structural mutation to ``docs`` (a list of plain documents, changed in place)."""
    op = data.draw(st.sampled_from(STRUCTURAL), label="structural")
    if not docs:
        docs.append(data.draw(VALUES))
        return docs
    d = data.draw(st.integers(0, len(docs) - 1), label="document")
    if op == "drop-document":
        del docs[d]
        return docs
    if op == "duplicate-document":
        docs.insert(d, _deep_copy(docs[d]))
        return docs
    if op == "odd-identity":
        if isinstance(docs[d], dict):
            field = data.draw(st.sampled_from(["apiVersion", "kind", "metadata"]))
            docs[d][field] = data.draw(st.one_of(SCALARS, VALUES, st.fixed_dictionaries(
                {"name": SCALARS, "namespace": SCALARS})))
        return docs
    places = _containers(docs[d])
    if op == "damage-embedded-text":   # multi-line strings: kubeadm's ClusterConfiguration, scripts, configs
        texts = [(node, k) for _, node in places
                 for k in (node.keys() if isinstance(node, dict) else range(len(node)))
                 if isinstance(node[k], str) and "\n" in node[k]]
        if texts:
            node, k = data.draw(st.sampled_from(texts), label="embedded")
            node[k] = mutate_bytes(data, node[k].encode()).decode("utf-8", errors="replace")
        return docs
    if not places:
        docs[d] = data.draw(VALUES)
        return docs
    _, node = places[data.draw(st.integers(0, len(places) - 1), label="place")]
    keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
    if op == "add-field" or not keys:
        if isinstance(node, dict):
            node[data.draw(KEYS)] = data.draw(VALUES)
        else:
            node.append(data.draw(VALUES))
        return docs
    k = data.draw(st.sampled_from(keys), label="key")
    if op == "delete-field":
        del node[k]
    elif op == "retype-field":
        old = node[k]
        if isinstance(old, dict):
            node[k] = list(old.values()) if data.draw(st.booleans()) else data.draw(SCALARS)
        elif isinstance(old, list):
            node[k] = {str(i): v for i, v in enumerate(old)} if data.draw(st.booleans()) else data.draw(SCALARS)
        elif isinstance(old, str):
            node[k] = data.draw(st.one_of(st.integers(), st.booleans(), st.none(), st.lists(SCALARS, max_size=2)))
        else:
            node[k] = str(old) if data.draw(st.booleans()) else {"value": old}
    elif op == "random-scalar":
        node[k] = data.draw(SCALARS)
    elif op == "duplicate-list-item" and isinstance(node, list):
        node.insert(k, _deep_copy(node[k]))
    elif op == "swap-subtrees":
        k2 = data.draw(st.sampled_from(keys))
        node[k], node[k2] = node[k2], node[k]
    return docs


TEXTUAL = ("truncate", "byte-flip", "indent-damage", "duplicate-line", "delete-line", "swap-lines",
           "insert-punctuation", "tabs", "insert-bytes")
PUNCTUATION = [b":", b"- ", b"&a ", b"*a", b"!!python/object:os.system ", b"{", b"}", b"[", b"]", b"\"", b"'",
               b"#", b"|", b">", b"---\n", b"...\n", b"? ", b"%YAML 1.1\n", b"<<: *a\n", b"\\", b"!custom ",
               b"\t", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3"]


def mutate_bytes(data, text: bytes) -> bytes:
    """Apply one drawn textual mutation to ``text``."""
    op = data.draw(st.sampled_from(TEXTUAL), label="textual")
    if op == "truncate":
        return text[:data.draw(st.integers(0, len(text)), label="cut")]
    if op == "byte-flip":
        if not text:
            return text
        i = data.draw(st.integers(0, len(text) - 1), label="at")
        bit = data.draw(st.integers(0, 7))
        return text[:i] + bytes([text[i] ^ (1 << bit)]) + text[i + 1:]
    if op == "insert-bytes":
        i = data.draw(st.integers(0, len(text)), label="at")
        return text[:i] + data.draw(st.binary(min_size=1, max_size=8)) + text[i:]
    if op == "insert-punctuation":
        i = data.draw(st.integers(0, len(text)), label="at")
        return text[:i] + data.draw(st.sampled_from(PUNCTUATION)) + text[i:]
    lines = text.split(b"\n")
    n = data.draw(st.integers(0, len(lines) - 1), label="line")
    if op == "indent-damage":
        stripped = lines[n].lstrip(b" ")
        indent = len(lines[n]) - len(stripped)
        lines[n] = b" " * max(0, indent + data.draw(st.integers(-4, 4))) + stripped
    elif op == "tabs":
        stripped = lines[n].lstrip(b" ")
        lines[n] = b"\t" * data.draw(st.integers(1, 3)) + stripped
    elif op == "duplicate-line":
        lines.insert(n, lines[n])
    elif op == "delete-line":
        del lines[n]
    elif op == "swap-lines":
        m = data.draw(st.integers(0, len(lines) - 1))
        lines[n], lines[m] = lines[m], lines[n]
    return b"\n".join(lines)


def draw_case(data) -> tuple[str, bytes]:
    """One fuzz case: (seed name, mutated bytes)."""
    index = data.draw(st.integers(0, len(seeds()) - 1), label="seed")
    name, text = seeds()[index]
    structural = data.draw(st.integers(0, 3), label="structural mutations")
    docs = seed_documents(index)
    if structural and docs is not None:
        docs = [_deep_copy(d) for d in docs]
        for _ in range(structural):
            docs = mutate_documents(data, docs)
        as_json = name.endswith(".json") and len(docs) == 1
        try:
            text = (_json_dump(docs[0]) if as_json else
                    yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=data.draw(st.booleans()))).encode()
        except (ValueError, yaml.YAMLError):
            pass  # a drawn value the dumper will not write: keep the seed text
    for _ in range(data.draw(st.integers(0, 3), label="textual mutations")):
        text = mutate_bytes(data, text)
    return name, text


def _json_dump(doc) -> str:
    import json
    return json.dumps(doc, indent=2)


# --------------------------------------------------------------------------------------------------------
# what every load must satisfy

def load_problems(result, filename: str, text: str | None) -> list[str]:
    """Why ``result`` (a LoadResult of ``filename``) breaks the loader's contract; [] when it does not.

    - every diagnostic is a Diagnostic naming ``filename``, with a severity, a one-line message;
    - every error has a 1-based line within the text (whole-file problems excepted: see FILE_LEVEL);
    - the cluster holds only objects without validation errors, and it can be written out again.
    """
    problems = []
    lines = (text.count("\n") + 1) if text is not None else None
    for d in result.diagnostics:
        if not isinstance(d, Diagnostic):
            problems.append(f"not a Diagnostic: {d!r}")
            continue
        s = str(d)
        if d.file != filename or d.severity not in ("error", "warning") or not d.message or "\n" in s:
            problems.append(f"malformed diagnostic: {d!r}")
        if d.is_error and not d.message.startswith(FILE_LEVEL):
            if d.line is None:
                problems.append(f"error without a line: {s}")
            elif d.line < 1 or (lines is not None and d.line > lines + 1):
                problems.append(f"line {d.line} outside the text ({lines} lines): {s}")
    for obj in result.cluster:
        errors = [p for p in validate_object(obj.raw) if p.severity == "error"]
        if errors:
            problems.append(f"invalid object kept in the cluster: {obj.key}: {errors[0]}")
    dump_topology(result.cluster)
    return problems


def roundtrip_problems(result) -> list[str]:
    """A clean load (no errors) must write out and load back as the same design with no errors."""
    if not result.ok:
        return []
    written = dump_topology(result.cluster)
    again = load_text(written, "again.yaml")
    if not again.ok:
        return [f"written topology does not load back: {[str(d) for d in again.errors][:3]}"]
    if not again.cluster.same_design(result.cluster):
        return ["written topology loads back as a different design"]
    exact = _load_exactly(written, "again.yaml")    # the fast reader (signed file) must equal the exact one
    if (_as_json(again), [str(d) for d in again.diagnostics]) != (_as_json(exact), [str(d) for d in exact.diagnostics]):
        return ["the fast reader and the exact reader disagree on a written topology"]
    return []


def _as_json(result) -> str:
    import json
    return json.dumps([o.raw for o in result.cluster], ensure_ascii=False, default=repr)


def _load_exactly(text: str, filename: str):
    """load_text with the fast reader switched off (single-threaded test use)."""
    from explorer.io import fast_yaml
    saved, fast_yaml.ryml = fast_yaml.ryml, None
    try:
        return load_text(text, filename)
    finally:
        fast_yaml.ryml = saved
