"""Find the line of a field path in the source text, only when a diagnostic needs it.

The fast load path keeps no positions. When problems are found, :func:`locate` composes the text once more
(YAML nodes carry marks; nothing is constructed) and walks each wanted path down the node tree.
"""

from __future__ import annotations

import yaml

from explorer.io.safe_yaml import Loader


def _walk(node, path) -> int:
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
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def locate(text: str, wanted: dict) -> dict:
    """Lines for ``wanted`` = {document index: [path tuple, ...]}.

    Returns {(document index, path): line}; paths whose document cannot be composed are left out.
    """
    out: dict = {}
    if not wanted:
        return out
    last = max(wanted)
    loader = Loader(text)
    try:
        index = 0
        while index <= last and loader.check_node():
            node = loader.get_node()
            if index in wanted and node is not None:
                for path in wanted[index]:
                    out[(index, path)] = _walk(node, path)
            index += 1
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return out
