"""What a load reports: :class:`Diagnostic` (one problem, located) and :class:`LoadResult`.

A diagnostic names the file, the YAML document (0-based, counting every ``---`` document of the stream),
the 1-based line and the field path, so a user can jump straight to the problem::

    str(d) == "file.yaml:12: document 2: spec.replicas: must be an integer, got a string"

Warnings print the same way with ``warning: `` before the message. Missing parts are left out
(a file-level error such as "file too large" has no document, line or path).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.model import Cluster

ERROR = "error"
WARNING = "warning"


def one_line(text: str) -> str:
    """``text`` with every non-printable character (newline, tab, other controls, odd separators) written as
    its Python escape (``\\n``, ``\\x00``...), so it stays on one line and shows what is really there."""
    if not isinstance(text, str) or text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem in an input file. ``document`` is 0-based, ``line`` 1-based; either may be None."""

    severity: str
    message: str
    file: str = "<string>"
    document: int | None = None
    line: int | None = None
    path: str = ""

    def __post_init__(self) -> None:
        # one line, whatever the file held: a newline or other control character in a user's value (an
        # apiVersion, a label key in the field path) is shown escaped
        object.__setattr__(self, "message", one_line(self.message))
        object.__setattr__(self, "path", one_line(self.path))

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        parts = [where]
        if self.document is not None:
            parts.append(f"document {self.document}")
        if self.path:
            parts.append(self.path)
        message = self.message if self.severity == ERROR else f"{self.severity}: {self.message}"
        return ": ".join(parts + [message])

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_json(self) -> dict:
        return {"severity": self.severity, "file": self.file, "document": self.document, "line": self.line,
                "path": self.path, "message": self.message}


class TopologyError(Exception):
    """A topology could not be loaded or saved. ``diagnostics`` lists what went wrong (at least one)."""

    def __init__(self, diagnostics):
        self.diagnostics = list(diagnostics)
        super().__init__(str(self.diagnostics[0]) if self.diagnostics else "invalid topology")


@dataclass
class LoadResult:
    """The outcome of loading a topology.

    ``cluster`` holds every object that loaded without errors (objects with errors are left out, so the
    cluster is always valid), the network settings and the diagram layout. ``diagnostics`` lists errors and
    warnings in file order. ``ok`` is True when there is no error (warnings allowed). Every object in
    ``cluster`` was checked with :func:`explorer.model.validate_object`; ``object_problems`` holds, by object
    key, what it found for those it found something about (so a caller need not check them again).
    """

    cluster: Cluster
    diagnostics: list = field(default_factory=list)
    file: str = "<string>"
    object_problems: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list:
        return [d for d in self.diagnostics if not d.is_error]

    def raise_for_errors(self) -> Cluster:
        """Return the cluster, or raise :class:`TopologyError` carrying the errors."""
        if not self.ok:
            raise TopologyError(self.errors)
        return self.cluster
