"""`k8s-explorer route` and `k8s-explorer reachability` on a saved running state."""

import json

import pytest

from explorer.cli.main import main
from explorer.io import save_topology
from tests.net.fixtures import small


@pytest.fixture
def state_file(tmp_path):
    net = small()
    net.ingress("shop", "shop", [("shop.example.com", "/api", "Prefix", "api", 80)])
    net.policy("shop", "api", {"app": "api"}, ingress=[{"from": [{"namespaceSelector": {"matchLabels": {
        "kubernetes.io/metadata.name": "ingress-nginx"}}}]}])
    path = tmp_path / "state.yaml"
    save_topology(net.build(), str(path))
    return str(path)


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_route_json(state_file, capsys):
    code, out, err = run(capsys, ["route", state_file, "--from", "internet", "--url",
                                  "http://shop.example.com/api/x", "--json"])
    data = json.loads(out)
    assert (code, err, data["result"], [h["step"] for h in data["hops"]]) == (0, "", {
        "status": 200, "ingress": "shop/shop", "rule": {"host": "shop.example.com", "path": "/api",
                                                         "pathType": "Prefix"},
        "service": "shop/api", "pod": "shop/api-0", "reason": "served by pod shop/api-0"},
        ["client", "dns", "load-balancer", "node", "kube-proxy", "kube-proxy", "node", "overlay", "node",
         "network-policy", "ingress-controller", "ingress-controller", "network-policy", "node", "overlay",
         "node", "network-policy", "pod"])


def test_route_text_denied(state_file, capsys):
    code, out, err = run(capsys, ["route", state_file, "--from", "default/client", "--url", "http://api.shop/"])
    assert (code, err, out.splitlines()[0]) == (
        0, "", "default/client -> http://api.shop/: dropped "
               "(NetworkPolicy denies ingress to shop/api-0 from default/client TCP/8080)")


@pytest.mark.parametrize("argv, code, err", [
    (["--from", "nowhere", "--url", "http://x/"], 2, "route: --from 'nowhere': must be 'internet' or NAMESPACE/POD\n"),
    (["--from", "shop/ghost", "--url", "http://x/"], 1, 'route: source pod "shop/ghost" not found\n'),
    (["--from", "internet", "--url", "ftp://x/"], 2, "route: url 'ftp://x/': scheme must be http or https\n"),
], ids=["bad-from", "unknown-pod", "bad-url"])
def test_route_errors(state_file, capsys, argv, code, err):
    assert run(capsys, ["route", state_file] + argv) == (code, "", err)


def test_route_missing_file(tmp_path, capsys):
    code, out, err = run(capsys, ["route", str(tmp_path / "nope.yaml"), "--from", "internet", "--url", "http://x/"])
    assert (code, out, err.count("\n"), "nope.yaml" in err) == (1, "", 1, True)


def test_reachability_json(state_file, capsys):
    code, out, err = run(capsys, ["reachability", state_file, "--port", "8080", "--json"])
    allowed = json.loads(out)["allowed"]
    assert (code, err, {src: row["shop/api-0"] for src, row in allowed.items()}) == (0, "", {
        "internet": False, "default/client": False, "ingress-nginx/ingress-nginx-controller-0": True,
        "shop/api-0": True, "shop/shell": False, "shop/web-0": False})


def test_reachability_summary_text(state_file, capsys):
    code, out, err = run(capsys, ["reachability", state_file, "--port", "8080", "--summary"])
    assert (code, err, out.splitlines()[0]) == (0, "", "reachability summary on TCP/8080: 5 groups")


def test_route_host_header(state_file, capsys):
    code, out, err = run(capsys, ["route", state_file, "--from", "internet", "--url", "http://203.0.113.10/api",
                                  "--host", "shop.example.com", "--json"])
    assert (code, err, json.loads(out)["result"]["ingress"]) == (0, "", "shop/shop")
