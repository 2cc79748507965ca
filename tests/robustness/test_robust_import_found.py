"""Inputs the import fuzzer found: each keeps its exact expected outcome so a regression is caught by name."""

from __future__ import annotations

import pytest

from explorer.io import Diagnostic, load_text

NOT_AN_OBJECT = "not a Kubernetes object: apiVersion and kind are missing"

FOUND = {
    # JSON accepts a tab before '{'; YAML (used to find lines) does not: the error lost its line.
    "json-leading-tab-error-has-a-line": (
        '\t{"a": 1}', [Diagnostic("error", NOT_AN_OBJECT, "f.json", 0, 1, "")]),
    "json-tab-indented-error-has-a-line": (
        '{\n\t"Probes": [\n\t\t{"Port": 80}\n\t]\n}', [Diagnostic("error", NOT_AN_OBJECT, "f.json", 0, 1, "")]),
    "json-tab-indented-field-error-has-its-line": (
        '{"apiVersion": "v1", "kind": "Namespace",\n\t"metadata": {"name": 5}}',
        [Diagnostic("error", "must be a string, got an integer", "f.json", 0, 2, "metadata.name")]),
}


@pytest.mark.parametrize("text,expected", FOUND.values(), ids=FOUND.keys())
def test_fuzzer_found_input(text, expected):
    assert load_text(text, "f.json").diagnostics == expected
