"""Trace texts are English strings that also carry a message id and arguments (explorer.net.text)."""

from __future__ import annotations

import ast
import copy
import json
import pickle
from pathlib import Path

import pytest

from explorer.net import route
from explorer.net.text import Text, joined, render
from tests.net.fixtures import small

NET = Path(__file__).resolve().parents[2] / "explorer" / "net"

# A stand-in "language": templates upper-cased, so a rendered text shows which parts went through translate().
UPPER = {"packet arrives on port {port}": "PACKET ARRIVES ON PORT {port}",
         "deliver to pod {pod} ({ip})": "DELIVER TO POD {pod} ({ip})",
         "the only ready endpoint": "THE ONLY READY ENDPOINT",
         "{policy} Local: only endpoints on this node": "{policy} LOCAL: ONLY ENDPOINTS ON THIS NODE"}


def upper(template: str) -> str:
    return UPPER.get(template, template)


TEXT_CASES = [
    ("simple", lambda: Text("packet arrives on port {port}", port=80),
     ("packet arrives on port 80", "PACKET ARRIVES ON PORT 80", ["packet arrives on port {port}"])),
    ("no_arguments", lambda: Text("the only ready endpoint"),
     ("the only ready endpoint", "THE ONLY READY ENDPOINT", ["the only ready endpoint"])),
    ("names_stay_verbatim", lambda: Text("deliver to pod {pod} ({ip})", pod="shop/api-0", ip="10.244.2.2"),
     ("deliver to pod shop/api-0 (10.244.2.2)", "DELIVER TO POD shop/api-0 (10.244.2.2)",
      ["deliver to pod {pod} ({ip})"])),
    ("untranslated_template_stays_english", lambda: Text("no Service has this nodePort"),
     ("no Service has this nodePort", "no Service has this nodePort", ["no Service has this nodePort"])),
    ("nested_text_is_translated", lambda: Text("{policy} Local: only endpoints on this node",
                                               policy=Text("the only ready endpoint")),
     ("the only ready endpoint Local: only endpoints on this node",
      "THE ONLY READY ENDPOINT LOCAL: ONLY ENDPOINTS ON THIS NODE",
      ["{policy} Local: only endpoints on this node", "the only ready endpoint"])),
    ("joined_mixes_texts_and_plain_strings",
     lambda: joined(["Service shop/api port 80 -> targetPort 8080", Text("the only ready endpoint")]),
     ("Service shop/api port 80 -> targetPort 8080; the only ready endpoint",
      "Service shop/api port 80 -> targetPort 8080; THE ONLY READY ENDPOINT", ["the only ready endpoint"])),
    ("joined_with_separator", lambda: joined([Text("packet arrives on port {port}", port=1), "x"], " -> "),
     ("packet arrives on port 1 -> x", "PACKET ARRIVES ON PORT 1 -> x", ["packet arrives on port {port}"])),
]


@pytest.mark.parametrize("make, expected", [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_text_is_english_str_and_renders_in_another_language(make, expected):
    t = make()
    assert (str(t), t.render(upper), list(t.templates())) == expected


def test_text_behaves_as_its_english_string():
    t = Text("packet arrives on port {port}", port=80)
    assert (t == "packet arrives on port 80", hash(t) == hash("packet arrives on port 80"), isinstance(t, str),
            json.dumps({"d": t}), f"[{t}]", t + "!", render(t, upper), render("plain", upper),
            render(None, upper)) == (
        True, True, True, '{"d": "packet arrives on port 80"}', "[packet arrives on port 80]",
        "packet arrives on port 80!", "PACKET ARRIVES ON PORT 80", "plain", None)


@pytest.mark.parametrize("clone", [lambda t: pickle.loads(pickle.dumps(t)), copy.copy,
                                   copy.deepcopy], ids=["pickle", "copy", "deepcopy"])
def test_text_survives_copies(clone):
    t = joined([Text("deliver to pod {pod} ({ip})", pod="a/b", ip="{not a placeholder}"), "x"])
    c = clone(t)
    assert (type(c), str(c), c.render(upper)) == (Text, str(t), t.render(upper))


def test_hops_of_a_trace_carry_their_templates():
    """A routed request: every hop's decision/rule with words is a Text; the English strings are unchanged."""
    cluster = small().build()
    trace = route(cluster, "default/client", "http://api.shop/")
    kinds = [(h.step, type(h.decision).__name__, type(h.rule).__name__ if h.rule else "") for h in trace.hops]
    assert (kinds, type(trace.result["reason"]).__name__, trace.result["reason"]) == (
        [("client", "str", ""), ("dns", "str", "Text"), ("node", "Text", ""), ("kube-proxy", "Text", "Text"),
         ("network-policy", "Text", "Text"), ("node", "Text", "Text"), ("overlay", "Text", "Text"),
         ("node", "Text", ""), ("network-policy", "Text", "Text"), ("pod", "Text", "")],
        "Text", "served by pod shop/api-0")


def templates_in(root: Path) -> tuple[list[str], list[str]]:
    """(templates, problems): the literal first argument of every ``Text(...)`` call under ``root``, and
    ``file:line`` of calls whose template is not a string literal (they could not be collected statically)."""
    found, problems = [], []
    for path in sorted(root.rglob("*.py")):
        if path.name == "text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Text":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append(first.value)
                else:
                    problems.append(f"{path.name}:{node.lineno}")
    return found, problems


def test_every_template_is_a_literal_with_named_placeholders():
    import string
    found, problems = templates_in(NET)
    positional = [t for t in found if any(f[1] is not None and (f[1] == "" or f[1].isdigit())
                                          for f in string.Formatter().parse(t))]
    assert (len(found) > 100, problems, positional) == (True, [], [])
