"""Errors raised by model operations.

Every error carries enough context for a user-facing message: the object it concerns (``key``) and,
where a field is at fault, the field path (``path``, a tuple of keys and list indices such as
``("spec", "template", "spec", "containers", 0, "image")``). ``explorer.io`` adds the file and line.
"""

from __future__ import annotations


def format_path(path: tuple) -> str:
    """Render a field path the way kubectl does: ``spec.containers[0].image``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class ModelError(Exception):
    """Base class of every error the model raises."""


class ValidationError(ModelError):
    """An object or value breaks a Kubernetes rule.

    ``problems`` lists every :class:`~explorer.model.validation.Problem` found (at least one); the
    message is the first one's.
    """

    def __init__(self, problems, key=None):
        self.problems = list(problems)
        self.key = key
        first = self.problems[0]
        where = format_path(first.path)
        super().__init__(f"{where}: {first.message}" if where else first.message)

    @property
    def path(self) -> tuple:
        return self.problems[0].path


class InvalidValueError(ModelError, ValueError):
    """A single value (name, label, quantity, port, CIDR) is malformed."""


class DuplicateObjectError(ModelError):
    """An object with the same kind, namespace and name already exists."""

    def __init__(self, key):
        self.key = key
        kind, ns, name = key
        where = f"{ns}/{name}" if ns else name
        super().__init__(f'{kind} "{where}" already exists')


class ObjectNotFoundError(ModelError, KeyError):
    """No object with that kind, namespace and name exists."""

    def __init__(self, key):
        self.key = key
        kind, ns, name = key
        where = f"{ns}/{name}" if ns else name
        super().__init__(f'{kind} "{where}" not found')

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]
