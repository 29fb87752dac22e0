"""A small, polite HTTP client on the standard library, for the official repository.

Only GET, one request at a time, a User-Agent naming kamerlezer and its version, a timeout on
every request, redirects followed, bounded retries on 429 and 503 (honouring Retry-After, capped),
a size cap, and a body that breaks off is an error, never a short document. What the site
answers with an error page (a redirect to `Errors/404`, an HTML page where a file was asked
for) is "not found", as a 404 is.
"""

from __future__ import annotations

import email.utils
import http.client
import importlib.metadata
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from store.decoding import MAX_BYTES
from store.errors import KamerlezerError

TIMEOUT = 20.0  # seconds, for each request ($KAMERLEZER_FETCH_TIMEOUT)
RETRIES = 3  # after the first attempt, on 429 and 503 only
MAX_WAIT = 30.0  # the longest wait a Retry-After is honoured for
_CHUNK = 64 * 1024


class FetchError(KamerlezerError):
    """A download that did not give the file: its str is the problem in one line (no key)."""


class NotFound(FetchError):
    def __init__(self, url: str) -> None:
        super().__init__(f"not found at {url}")
        self.url = url


class Cancelled(FetchError):
    """The user stopped it (the reader's Escape): nothing was kept of what had come."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class Unreachable(FetchError):
    def __init__(self, url: str, reason: str) -> None:
        host = urllib.parse.urlsplit(url).netloc or url
        super().__init__(f"could not reach {host} ({reason})")
        self.url = url


def user_agent() -> str:
    try:
        version = importlib.metadata.version("kamerlezer")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        version = "0"
    return f"kamerlezer/{version} (a terminal reader for Dutch parliamentary papers)"


def _timeout_from_env() -> float:
    try:
        value = float(os.environ.get("KAMERLEZER_FETCH_TIMEOUT", ""))
    except ValueError:
        return TIMEOUT
    return value if value > 0 else TIMEOUT


@dataclass(frozen=True)
class Response:
    url: str  # the final address, after redirects
    content_type: str
    body: bytes


@dataclass
class Client:
    timeout: float = field(default_factory=_timeout_from_env)
    retries: int = RETRIES
    max_wait: float = MAX_WAIT
    max_bytes: int = MAX_BYTES
    sleep: Callable[[float], None] = time.sleep
    cancel: threading.Event | None = None  # once set, the request under way stops (Cancelled)

    def __post_init__(self) -> None:
        # The default handlers: redirects followed (at most 10), proxies from the environment.
        self._opener = urllib.request.build_opener()
        self._agent = user_agent()

    def get(self, url: str) -> Response:
        """The body at `url`; FetchError (NotFound, Unreachable) when there is none, whole."""
        for attempt in range(self.retries + 1):
            self._check_cancel()
            try:
                return self._once(url)
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code == 404 or exc.code == 410 or _soft_404(exc.geturl() or url):
                    raise NotFound(url) from None
                if exc.code in (429, 503) and attempt < self.retries:
                    self._pause(self._wait(exc.headers.get("Retry-After"), attempt))
                    continue
                raise FetchError(f"the server answered {exc.code} {exc.reason} at {url}") from None
            except urllib.error.URLError as exc:
                raise Unreachable(url, _reason(exc.reason)) from None
            except TimeoutError:
                raise Unreachable(url, f"no answer within {self.timeout:g} s") from None
            except http.client.IncompleteRead as exc:
                raise FetchError(f"the download broke off at {url} ({len(exc.partial)} bytes received)") from None
            except (http.client.HTTPException, ConnectionError) as exc:
                raise FetchError(f"the download broke off at {url} ({_reason(exc)})") from None
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled

    def _pause(self, seconds: float) -> None:
        """Wait before a retry; a cancel ends the wait at once."""
        if self.cancel is None:
            self.sleep(seconds)
        elif self.cancel.wait(seconds):
            raise Cancelled

    def _wait(self, retry_after: str | None, attempt: int) -> float:
        wait = float(2**attempt)  # 1, 2, 4 s when the server does not say
        if retry_after:
            text = retry_after.strip()
            if text.isdigit():
                wait = float(text)
            else:
                when = email.utils.parsedate_to_datetime(text) if text else None
                if when is not None:
                    wait = when.timestamp() - time.time()
        return max(0.0, min(wait, self.max_wait))

    def _once(self, url: str) -> Response:
        request = urllib.request.Request(url, headers={"User-Agent": self._agent, "Accept": "*/*"}, method="GET")
        with self._opener.open(request, timeout=self.timeout) as resp:
            final = resp.geturl()
            if _soft_404(final):
                raise NotFound(url)
            declared = resp.headers.get("Content-Length")
            length = int(declared) if declared and declared.strip().isdigit() else None
            if length is not None and length > self.max_bytes:
                raise FetchError(f"{url} is too large ({length} bytes; at most {self.max_bytes})")
            body = bytearray()
            while chunk := resp.read(_CHUNK):
                self._check_cancel()
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(f"{url} is too large (more than {self.max_bytes} bytes)")
            if length is not None and len(body) != length:
                raise FetchError(f"the download broke off at {url} ({len(body)} of {length} bytes received)")
            return Response(final, resp.headers.get_content_type(), bytes(body))


def _soft_404(url: str) -> bool:
    return "errors/404" in urllib.parse.urlsplit(url).path.lower()


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or reason.__class__.__name__
