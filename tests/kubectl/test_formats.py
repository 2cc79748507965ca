"""kubectl's formatting helpers: the Go tabwriter port, HumanDuration, quantities, flag parsing."""

from __future__ import annotations

import pytest

from explorer.kubectl.flags import UsageError, parse
from explorer.kubectl.humanize import cpu_string, human_duration, memory_string, rfc1123z
from explorer.kubectl.tabwriter import FLUSH, format_text

TABWRITER = [
    ("table-min-width-6-padding-3", "A\tBB\tC\nxxxxxxx\ty\tz\n", 6, 3, "A         BB    C\nxxxxxxx   y     z\n"),
    ("last-cell-never-padded", "NAME\tAGE\nlong-name\t3s\n", 6, 3, "NAME        AGE\nlong-name   3s\n"),
    ("line-without-tab-ends-the-block", "Name:\tx\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tRS/a\n", 0, 2,
     "Name:  x\nIPs:\n  IP:           10.0.0.1\nControlled By:  RS/a\n"),
    ("continuation-lines-align-under-values", "Labels:\ta=b\n\tc=d\n", 0, 2, "Labels:  a=b\n         c=d\n"),
    ("flush-starts-new-alignment", f"Long title:\tx\n{FLUSH}\nA:\tb\n", 0, 2, "Long title:  x\nA:  b\n"),
    ("empty-cells-keep-columns", "a\t\tc\nbbbb\tx\tc\n", 0, 2, "a        c\nbbbb  x  c\n"),
]


@pytest.mark.parametrize("text, minwidth, padding, expected", [c[1:] for c in TABWRITER],
                         ids=[c[0] for c in TABWRITER])
def test_tabwriter(text, minwidth, padding, expected):
    assert format_text(text, minwidth, padding) == expected


DURATIONS = [("negative-is-invalid", -5, "<invalid>"), ("almost-now", -1, "0s"), ("seconds", 45, "45s"),
             ("under-two-minutes", 119, "119s"), ("minutes-and-seconds", 192, "3m12s"), ("whole-minutes", 300, "5m"),
             ("ten-minutes-drops-seconds", 630, "10m"), ("hours-and-minutes", 3 * 3600 + 5 * 60, "3h5m"),
             ("whole-hours", 9 * 3600 + 59, "9h"), ("days-and-hours", 2 * 86400 + 3 * 3600, "2d3h"),
             ("days", 10 * 86400, "10d"), ("years-and-days", 3 * 365 * 86400 + 86400, "3y1d")]


@pytest.mark.parametrize("seconds, expected", [c[1:] for c in DURATIONS], ids=[c[0] for c in DURATIONS])
def test_human_duration(seconds, expected):
    assert human_duration(seconds) == expected


QUANTITIES = [("millicores", cpu_string(250), "250m"), ("whole-cores", cpu_string(2000), "2"),
              ("zero", cpu_string(0), "0"), ("mebibytes", memory_string(256 << 20), "256Mi"),
              ("gibibytes", memory_string(1 << 30), "1Gi"), ("mixed-sum", memory_string((1 << 30) + (256 << 20)),
                                                             "1280Mi"),
              ("rfc1123z", rfc1123z("2026-01-01T00:01:05Z"), "Thu, 01 Jan 2026 00:01:05 +0000")]


@pytest.mark.parametrize("value, expected", [c[1:] for c in QUANTITIES], ids=[c[0] for c in QUANTITIES])
def test_quantities_and_times(value, expected):
    assert value == expected


FLAGS = [
    ("short-with-value", ["pods", "-n", "shop"], (["pods"], {"namespace": "shop"})),
    ("long-with-equals", ["pods", "--namespace=shop", "-owide"], (["pods"], {"namespace": "shop", "output": "wide"})),
    ("booleans", ["pods", "-A", "--show-labels"], (["pods"], {"all-namespaces": True, "show-labels": True})),
    ("boolean-false", ["x", "--overwrite=false"], (["x"], {"overwrite": False})),
    ("double-dash-ends-flags", ["a", "--", "-n"], (["a", "-n"], {})),
    ("taint-removal-is-positional", ["nodes", "w1", "key:NoSchedule-"], (["nodes", "w1", "key:NoSchedule-"], {})),
]


@pytest.mark.parametrize("argv, expected", [c[1:] for c in FLAGS], ids=[c[0] for c in FLAGS])
def test_flag_parsing(argv, expected):
    assert parse(argv) == expected


FLAG_ERRORS = [("unknown-long", ["--bogus"], "unknown flag: --bogus"),
               ("unknown-short", ["-z"], "unknown shorthand flag: 'z' in -z"),
               ("missing-value", ["-n"], "flag needs an argument: --namespace")]


@pytest.mark.parametrize("argv, message", [c[1:] for c in FLAG_ERRORS], ids=[c[0] for c in FLAG_ERRORS])
def test_flag_errors(argv, message):
    with pytest.raises(UsageError) as info:
        parse(argv)
    assert str(info.value) == message
