"""HTTP for the endpoint client: an httpx client, tenacity retries, and credentials sent only when asked for.

Why httpx and tenacity (rather than requests with urllib3's ``Retry``): whether a 5xx answer is
worth another try depends on its body. Virtuoso answers a deadlock and a syntax error alike with
500 and names the cause only in the body (``profiles.is_transient``); urllib3 decides to retry on
the status, before the body is read, while tenacity retries on a predicate over the whole answer.
httpx follows no redirect unless asked (kg reports a redirect instead of following it), and its
``DigestAuth`` keeps the last challenge, so once a path has been challenged the credentials go up
front and a retry never re-sends a body only to be challenged again.

Retries (``RetryPolicy``): transport errors (refused, reset, timed out) and transient 5xx answers
are tried again, up to ``retries`` times; each wait is drawn between half and all of
``base_delay`` doubled per retry and capped at ``max_delay``, unless the answer sent
``Retry-After`` seconds (then those, capped at ``max_delay``). 4xx answers are never retried.

Credentials (``profiles.find_credentials``) are looked up only when a host first answers 401, and
answered with httpx's digest or basic authentication, whichever the server asked for; a wrong
password fails at once (one 401 more) instead of looping.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import tenacity
from tenacity import (RetryCallState, retry_if_exception_type, retry_if_result, stop_after_attempt,
                      wait_exponential, wait_random_exponential)
from tenacity.wait import wait_base

from kg.remote.profiles import Credentials, find_credentials, is_transient

USER_AGENT = "kg (SPARQL client)"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential back-off with jitter (or the server's Retry-After), ``retries`` times at most."""

    retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def retrying(self, on_retry: Callable[[], None]) -> tenacity.Retrying:
        """A tenacity loop for one request: calling it with the request returns the last answer, or
        raises the last ``httpx.TransportError``; ``on_retry`` is called before each wait."""
        half, cap = self.base_delay / 2, self.max_delay / 2
        backoff = (wait_exponential(multiplier=half, max=cap)                 # half the ceiling,
                   + wait_random_exponential(multiplier=half, max=cap))      # plus up to as much again
        return tenacity.Retrying(
            stop=stop_after_attempt(self.retries + 1),
            wait=_RetryAfter(self.max_delay, backoff),
            retry=retry_if_exception_type(httpx.TransportError) | retry_if_result(_transient),
            before_sleep=lambda state: on_retry(),
            retry_error_callback=lambda state: state.outcome.result())


def _transient(answer: httpx.Response) -> bool:
    return is_transient(answer.status_code, answer.content)


class _RetryAfter(wait_base):
    """The answer's ``Retry-After`` seconds (at most ``cap``) when it sent them, else ``backoff``."""

    def __init__(self, cap: float, backoff: wait_base) -> None:
        self.cap = cap
        self.backoff = backoff

    def __call__(self, state: RetryCallState) -> float:
        if state.outcome is not None and not state.outcome.failed:
            value = state.outcome.result().headers.get("retry-after", "").strip()
            if value.isdigit():
                return min(self.cap, float(value))
        return self.backoff(state)


def attempts_made(retrying: tenacity.Retrying) -> int:
    """The retries a finished ``RetryPolicy.retrying`` loop made."""
    return retrying.statistics.get("attempt_number", 1) - 1


class ChallengeAuth(httpx.Auth):
    """Finds a host's credentials when it first answers 401 and answers the challenge with httpx's
    ``DigestAuth`` or ``BasicAuth``, which from then on authorise that path up front."""

    def __init__(self) -> None:
        self.credentials: dict[str, Credentials | None] = {}        # by host, once looked up
        self._schemes: dict[tuple[str, str], httpx.Auth] = {}       # by (host:port, path)

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        key = (request.url.netloc.decode("ascii"), request.url.path)
        if key in self._schemes:
            yield from self._schemes[key].auth_flow(request)
            return
        response = yield request
        scheme = self._scheme(request.url.host, response)
        if scheme is None:
            return
        self._schemes[key] = scheme
        flow = scheme.auth_flow(request)
        authorised = next(flow)
        if "authorization" not in authorised.headers:       # digest: give it the challenge in hand
            authorised = flow.send(response)
        yield authorised

    def _scheme(self, host: str, response: httpx.Response) -> httpx.Auth | None:
        if response.status_code != 401:
            return None
        if host not in self.credentials:
            self.credentials[host] = find_credentials(host)
        found = self.credentials[host]
        if found is None:
            return None
        offered = [value.strip().lower() for value in response.headers.get_list("www-authenticate")]
        if any(value.startswith("digest ") and "nonce=" in value for value in offered):
            return httpx.DigestAuth(found.user, found.password)
        if any(value.startswith("basic") for value in offered):
            return httpx.BasicAuth(found.user, found.password)
        return None


def open_client(auth: ChallengeAuth, timeout: float) -> httpx.Client:
    """An httpx client as kg's ``http.client`` one was: the system's CA certificates, no proxy
    from the environment, no redirect followed, ``timeout`` seconds for each step."""
    return httpx.Client(auth=auth, timeout=timeout, headers={"User-Agent": USER_AGENT},
                        verify=ssl.create_default_context(), trust_env=False, follow_redirects=False)


def reason(exc: httpx.TransportError) -> str:
    """Why a request got no answer, in a few words."""
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, (ConnectionResetError, BrokenPipeError)):
            return "the connection was closed"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.RemoteProtocolError) and "disconnected" in str(exc):
        return "the connection was closed"
    return str(exc) or type(exc).__name__
