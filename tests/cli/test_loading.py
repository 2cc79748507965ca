"""explorer.cli.loading.load_or_report: what every topology-reading command prints and returns, compared whole."""

from __future__ import annotations

import io

import pytest

from explorer.cli.loading import load_or_report

GOOD = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
WARN = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n"
BAD = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: two\n"
WARN_LINE = ('warn.yaml:6: document 0: spec.selector: warning: Service "default/web" selects no pods: no Pod or '
             'workload template in namespace "default" has labels app=web')
BAD_LINES = ["bad.yaml:5: document 0: spec.selector: Required value",
             "bad.yaml:5: document 0: spec.template: Required value",
             "bad.yaml:5: document 0: spec.template.spec: Required value",
             "bad.yaml:6: document 0: spec.replicas: must be an integer, got a string"]

# name: (file, warnings shown, loaded object keys or None, printed lines)
CASES = {
    "clean": ("good.yaml", True, [("Namespace", "", "shop")], []),
    "warning-shown": ("warn.yaml", True, [("Service", "default", "web")], [WARN_LINE]),
    "warning-hidden": ("warn.yaml", False, [("Service", "default", "web")], []),
    "errors": ("bad.yaml", True, None, BAD_LINES),
    "errors-shown-without-warnings": ("bad.yaml", False, None, BAD_LINES),
    "missing-file": ("nope.yaml", True, None, ["nope.yaml: cannot read: No such file or directory"]),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_load_or_report(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for fname, text in {"good.yaml": GOOD, "warn.yaml": WARN, "bad.yaml": BAD}.items():
        (tmp_path / fname).write_text(text)
    path, warnings, keys, lines = CASES[name]
    out = io.StringIO()
    cluster = load_or_report(path, warnings=warnings, stream=out)
    got_keys = None if cluster is None else sorted(o.key for o in cluster.objects())
    assert (got_keys, out.getvalue().splitlines()) == (keys, lines)
