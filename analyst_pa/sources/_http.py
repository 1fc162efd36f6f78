"""Read the records of an HTTP JSON API through httpx.

One GET per page. An answer of 429 or 5xx, or a dropped connection, is asked
again with exponential back-off (tenacity), waiting what ``Retry-After`` says
when the server says it. Answers are streamed and counted against
``max_bytes`` across all pages, so a runaway API cannot fill the memory. The
records of every page (see :mod:`._json`) become rows of one DataFrame.

Pages follow one of two styles: ``paginate="next_link"`` follows a link to
the next page (the ``Link`` header, or ``next_path`` in the answer), and
``paginate="page"`` counts ``?page=1, 2, …`` until a page holds no records.
"""

from __future__ import annotations

import dataclasses
import email.utils
import fnmatch
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import tenacity

from analyst_pa.errors import SourceError
from analyst_pa.sources._json import find_records, parse_json, records_frame
from analyst_pa.sources._options import check_options, positive_number
from analyst_pa.sources._redact import redact, redact_text, secrets_in

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_MAX_BYTES", "read_http"]

DEFAULT_MAX_BYTES = 100 * 1024**2
_PAGINATIONS = ("next_link", "page")
_CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class Settings:
    """The options of an HTTP source, with their defaults."""

    records_path: str | None = None
    paginate: str | None = None
    next_path: str | None = None
    page_param: str = "page"
    page_start: int = 1
    max_pages: int = 1000
    auth: tuple[str, str] | None = None
    token: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    attempts: int = 3
    backoff: float = 0.5
    max_retry_after: float = 60.0
    allowed_hosts: tuple[str, ...] | None = None


def read_http(source: str, **options: Any) -> pd.DataFrame:
    """Return the records an HTTP JSON API answers with, from every page.

    Parameters
    ----------
    source : str
        An ``http://`` or ``https://`` URL answering JSON.
    **options
        ``records_path`` (dotted path to the records in each answer, such as
        ``"data.items"``); ``paginate`` (``"next_link"`` or ``"page"``),
        ``next_path`` (dotted path to the next page's URL; by default the
        ``Link`` header, then ``next`` or ``links.next``), ``page_param``
        (default ``"page"``), ``page_start`` (1), ``max_pages`` (1000);
        ``auth`` (``(user, password)``, basic) or ``token`` (bearer);
        ``headers`` and ``params`` sent with every request; ``timeout``
        (seconds, 30); ``max_bytes`` (across pages, 100 MB); ``attempts``
        (3), ``backoff`` (seconds before the first retry, doubling: 0.5) and
        ``max_retry_after`` (the longest ``Retry-After`` honoured, 60 s).

    Returns
    -------
    pandas.DataFrame
        One row per record; nested objects become dotted columns.
    """
    shown = redact(source)
    names = [setting.name for setting in dataclasses.fields(Settings)]
    check_options(source, options, names, "an HTTP source")
    settings = _settings(options, shown)
    secrets = [*secrets_in(source), settings.token or "", *(settings.auth or ("", ""))]

    headers = dict(settings.headers or {})
    if settings.token:
        headers["Authorization"] = f"Bearer {settings.token}"
    hooks = {"request": [_host_check(settings.allowed_hosts, shown)]}
    with httpx.Client(
        auth=httpx.BasicAuth(*settings.auth) if settings.auth else None,
        headers=headers,
        params=dict(settings.params or {}),
        timeout=settings.timeout,
        follow_redirects=True,
        event_hooks=hooks if settings.allowed_hosts is not None else None,
    ) as client:
        fetcher = _Fetcher(client, settings, shown, secrets)
        return records_frame(list(_records(fetcher, source)))


def host_allowed(host: str, patterns: Sequence[str]) -> bool:
    """Whether ``host`` matches one of ``patterns`` (``api.example.com``,
    ``*.example.com`` or another glob)."""
    host = host.lower()
    for pattern in (p.lower().strip() for p in patterns):
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
        if host == pattern or ("*" in pattern and fnmatch.fnmatchcase(host, pattern)):
            return True
    return False


def _host_check(patterns: Sequence[str] | None, shown: str) -> Any:
    def check(request: httpx.Request) -> None:
        host = request.url.host
        if patterns is not None and not host_allowed(host, patterns):
            raise SourceError(
                shown,
                f"a request went to {host!r}, which is not an allowed host (a "
                "redirect or a next-page link can lead there); the allowed hosts "
                f"are: {', '.join(patterns) or 'none'}",
            )

    return check


def _settings(options: dict[str, Any], shown: str) -> Settings:
    settings = Settings(**options)
    if settings.paginate not in (None, *_PAGINATIONS):
        raise SourceError(
            shown,
            f"paginate must be one of {', '.join(_PAGINATIONS)} (or None), "
            f"got {settings.paginate!r}",
        )
    if settings.auth is not None and not _is_pair_of_text(settings.auth):
        raise SourceError(shown, "auth must be a (user, password) pair of strings")
    if settings.auth and settings.token:
        raise SourceError(
            shown, "give either auth= (basic) or token= (bearer), not both"
        )
    for name in ("timeout", "max_bytes", "attempts", "max_pages"):
        positive_number(shown, name, getattr(settings, name))
    if settings.backoff < 0 or settings.max_retry_after < 0:
        raise SourceError(shown, "backoff and max_retry_after must not be negative")
    return settings


def _is_pair_of_text(value: Any) -> bool:
    return (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(isinstance(part, str) for part in value)
    )


def _records(fetcher: _Fetcher, source: str) -> Iterator[dict[str, Any]]:
    settings, shown = fetcher.settings, fetcher.shown
    if settings.paginate == "page":
        yield from _numbered_pages(fetcher, httpx.URL(source))
    elif settings.paginate == "next_link":
        yield from _linked_pages(fetcher, httpx.URL(source))
    else:
        document, _ = fetcher.get(httpx.URL(source))
        yield from find_records(document, shown, settings.records_path)


def _numbered_pages(fetcher: _Fetcher, url: httpx.URL) -> Iterator[dict[str, Any]]:
    settings = fetcher.settings
    first, previous = settings.page_start, None
    for page in range(first, first + settings.max_pages):
        document, _ = fetcher.get(url.copy_set_param(settings.page_param, page))
        records = find_records(document, fetcher.shown, settings.records_path)
        if not records:
            return
        if records == previous:
            raise SourceError(
                fetcher.shown,
                f"page {page} repeats page {page - 1}: the API seems to ignore "
                f"?{settings.page_param}=; set page_param= to the parameter it reads",
            )
        yield from records
        previous = records
    raise _too_many_pages(fetcher)


def _linked_pages(fetcher: _Fetcher, url: httpx.URL) -> Iterator[dict[str, Any]]:
    settings = fetcher.settings
    seen = {str(url)}
    for _ in range(settings.max_pages):
        document, response = fetcher.get(url)
        yield from find_records(document, fetcher.shown, settings.records_path)
        link = _next_link(document, response, settings.next_path, fetcher.shown)
        if not link:
            return
        url = response.url.join(link)
        if str(url) in seen:
            return  # a page that links back: the end, not a loop
        seen.add(str(url))
    raise _too_many_pages(fetcher)


def _next_link(
    document: Any, response: httpx.Response, next_path: str | None, shown: str
) -> str | None:
    if next_path:
        link = _lookup(document, next_path)
    else:
        link = (
            response.links.get("next", {}).get("url")
            or _lookup(document, "next")
            or _lookup(document, "links.next")
        )
    if link is not None and not isinstance(link, str):
        raise SourceError(
            shown,
            f"the next page's link at {next_path or 'next'!r} is a "
            f"{type(link).__name__}, expected a URL; set next_path= to the URL "
            "itself, e.g. 'links.next.href'",
        )
    return link or None


def _lookup(document: Any, path: str) -> Any:
    node = document
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _too_many_pages(fetcher: _Fetcher) -> SourceError:
    return SourceError(
        fetcher.shown,
        f"still more pages after max_pages={fetcher.settings.max_pages}; pass a "
        "larger max_pages to read them all",
    )


class _Retryable(Exception):
    """An answer or failure worth asking again for (429, 5xx, connection)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Fetcher:
    """GETs JSON answers, retrying, and counting their bytes against the cap."""

    def __init__(
        self, client: httpx.Client, settings: Settings, shown: str, secrets: list[str]
    ) -> None:
        self.client = client
        self.settings = settings
        self.shown = shown
        self.secrets = secrets
        self.spent = 0

    def get(self, url: httpx.URL) -> tuple[Any, httpx.Response]:
        """Return the parsed JSON answer at ``url`` and its response."""
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Retryable),
            reraise=True,
        )
        try:
            body, response = retrying(self._get_once, url)
        except _Retryable as exc:
            raise SourceError(
                self.shown,
                f"gave up after {self.settings.attempts} attempts: {exc.reason}; "
                "check that the server is up, or try again later",
            ) from exc
        self.spent += len(body)
        return self._document(body, response), response

    def _wait(self, state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, _Retryable) and failure.retry_after is not None:
            return failure.retry_after
        return float(self.settings.backoff * 2 ** (state.attempt_number - 1))

    def _get_once(self, url: httpx.URL) -> tuple[bytes, httpx.Response]:
        try:
            with self.client.stream("GET", url) as response:
                self._check_status(response)
                return self._read_capped(response), response
        except _CONNECTION_ERRORS as exc:
            raise _Retryable(f"cannot connect ({self._reason(exc)})") from exc
        except httpx.TimeoutException as exc:
            raise SourceError(
                self.shown,
                f"no answer within timeout={self.settings.timeout} s; pass a larger "
                "timeout= or check the server",
            ) from exc
        except httpx.HTTPError as exc:
            raise SourceError(
                self.shown, f"the request failed: {self._reason(exc)}"
            ) from exc

    def _check_status(self, response: httpx.Response) -> None:
        status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = _retry_after(response)
            if retry_after is not None and retry_after > self.settings.max_retry_after:
                raise SourceError(
                    self.shown,
                    f"{status}: the server asks to wait {retry_after:.0f} s, longer "
                    f"than max_retry_after={self.settings.max_retry_after} s; try "
                    "again later",
                )
            raise _Retryable(status, retry_after)
        if response.status_code in (401, 403):
            raise SourceError(
                self.shown,
                f"{status}: the server refused access; pass auth=(user, password) "
                "or token='…' with credentials it accepts",
            )
        if response.is_error:
            raise SourceError(self.shown, f"{status}; check the URL")

    def _read_capped(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes - self.spent
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise self._too_large(int(length))

        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise self._too_large(size)  # stop reading: the rest is not fetched
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, size: int) -> SourceError:
        return SourceError(
            self.shown,
            f"the answers exceed max_bytes={self.settings.max_bytes:,} (at least "
            f"{self.spent + size:,} bytes); pass a larger max_bytes, or ask the "
            "API for less (filters, smaller pages)",
        )

    def _document(self, body: bytes, response: httpx.Response) -> Any:
        content_type = response.headers.get("content-type", "no content type")
        if not body.strip():
            raise SourceError(
                self.shown, f"HTTP {response.status_code}: the answer is empty"
            )
        if "html" in content_type or body.lstrip()[:1] == b"<":
            raise SourceError(
                self.shown,
                f"the answer is HTML ({content_type}), not JSON; check the URL: it "
                "may be a web page or a login page rather than the API",
            )
        return parse_json(body, self.shown, where="the answer")

    def _reason(self, exc: Exception) -> str:
        return redact_text(str(exc) or type(exc).__name__, self.secrets)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)
