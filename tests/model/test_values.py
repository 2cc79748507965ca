"""Single-value rules: quantities, names, labels, ports, CIDRs."""

from __future__ import annotations

import pytest

from explorer.model import InvalidValueError
from explorer.model import validation as v
from explorer.model.quantity import cpu_millis, format_cpu, format_memory, memory_bytes

CPU = [
    ("millicores", "500m", 500),
    ("whole", "2", 2000),
    ("int", 3, 3000),
    ("fraction", "1.5", 1500),
    ("rounds-up", "0.0001", 1),
    ("exponent", "1e3", 1_000_000),
    ("float", 0.25, 250),
]


@pytest.mark.parametrize("name,value,expected", CPU, ids=[c[0] for c in CPU])
def test_cpu_millis(name, value, expected):
    assert cpu_millis(value) == expected


MEMORY = [
    ("Gi", "1Gi", 2**30),
    ("Mi", "128Mi", 128 * 2**20),
    ("M", "129M", 129_000_000),
    ("plain", "128974848", 128974848),
    ("exponent", "129e6", 129_000_000),
    ("k", "1k", 1000),
    ("Ki", "1Ki", 1024),
]


@pytest.mark.parametrize("name,value,expected", MEMORY, ids=[c[0] for c in MEMORY])
def test_memory_bytes(name, value, expected):
    assert memory_bytes(value) == expected


@pytest.mark.parametrize("value", ["", "1 Gi", "abc", "1GB", True, None, [1]])
def test_bad_quantities_raise(value):
    with pytest.raises(InvalidValueError):
        memory_bytes(value)


def test_formatting_is_canonical():
    assert [format_cpu(1500), format_cpu(2000), format_memory(2**30), format_memory(1000)] == \
        ["1500m", "2", "1Gi", "1000"]


VALID = [
    ("label name", v.dns1123_label, "web-1"),
    ("subdomain", v.dns1123_subdomain, "web.example.com"),
    ("label key prefixed", v.label_key, "app.kubernetes.io/name"),
    ("label key plain", v.label_key, "app"),
    ("label value empty", v.label_value, ""),
    ("label value", v.label_value, "v1.2_beta-3"),
    ("port", v.port_number, 65535),
    ("port name", v.port_name, "http-alt"),
    ("cidr", v.cidr, "10.244.0.0/16"),
    ("cidr with host bits where allowed", v.cidr_loose, "10.0.0.1/24"),
    ("ip address", v.ip_address, "10.0.0.1"),
    ("quantity", v.quantity, "250m"),
]

INVALID = [
    ("label name uppercase", v.dns1123_label, "Web", "RFC 1123 label"),
    ("label name too long", v.dns1123_label, "a" * 64, "no more than 63"),
    ("subdomain underscore", v.dns1123_subdomain, "web_1", "RFC 1123 subdomain"),
    ("label key bad prefix", v.label_key, "Bad_Prefix/app", "RFC 1123 subdomain"),
    ("label key empty name", v.label_key, "example.com/", "name part"),
    ("label value space", v.label_value, "a b", "valid label"),
    ("label value not string", v.label_value, 3, "must be a string"),
    ("port zero", v.port_number, 0, "between 1 and 65535"),
    ("port string", v.port_number, "80", "must be an integer"),
    ("port bool", v.port_number, True, "must be an integer"),
    ("port name digits", v.port_name, "8080", "IANA_SVC_NAME"),
    ("cidr host bits", v.cidr, "10.244.0.1/16", "valid CIDR"),
    ("cidr garbage", v.cidr, "ten", "valid CIDR"),
    ("loose cidr boolean", v.cidr_loose, True, "valid CIDR"),     # ipaddress alone reads True as 0.0.0.1
    ("loose cidr number", v.cidr_loose, 167772161, "valid CIDR"),
    ("ip address boolean", v.ip_address, True, "valid IP address"),
    ("ip address number", v.ip_address, 167772161, "valid IP address"),
    ("quantity negative", v.quantity, "-1", "greater than or equal to 0"),
    # a last line break: Python's $ let these through, Kubernetes' patterns end at the end of the text
    ("label name, a line break", v.dns1123_label, "web\n", "RFC 1123 label"),
    ("subdomain, a line break", v.dns1123_subdomain, "web.example.com\n", "RFC 1123 subdomain"),
    ("label key, a line break", v.label_key, "app\n", "name part"),
    ("label value, a line break", v.label_value, "v1\n", "valid label"),
    ("port name, a line break", v.port_name, "http\n", "IANA_SVC_NAME"),
]


@pytest.mark.parametrize("name,fn,value", VALID, ids=[c[0] for c in VALID])
def test_valid_values_pass(name, fn, value):
    assert fn(value) is None


@pytest.mark.parametrize("name,fn,value,fragment", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_values_raise_with_reason(name, fn, value, fragment):
    with pytest.raises(InvalidValueError) as err:
        fn(value)
    assert fragment in str(err.value)


# Addresses and networks the IPv4 fast paths see: each must get the verdict (and error) ``ipaddress`` gives
ADDRESSES = ["10.0.0.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "10.0.0.01", "010.0.0.1", "1.2.3", "1.2.3.4.5",
             "1.2.3.4\n", " 1.2.3.4", "1.2.3.٤", "١.2.3.4", "::1", "fe80::1%eth0", "1.2.3.4/32", "", "1..3.4",
             "999.1.1.1", "+1.2.3.4", "1.2.3.-4", "10.244.1.250"]
NETWORKS = ["10.244.0.0/16", "10.244.0.1/16", "0.0.0.0/0", "1.2.3.4/32", "1.2.3.4/33", "10.0.0.0/08", "10.0.0.0/8",
            "10.0.0.0/ 8", "10.0.0.0/8\n", "10.0.0.0", "10.0.0.0/-1", "10.128.5.0/24", "10.128.5.0/23",
            "10.00.0.0/16", "fd00::/64", "fd00::1/64", "10.0.0.0/٨", "192.168.0.0/255.255.0.0"]


def _verdict(fn, value, *args):
    try:
        fn(value, *args)
    except InvalidValueError as exc:
        return str(exc)
    return None


def _ipaddress_verdict(check, value):
    try:
        check(value)
    except ValueError:
        return "invalid"
    return None


@pytest.mark.parametrize("value", ADDRESSES)
def test_ip_addresses_get_the_verdict_of_ipaddress(value):
    import ipaddress
    want = _ipaddress_verdict(ipaddress.ip_address, value)
    assert _verdict(v.ip_address, value) == (None if want is None else f"IP address {value!r}: must be a valid "
                                                                      f"IP address")


# name: the version a network must be of
VERSIONS = {"any": None, "IPv4": 4, "IPv6": 6}


@pytest.mark.parametrize("version", VERSIONS.values(), ids=VERSIONS.keys())
@pytest.mark.parametrize("value", NETWORKS)
def test_cidrs_get_the_verdict_of_ipaddress(value, version):
    import ipaddress
    try:
        net = ipaddress.ip_network(value, strict=True)
        want = None if not version or net.version == version else f"CIDR {value!r}: must be an IPv{version} network"
    except ValueError as exc:
        want = f"CIDR {value!r}: must be a valid CIDR ({exc})"
    assert _verdict(v.cidr, value, "CIDR", version) == want
