"""ip_sort_key: the IPv4 fast path orders exactly as ipaddress does (numeric), and everything else falls back."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.net.view import ip_sort_key


def reference(ip):
    try:
        return (0, int(ipaddress.ip_address(ip)))
    except ValueError:
        return (1, ip)


CASES = [
    ("plain", "10.244.1.7", (0, 0x0AF40107)),
    ("zeros", "0.0.0.0", (0, 0)),
    ("max", "255.255.255.255", (0, 2**32 - 1)),
    ("octet-too-big", "10.0.0.256", (1, "10.0.0.256")),
    ("leading-zero", "10.0.0.01", (1, "10.0.0.01")),
    ("four-digits", "10.0.0.0001", (1, "10.0.0.0001")),
    ("empty-octet", "10..0.1", (1, "10..0.1")),
    ("sign", "10.0.0.+1", (1, "10.0.0.+1")),
    ("unicode-digit", "10.0.0.\u0661", (1, "10.0.0.\u0661")),
    ("three-parts", "10.0.1", (1, "10.0.1")),
    ("ipv6", "fd00::1", (0, int(ipaddress.ip_address("fd00::1")))),
    ("hostname", "api.shop", (1, "api.shop")),
    ("empty", "", (1, "")),
]


@pytest.mark.parametrize("ip, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_ip_sort_key(ip, expected):
    assert (ip_sort_key(ip), reference(ip)) == (expected, expected)


@given(st.lists(st.one_of(st.ip_addresses(v=4).map(str),
                          st.tuples(*[st.integers(0, 999).map(str) | st.text("0123456789.", max_size=4)] * 4)
                          .map(".".join)), max_size=30))
def test_fast_path_matches_ipaddress(ips):
    assert [ip_sort_key(ip) for ip in ips] == [reference(ip) for ip in ips]
