"""Parsing the URLs a user routes: ``http://shop.example.com/api/x``, ``http://10.96.0.12:80/``, ``api.shop``."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from explorer.net.text import Text


@dataclass(frozen=True)
class Target:
    scheme: str   # http | https
    host: str     # lower-case, no trailing dot
    port: int
    path: str     # always starts with "/"
    header: str = ""   # Host header when it differs from ``host`` (curl -H 'Host: ...')

    @property
    def host_header(self) -> str:
        return self.header or self.host

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
            return True
        except ValueError:
            return False

    def __str__(self) -> str:
        default = 443 if self.scheme == "https" else 80
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.path}"


def parse_url(url: str) -> Target:
    """Parse ``url``; a missing scheme means http. Raises ValueError with a one-line message (its argument is a
    :class:`~explorer.net.text.Text`, so the UI can show it in its language)."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(Text("url {url}: scheme must be http or https", url=repr(url)))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(Text("url {url}: no host", url=repr(url)))
    try:
        port = parts.port
    except ValueError:
        raise ValueError(Text("url {url}: port must be a number between 1 and 65535", url=repr(url))) from None
    if port is None:
        port = 443 if scheme == "https" else 80
    if not 1 <= port <= 65535:
        raise ValueError(Text("url {url}: port must be a number between 1 and 65535", url=repr(url)))
    return Target(scheme, host.lower(), port, parts.path or "/")
