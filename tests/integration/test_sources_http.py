"""HTTP JSON APIs, against a real HTTP server this test starts on a free port."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from analyst_pa.errors import SourceError
from analyst_pa.sources import load

FAST = {"backoff": 0.01}  # keep retry waits tiny
ITEMS = [{"id": i, "name": f"item {i}", "tags": {"colour": "red"}} for i in range(1, 7)]


class _Api(BaseHTTPRequestHandler):
    """A small JSON API with the behaviours the reader must cope with."""

    hits: Counter[str]

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def handle(self) -> None:
        # The reader hangs up on purpose at its size cap or timeout.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.hits[parts.path] += 1
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.answer(404, {"error": "not found"})
        else:
            route(query)

    def answer(
        self,
        status: int,
        body: object,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def route_records(self, query: dict[str, str]) -> None:
        self.answer(200, ITEMS)

    def route_elsewhere(self, query: dict[str, str]) -> None:
        # The same server under another name: a host the caller did not allow.
        port = self.server.server_address[1]
        self.answer(302, b"", {"Location": f"http://localhost:{port}/records"})

    def route_nested(self, query: dict[str, str]) -> None:
        self.answer(200, {"data": {"items": ITEMS}, "meta": {"total": 6}})

    def route_linked(self, query: dict[str, str]) -> None:
        page = int(query.get("page", 1))
        following = f"/linked?page={page + 1}" if page < 3 else None
        rows = ITEMS[2 * (page - 1) : 2 * page]
        self.answer(200, {"data": rows, "links": {"next": following}})

    def route_link_header(self, query: dict[str, str]) -> None:
        page = int(query.get("page", 1))
        headers = (
            {"Link": f'</link-header?page={page + 1}>; rel="next"'} if page < 3 else {}
        )
        self.answer(200, ITEMS[2 * (page - 1) : 2 * page], headers)

    def route_numbered(self, query: dict[str, str]) -> None:
        page = int(query["page"])
        self.answer(200, {"results": ITEMS[2 * (page - 1) : 2 * page]})

    def route_bearer(self, query: dict[str, str]) -> None:
        if self.headers.get("Authorization") == "Bearer s3cret-token":
            self.answer(200, ITEMS)
        else:
            self.answer(401, {"error": "who are you?"})

    def route_basic(self, query: dict[str, str]) -> None:
        expected = "Basic " + base64.b64encode(b"ann:pa55word").decode()
        if self.headers.get("Authorization") == expected:
            self.answer(200, ITEMS)
        else:
            self.answer(401, {"error": "who are you?"})

    def route_flaky(self, query: dict[str, str]) -> None:
        if self.hits["/flaky"] == 1:
            self.answer(503, {"error": "busy"})
        else:
            self.answer(200, ITEMS)

    def route_down(self, query: dict[str, str]) -> None:
        self.answer(503, {"error": "down for maintenance"})

    def route_throttled(self, query: dict[str, str]) -> None:
        if self.hits["/throttled"] == 1:
            self.answer(429, {"error": "slow down"}, {"Retry-After": "1"})
        else:
            self.answer(200, ITEMS)

    def route_throttled_long(self, query: dict[str, str]) -> None:
        self.answer(429, {"error": "come back tomorrow"}, {"Retry-After": "86400"})

    def route_slow(self, query: dict[str, str]) -> None:
        time.sleep(1.5)
        self.answer(200, ITEMS)

    def route_big(self, query: dict[str, str]) -> None:
        self.answer(200, [{"id": i, "pad": "x" * 100} for i in range(20_000)])

    def route_big_unsized(self, query: dict[str, str]) -> None:
        # No Content-Length: the reader must count while it streams.
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"[")
        for i in range(20_000):
            self.wfile.write(json.dumps({"id": i, "pad": "x" * 100}).encode() + b",")
        self.wfile.write(b'{"id": -1}]')

    def route_scalar(self, query: dict[str, str]) -> None:
        self.answer(200, "just a string")

    def route_html(self, query: dict[str, str]) -> None:
        page = b"<!doctype html><html><body>Please log in</body></html>"
        self.answer(200, page, content_type="text/html; charset=utf-8")


@pytest.fixture
def api() -> Iterator[tuple[str, Counter[str]]]:
    """The base URL of a fresh server, and its count of hits per path."""
    hits: Counter[str] = Counter()
    handler = type("Api", (_Api,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_a_list_of_records_becomes_rows_with_dotted_columns(api):
    base, _ = api
    frame = load(f"{base}/records")
    assert frame["id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert frame["tags.colour"].eq("red").all()


def test_allowed_hosts_hold_across_redirects(api):
    base, hits = api
    assert len(load(f"{base}/records", allowed_hosts=("127.0.0.1",))) == 6
    assert len(load(f"{base}/elsewhere")) == 6  # no restriction: followed

    hits.clear()
    with pytest.raises(
        SourceError, match="a request went to 'localhost', which is not an allowed host"
    ):
        load(f"{base}/elsewhere", allowed_hosts=("127.0.0.1",))
    assert hits["/records"] == 0  # the other host was never asked


def test_records_path(api):
    base, _ = api
    assert len(load(f"{base}/nested", records_path="data.items")) == 6


def test_a_wrong_records_path_lists_the_keys(api):
    base, _ = api
    with pytest.raises(
        SourceError, match="no 'rows' under data; the keys there are: items"
    ):
        load(f"{base}/nested", records_path="data.rows")


def test_pagination_by_next_link_in_the_body(api):
    base, hits = api
    frame = load(
        f"{base}/linked",
        paginate="next_link",
        next_path="links.next",
        records_path="data",
    )
    assert frame["id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert hits["/linked"] == 3


def test_pagination_by_link_header(api):
    base, hits = api
    frame = load(f"{base}/link-header", paginate="next_link")
    assert frame["id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert hits["/link-header"] == 3


def test_pagination_by_page_number_stops_at_an_empty_page(api):
    base, hits = api
    frame = load(f"{base}/numbered", paginate="page", page_param="page")
    assert frame["id"].tolist() == [1, 2, 3, 4, 5, 6]
    assert hits["/numbered"] == 4


def test_a_page_parameter_the_api_ignores_is_caught(api):
    base, hits = api
    with pytest.raises(SourceError, match=r"page 2 repeats page 1: .* \?offset="):
        load(f"{base}/records", paginate="page", page_param="offset")
    assert hits["/records"] == 2


def test_max_pages_stops_with_a_clear_error(api):
    base, _ = api
    with pytest.raises(SourceError, match="still more pages after max_pages=2"):
        load(f"{base}/numbered", paginate="page", max_pages=2)


def test_bearer_token(api):
    base, _ = api
    assert len(load(f"{base}/bearer", token="s3cret-token")) == 6


def test_basic_auth(api):
    base, _ = api
    assert len(load(f"{base}/basic", auth=("ann", "pa55word"))) == 6


def test_refused_credentials_say_how_to_pass_them(api):
    base, _ = api
    with pytest.raises(
        SourceError, match=r"HTTP 401 Unauthorized: .*auth=\(user, password\)"
    ):
        load(f"{base}/basic", auth=("ann", "wrong"))


def test_a_503_is_retried(api):
    base, hits = api
    assert len(load(f"{base}/flaky", **FAST)) == 6
    assert hits["/flaky"] == 2


def test_retries_give_up_after_the_attempts(api):
    base, hits = api
    with pytest.raises(
        SourceError, match="gave up after 3 attempts: HTTP 503 Service Unavailable"
    ):
        load(f"{base}/down", **FAST)
    assert hits["/down"] == 3


def test_a_429_waits_what_retry_after_says(api):
    base, hits = api
    start = time.monotonic()
    assert len(load(f"{base}/throttled", **FAST)) == 6
    assert time.monotonic() - start >= 1.0
    assert hits["/throttled"] == 2


def test_a_retry_after_beyond_the_limit_fails_at_once(api):
    base, hits = api
    with pytest.raises(
        SourceError, match="asks to wait 86400 s, longer than max_retry_after"
    ):
        load(f"{base}/throttled-long", **FAST)
    assert hits["/throttled-long"] == 1


def test_timeout(api):
    base, _ = api
    with pytest.raises(SourceError, match=r"no answer within timeout=0.2 s"):
        load(f"{base}/slow", timeout=0.2)


def test_size_cap_from_content_length(api):
    base, _ = api
    with pytest.raises(SourceError, match="the answers exceed max_bytes=10,000"):
        load(f"{base}/big", max_bytes=10_000)


def test_size_cap_while_streaming(api):
    base, _ = api
    with pytest.raises(SourceError, match="the answers exceed max_bytes=10,000"):
        load(f"{base}/big-unsized", max_bytes=10_000)
    assert len(load(f"{base}/big-unsized")) == 20_001


def test_a_json_scalar_is_not_tabular(api):
    base, _ = api
    with pytest.raises(
        SourceError, match="found a JSON string; the answer is not tabular"
    ):
        load(f"{base}/scalar")


def test_html_is_not_json(api):
    base, _ = api
    with pytest.raises(
        SourceError, match=r"the answer is HTML \(text/html.*login page"
    ):
        load(f"{base}/html")


def test_not_found(api):
    base, _ = api
    with pytest.raises(SourceError, match="HTTP 404 Not Found; check the URL"):
        load(f"{base}/nothing-here")


def test_an_unreachable_host_is_retried_then_reported():
    with socket.socket() as probe:  # a port that was free a moment ago: closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceError, match=r"gave up after 2 attempts: cannot connect"):
        load(f"http://127.0.0.1:{port}/records", attempts=2, **FAST)


def test_secrets_never_show_in_messages(api):
    base, _ = api
    with pytest.raises(SourceError) as caught:
        load(f"{base}/nothing?api_key=hunter2", token="s3cret-token")
    assert "hunter2" not in str(caught.value)
    assert "api_key=***" in str(caught.value)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"paginate": "cursor"}, "paginate must be one of next_link, page"),
        ({"auth": "ann:pw"}, "auth must be a \\(user, password\\) pair"),
        ({"auth": ("a", "b"), "token": "t"}, "either auth= .* or token="),
        ({"timeout": 0}, "timeout must be a number above zero"),
        ({"page_size": 10}, "an HTTP source takes no option 'page_size'"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(SourceError, match=message):
        load("http://127.0.0.1:9/x", **options)
