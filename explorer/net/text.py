"""Message texts of request traces: an English string that also remembers its message id and arguments.

Every hop text of a trace (``Hop.at``, ``Hop.decision``, ``Hop.rule``), every NetworkPolicy verdict rule and the
result's ``reason`` is a :class:`Text`::

    t = Text("packet arrives on port {port}", port=80)
    t == "packet arrives on port 80"          # a Text IS its English rendering (a str subclass)
    t.template, t.args                        # ("packet arrives on port {port}", {"port": 80})
    t.render(translate)                       # the same sentence in another language

Because a ``Text`` is a ``str``, the CLI, ``--json`` output, comparisons and existing callers see exactly the
English text they always did. The desktop UI calls :meth:`Text.render` with Qt's translator (context ``Trace``);
the templates are the message ids. Arguments are inserted verbatim unless they are themselves a ``Text`` (then
they are rendered in the same language): Kubernetes names, IPs, ports, field names and iptables words are data
and never translated.

Rules for the code that builds texts (tests/net/test_hop_texts.py checks them): the template is always a string
literal, the first argument of ``Text(...)``, so the list of all templates can be collected statically; it uses
named ``{placeholders}`` only. Several texts joined by a separator are a :func:`joined` (no template of its own).

No Qt here: explorer.net stays plain Python.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

Translate = Callable[[str], str]
_new_str = str.__new__


class Text(str):
    """An English message (the ``str`` value) built from ``template`` (the message id) and ``args``.

    Raises KeyError/IndexError (from ``str.format``) when ``template`` names a placeholder missing in ``args``.
    """

    template: str | None
    args: dict
    separator: str = ""         # only a joined() Text has one

    def __new__(cls, template: str, /, **args) -> "Text":
        self = _new_str(cls, template.format_map(args))    # routing makes ~30 per request: kept lean
        self.template = template
        self.args = args
        return self

    def render(self, translate: Translate) -> str:
        """This message in the language of ``translate`` (template -> translated template; an identity
        function gives back the English text). Nested ``Text`` arguments are rendered with it too."""
        if self.template is None:
            return self.separator.join(_render(p, translate) for p in self.args["parts"])
        return translate(self.template).format(**{k: _render(v, translate) for k, v in self.args.items()})

    def templates(self) -> Iterator[str]:
        """Every template used by this message and the Texts nested in it (message ids to look up)."""
        if self.template is not None:
            yield self.template
        for value in (self.args["parts"] if self.template is None else self.args.values()):
            if isinstance(value, Text):
                yield from value.templates()

    def __reduce__(self):
        return _rebuild, (str(self), self.template, self.args, self.separator)

    def __repr__(self) -> str:
        return f"Text({str.__repr__(self)})"


def joined(parts: Iterable, separator: str = "; ") -> Text:
    """Several texts shown one after the other (``separator`` between them): a Text with no template of its
    own, whose English value is ``separator.join(parts)``; each part renders in the UI language."""
    parts = list(parts)
    out = _new_str(Text, separator.join(str(p) for p in parts))
    out.template = None
    out.args = {"parts": parts}
    out.separator = separator
    return out


def render(text, translate: Translate) -> str:
    """``text`` in the language of ``translate`` when it is a :class:`Text`; any other value as ``str``."""
    return _render(text, translate)


def _render(value, translate: Translate):
    return value.render(translate) if isinstance(value, Text) else value


def _rebuild(value: str, template, args: dict, separator: str) -> Text:
    out = _new_str(Text, value)
    out.template, out.args, out.separator = template, args, separator
    return out
