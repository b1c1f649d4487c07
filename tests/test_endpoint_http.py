"""The endpoint client's HTTP behaviour (retries, Retry-After, redirects, basic and digest
authentication, timeouts, dropped connections) against a small real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import gc
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import EndpointError
from kg.remote.endpoint import Endpoint, EndpointRefused, EndpointUnreachable, RetryPolicy, query

pytestmark = pytest.mark.usefixtures("no_ambient_credentials")

GRAPH = "http://example.org/g"
TRIPLE = b'<http://example.org/s> <http://example.org/p> "o" .\n'
ASK_TRUE = (200, {"Content-Type": "application/sparql-results+json"}, json.dumps({"boolean": True}).encode())
DEADLOCK = (500, {"Content-Type": "text/plain"}, b"Virtuoso 40001 Error SR172: Transaction deadlocked")
UNAVAILABLE = (503, {"Content-Type": "text/plain"}, b"Service Unavailable")


@dataclass(frozen=True, slots=True)
class Seen:
    """One request as the server received it."""

    at: float
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], bytes]


class LocalServer:
    """An HTTP/1.1 server in a thread that answers each request with ``respond(seen)`` (None:
    close the connection without answering) and records what it received."""

    def __init__(self, respond: Callable[[Seen], Answer | None]) -> None:
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen = Seen(time.monotonic(), self.command, self.path, dict(self.headers.items()), body)
                server.seen.append(seen)
                reply = respond(seen)
                if reply is None:
                    self.close_connection = True
                    return
                status, headers, content = reply
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(content))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_PUT = do_POST = answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def gaps(self) -> list[float]:
        """Seconds between one request and the next."""
        return [b.at - a.at for a, b in zip(self.seen, self.seen[1:])]


@pytest.fixture
def serve():
    """Start LocalServers; each is shut down when the test ends."""
    # Collect earlier tests' garbage here: pyoxigraph objects may only be freed on the thread that
    # made them, and a collection that ran on a server thread would free them there.
    gc.collect()
    started: list[LocalServer] = []

    def start(respond: Callable[[Seen], Answer | None]) -> LocalServer:
        started.append(LocalServer(respond))
        return started[-1]

    yield start
    for server in started:
        server.httpd.shutdown()
        server.httpd.server_close()


def scripted(*answers: Answer) -> Callable[[Seen], Answer]:
    """Give the answers in turn, then the last one again and again."""
    queue = list(answers)
    return lambda seen: queue.pop(0) if len(queue) > 1 else queue[0]


def test_transient_answers_are_retried_after_growing_waits(serve):
    server = serve(scripted(UNAVAILABLE, DEADLOCK, ASK_TRUE))
    endpoint = Endpoint(server.url, profile="oxigraph", retry=RetryPolicy(retries=3, base_delay=0.2, max_delay=0.3))
    assert query(endpoint, "ASK {}").boolean is True
    assert endpoint.retries == 2 and len(server.seen) == 3
    first, second = server.gaps()
    assert first >= 0.1 and second >= 0.15        # at least half of 0.2 s, then of 0.4 s capped at 0.3 s


def test_retries_run_out_on_the_last_answer(serve):
    server = serve(scripted(UNAVAILABLE))
    endpoint = Endpoint(server.url, profile="oxigraph", retry=RetryPolicy(retries=2, base_delay=0.01))
    with pytest.raises(EndpointRefused, match=r"failed: HTTP 503 \(after 2 retries\): Service Unavailable"):
        endpoint.put_graph(GRAPH, TRIPLE)
    assert len(server.seen) == 3 and all(seen.body == TRIPLE for seen in server.seen)


@pytest.mark.parametrize("retry_after, max_delay, at_least, below", [("1", 8.0, 0.95, 8.0), ("120", 0.2, 0.0, 60.0)])
def test_retry_after_is_honoured_up_to_the_longest_wait(serve, retry_after, max_delay, at_least, below):
    busy = (503, {"Retry-After": retry_after}, b"busy")
    server = serve(scripted(busy, ASK_TRUE))
    endpoint = Endpoint(server.url, profile="oxigraph",
                        retry=RetryPolicy(retries=1, base_delay=0.01, max_delay=max_delay))
    assert query(endpoint, "ASK {}").boolean is True
    assert at_least <= server.gaps()[0] < below


@pytest.mark.parametrize("answer", [
    (429, {"Retry-After": "1"}, b"Too Many Requests"),
    (400, {"Content-Type": "text/plain"}, b"Parser error at line 1"),
    (500, {"Content-Type": "text/plain"}, b"Virtuoso 22023 Error SR601: unsupported type"),
], ids=["429", "400", "virtuoso-lasting-500"])
def test_client_errors_and_lasting_server_errors_are_not_retried(serve, answer):
    server = serve(scripted(answer))
    endpoint = Endpoint(server.url, profile="oxigraph", retry=RetryPolicy(retries=3, base_delay=0.01))
    with pytest.raises(EndpointRefused) as caught:
        endpoint.put_graph(GRAPH, TRIPLE)
    assert caught.value.status == answer[0] and endpoint.retries == 0 and len(server.seen) == 1
    assert "after" not in str(caught.value)


def test_a_redirect_is_reported_not_followed(serve):
    server = serve(scripted((301, {"Location": "/elsewhere/query?x=1"}, b"")))
    endpoint = Endpoint(server.url, profile="oxigraph")
    with pytest.raises(EndpointRefused, match=rf"redirected to {server.url}/elsewhere/query \(HTTP 301\): "
                                              "give that URL as the endpoint"):
        query(endpoint, "ASK {}")
    assert len(server.seen) == 1


def test_a_timeout_and_a_dropped_connection_say_so(serve):
    slow = serve(lambda seen: time.sleep(1.0))       # then closes without answering
    endpoint = Endpoint(slow.url, profile="oxigraph", timeout=0.2, retry=RetryPolicy(retries=0))
    with pytest.raises(EndpointUnreachable, match=r"cannot reach .*/query: timed out$"):
        query(endpoint, "ASK {}")
    dropping = serve(lambda seen: None)
    endpoint = Endpoint(dropping.url, profile="oxigraph", retry=RetryPolicy(retries=1, base_delay=0.01))
    with pytest.raises(EndpointUnreachable, match=r"the connection was closed \(after 1 retry\)"):
        query(endpoint, "ASK {}")
    assert len(dropping.seen) == 2


def _challenging(scheme: str, accept: Callable[[str], bool]) -> Callable[[Seen], Answer]:
    def respond(seen: Seen) -> Answer:
        if accept(seen.headers.get("Authorization", "")):
            return 204, {}, b""
        return 401, {"WWW-Authenticate": scheme}, b"Unauthorized"
    return respond


BASIC = _challenging('Basic realm="kg"', lambda value: value == "Basic " + base64.b64encode(b"dba:dba").decode())
DIGEST = _challenging('Digest realm="kg", nonce="4c0d8e1f", qop="auth", algorithm=MD5',
                      lambda value: value.startswith('Digest username="dba"') and 'nonce="4c0d8e1f"' in value)


@pytest.mark.parametrize("respond", [BASIC, DIGEST], ids=["basic", "digest"])
def test_credentials_go_when_asked_then_up_front(serve, monkeypatch, respond):
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "dba")
    server = serve(respond)
    endpoint = Endpoint(server.url, profile="oxigraph")
    endpoint.put_graph(GRAPH, TRIPLE)
    endpoint.put_graph(GRAPH, TRIPLE, append=True)
    assert "Authorization" not in server.seen[0].headers           # nothing sent before the server asks
    assert [seen.method for seen in server.seen] == ["PUT", "PUT", "POST"]     # one challenge in all
    assert endpoint.retries == 0


@pytest.mark.parametrize("respond", [BASIC, DIGEST], ids=["basic", "digest"])
def test_wrong_credentials_fail_at_once_without_the_password(serve, monkeypatch, respond):
    monkeypatch.setenv("KG_ENDPOINT_USER", "mallory")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "Wr0ng-pa55")
    server = serve(respond)
    with pytest.raises(EndpointRefused) as caught:
        Endpoint(server.url, profile="oxigraph").put_graph(GRAPH, TRIPLE)
    assert caught.value.status == 401 and len(server.seen) == 2
    assert "refused user 'mallory' (from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD)" in str(caught.value)
    assert "Wr0ng" not in str(caught.value)


def test_half_set_credentials_are_asked_for_only_when_needed(serve, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    assert query(Endpoint(serve(scripted(ASK_TRUE)).url, profile="oxigraph"), "ASK {}").boolean is True
    with pytest.raises(EndpointError, match="set both KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD"):
        Endpoint(serve(BASIC).url, profile="oxigraph").put_graph(GRAPH, TRIPLE)
