"""Find the line of a field path in the source text, only when a diagnostic needs it.

The fast load path keeps only where each document starts. When problems are found, :func:`locate` composes
just the documents concerned once more (YAML nodes carry marks; nothing is constructed) and walks each wanted
path down the node tree.
"""

from __future__ import annotations

import yaml

from explorer.io.safe_yaml import Loader


def _walk(node, path, offset: int) -> int:
    """1-based line of the deepest part of ``path`` present under ``node``."""
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode) and not isinstance(part, int):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line + offset


def _compose_first(text: str):
    loader = Loader(text)
    try:
        return loader.get_node() if loader.check_node() else None
    finally:
        loader.dispose()


def _try_compose(text: str):
    try:
        return _compose_first(text)
    except (yaml.YAMLError, RecursionError):
        return None


def locate(text: str, wanted: dict, starts: list | None = None) -> dict:
    """Lines for ``wanted`` = {document index: [path tuple, ...]}.

    ``starts`` (from :func:`~explorer.io.safe_yaml.parse_documents`) lets each wanted document be composed
    on its own (a document that cannot be composed again gives its first line); without it the stream is
    composed from the top. Returns {(document index, path): line}.
    """
    out: dict = {}
    if not wanted:
        return out
    missing = {}
    for index, paths in wanted.items():
        start = starts[index] if starts is not None and index < len(starts) else None
        if start is None:
            missing[index] = paths
            continue
        begin, line, column = start
        end = next((s[0] for s in starts[index + 1:] if s is not None), len(text))
        chunk = " " * column + text[begin:end]
        node = _try_compose(chunk)
        if node is None and "\t" in chunk:  # JSON allows tabs where YAML does not; lines stay the same
            node = _try_compose(chunk.replace("\t", " "))
        for path in paths:
            out[(index, path)] = _walk(node, path, line) if node is not None else line + 1
    if missing:
        out.update(_locate_from_top(text, missing))
    return out


def _locate_from_top(text: str, wanted: dict) -> dict:
    out: dict = {}
    last = max(wanted)
    loader = Loader(text)
    try:
        index = 0
        while index <= last and loader.check_node():
            node = loader.get_node()
            if index in wanted and node is not None:
                for path in wanted[index]:
                    out[(index, path)] = _walk(node, path, 0)
            index += 1
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return out
