"""A real HTTP server on 127.0.0.1 for the tests that go online: it serves what `routes` says,
in a thread, and records every request. No test reaches the internet.

One server stands for the three sources: the official site at its root, the repository (its
SRU search at `/repo/sru`) and the Tweede Kamer's open data under `/tk`. `fetch_env(base)` points
kamerlezer at them, as a user points it at a mirror.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"
OFFICIAL = DATA / "official"
FETCH = DATA / "fetch"

# What the server does for a path (query included, %-escapes undone): (status, headers, body),
# or a function of the handler for anything else (a cut-off body, a redirect, a wait).
Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]

REPO = "/repo"  # the repository's base under the server
TK = "/tk"  # the open data's base under the server


class Site:
    def __init__(self, base: str = "") -> None:
        self.base = base
        self.routes: dict[str, Route] = {
            "/Errors/404.htm": (200, {"Content-Type": "text/html"}, b"<html><body><h1>Pagina niet gevonden</h1>"),
        }
        self.requests: list[tuple[str, str, str]] = []  # (method, path as sent, user agent)

    def add(self, path: str, body: bytes, content_type: str = "application/xml", status: int = 200) -> None:
        self.routes[path] = (status, {"Content-Type": content_type}, body)

    def paths(self) -> list[str]:
        return [urllib.parse.unquote(p) for _, p, _ in self.requests]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            site.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            # The exact path and query first; else the path alone (a route that reads the query).
            route = (
                site.routes.get(urllib.parse.unquote(self.path))
                or site.routes.get(self.path)
                or site.routes.get(urllib.parse.urlsplit(self.path).path)
            )
            if route is None:
                self.send_error(404)
            elif callable(route):
                route(self)
            else:
                status, headers, body = route
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving(site: Site | None = None) -> Iterator[tuple[Site, str]]:
    site = site or Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site, site.base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def fetch_env(base: str, **more: str) -> dict[str, str]:
    """The environment of a kamerlezer pointed at the server (proxies taken out: a test's
    requests must not leave the machine)."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["KAMERLEZER_OFFICIAL_URL"] = base
    env["KAMERLEZER_REPOSITORY_URL"] = base + REPO
    env["KAMERLEZER_TK_API_URL"] = base + TK
    env["KAMERLEZER_FETCH_TIMEOUT"] = "5"
    env.update(more)
    return env


def cut_short(body: bytes, content_type: str = "application/pdf") -> Route:
    """A route that promises the whole body and sends half of it, then hangs up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True

    return route


def to_error_page(location: str = "/Errors/404.htm") -> Route:
    """A route that redirects to the site's error page, as the official site does for a 404."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def free_port() -> int:
    """A port nothing listens on: the network down."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
