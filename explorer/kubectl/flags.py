"""Splitting a kubectl command line into positional arguments and flags, with kubectl's error wording.

:func:`parse` raises :class:`UsageError` (printed as ``error: ...``) for an unknown flag or a flag missing
its value.
"""

from __future__ import annotations

# long name -> (short name, takes a value)
FLAGS = {
    "namespace": ("n", True), "output": ("o", True), "selector": ("l", True), "filename": ("f", True),
    "all-namespaces": ("A", False), "show-labels": ("", False), "image": ("", True), "replicas": ("", True),
    "port": ("", True), "target-port": ("", True), "type": ("", True), "name": ("", True),
    "protocol": ("", True), "to-revision": ("", True), "timeout": ("", True), "ignore-daemonsets": ("", False),
    "delete-emptydir-data": ("", False), "force": ("", False), "overwrite": ("", False), "all": ("", False),
    "container": ("c", True), "tail": ("", True), "grace-period": ("", True), "now": ("", False),
    "recursive": ("", False), "watch": ("w", False), "help": ("h", False), "no-headers": ("", False),
    "revision": ("", True), "wait": ("", False), "api-version": ("", True),
    "current": ("", False), "minify": ("", False),
}
_SHORT = {short: long for long, (short, _) in FLAGS.items() if short}


class UsageError(Exception):
    """A command line kubectl would reject; ``str()`` is the message after ``error: ``."""


def parse(argv: list[str]) -> tuple[list[str], dict]:
    """(positional arguments, {long flag name: value or True}); repeated value flags keep the last."""
    args: list[str] = []
    flags: dict = {}
    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            args.extend(argv[i:])
            break
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            if name not in FLAGS:
                raise UsageError(f"unknown flag: --{name}")
        elif word.startswith("-") and len(word) > 1 and not word[1].isdigit():
            short = word[1]
            name = _SHORT.get(short)
            if name is None:
                raise UsageError(f"unknown shorthand flag: '{short}' in {word}")
            rest = word[2:]
            eq, value = ("=", rest[1:]) if rest.startswith("=") else (("=", rest) if rest else ("", ""))
            if rest and not FLAGS[name][1]:
                raise UsageError(f"unknown shorthand flag: '{rest[0]}' in {word}")
        else:
            args.append(word)
            continue
        takes_value = FLAGS[name][1]
        if takes_value:
            if not eq:
                if i >= len(argv):
                    raise UsageError(f"flag needs an argument: --{name}")
                value = argv[i]
                i += 1
            flags[name] = value
        else:
            flags[name] = value.lower() != "false" if eq else True
    return args, flags
