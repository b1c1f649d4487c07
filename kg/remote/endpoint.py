"""A SPARQL 1.1 Protocol and Graph Store Protocol client: query, count graphs, push a store.

HTTP, retries and authentication are httpx's and tenacity's (kg.remote.transport says why those
and how they are set up); this module builds the URLs a server profile asks for, turns answers
into results, and failures into messages that say what to do. Credentials come from
``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD``, else from the netrc file (``$NETRC`` or
``~/.netrc``) entry of the host; they never appear in messages, logs or URLs shown.

Retries: connection errors, timeouts and 5xx answers are tried again (``RetryPolicy``); 4xx
answers never are, nor 5xx answers in which Virtuoso names a lasting cause (a syntax or data
error rather than a deadlock). A redirect is reported, not followed.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox

from kg.errors import EndpointError
from kg.remote.profiles import (Profile, base_url, check_url, display_url, error_detail, get_profile,
                                profile_from_server_header, query_form, strict_json, with_params)
from kg.remote.transport import ChallengeAuth, RetryPolicy, attempts_made, open_client, reason

__all__ = ["COUNT_PAGE", "DEFAULT_BATCH", "Endpoint", "EndpointRefused", "EndpointUnreachable",
           "RemoteResult", "RetryPolicy", "count_graphs", "query"]

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
DEFAULT_BATCH = 50_000      # triples per request; a larger graph is sent as a PUT and then POSTs
COUNT_PAGE = 10_000         # rows per page when counting graphs (Virtuoso's default row cap)
_LONG_QUERY = 1_500         # characters: longer queries are POSTed rather than put in the URL


class EndpointUnreachable(EndpointError):
    """No answer from the endpoint (refused, reset, timed out), even after the retries."""


class EndpointRefused(EndpointError):
    """The endpoint answered with an error status."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


# -- the endpoint ---------------------------------------------------------------------------

class Endpoint:
    """A remote store: its URLs (from a profile, detected on first use unless named), HTTP with
    authentication and retries. Nothing is sent until a method needs it."""

    def __init__(self, url: str, *, profile: str | Profile | None = None, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None, timeout: float = 60.0,
                 retry: RetryPolicy | None = None) -> None:
        self.url = check_url(url)
        self.overrides = {name: check_url(value) for name, value in
                          (("query", query_url), ("update", update_url), ("gsp", gsp_url)) if value}
        self._profile = get_profile(profile) if isinstance(profile, str) else profile
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.retries = 0                    # retries made so far, over all requests
        self._auth = ChallengeAuth()
        self._client: httpx.Client | None = None       # opened by the first request

    def __repr__(self) -> str:
        return f"Endpoint({display_url(self.url)!r}, profile={self._profile.name if self._profile else None!r})"

    # -- URLs ---------------------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        """The named profile, or the one the server's ``Server`` header points to (one GET)."""
        if self._profile is None:
            answer = self.request("GET", with_params(self.url, {"query": "ASK{}"}),
                                  headers={"Accept": SPARQL_JSON}, check=False)
            self._profile = profile_from_server_header(answer.headers.get("server"))
        return self._profile

    def _endpoint(self, kind: str, path: str) -> str:
        if kind in self.overrides:
            return self.overrides[kind]
        if self.profile.name == "generic":
            return self.url
        return base_url(self.url, self.profile) + path

    @property
    def query_url(self) -> str:
        return self._endpoint("query", self.profile.query_path)

    @property
    def update_url(self) -> str:
        return self._endpoint("update", self.profile.update_path)

    @property
    def gsp_url(self) -> str:
        return self._endpoint("gsp", self.profile.gsp_path)

    def graph_url(self, graph: str) -> str:
        """The Graph Store Protocol URL of one named graph."""
        return with_params(self.gsp_url, {"graph": graph})

    # -- HTTP ---------------------------------------------------------------------------------

    def request(self, method: str, url: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None, check: bool = True) -> httpx.Response:
        """Send one request, retrying what may pass; with ``check``, raise on an error status."""
        if self._client is None:
            self._client = open_client(self._auth, self.timeout)
        retrying = self.retry.retrying(on_retry=self._count_retry)
        try:
            answer = retrying(self._client.request, method, url, content=body, headers=headers)
        except httpx.TransportError as exc:
            raise EndpointUnreachable(f"cannot reach {display_url(url)}: {reason(exc)}"
                                      + _after(attempts_made(retrying))) from None
        if check and answer.status_code >= 300:
            raise self._refusal(method, url, answer, attempts_made(retrying))
        return answer

    def _count_retry(self) -> None:
        self.retries += 1

    def _refusal(self, method: str, url: str, answer: httpx.Response, attempt: int) -> EndpointRefused:
        where = f"{method} {display_url(url)}"
        if answer.status_code == 401:
            host = urllib.parse.urlsplit(url).hostname or ""
            credentials = self._auth.credentials.get(host)
            if credentials is None:
                message = (f"{where} needs credentials: set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, "
                           f"or add 'machine {host}' to ~/.netrc (or $NETRC)")
            else:
                message = (f"{where}: the endpoint refused user {credentials.user!r} (from "
                           f"{credentials.source}): check the password")
            return EndpointRefused(message, status=401)
        if answer.status_code < 400:
            location = answer.headers.get("location")
            target = f" to {display_url(urllib.parse.urljoin(url, location))}" if location else ""
            return EndpointRefused(f"{where} was redirected{target} (HTTP {answer.status_code}): give "
                                   "that URL as the endpoint", status=answer.status_code)
        detail = error_detail(answer.content, answer.headers.get("content-type"))
        return EndpointRefused(f"{where} failed: HTTP {answer.status_code}{_after(attempt)}"
                               + (f": {detail}" if detail else ""),
                               status=answer.status_code)

    def close(self) -> None:
        """Close open connections (a later request opens new ones)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- protocol operations --------------------------------------------------------------

    def send_query(self, sparql: str, accept: str) -> httpx.Response:
        """Run a query (GET, or POST when long) and return the raw answer."""
        url = self.query_url
        if self.profile.union_default_graph and "query" not in self.overrides:
            url = with_params(url, {"union-default-graph": None})
        headers = {"Accept": accept}
        if len(sparql) <= _LONG_QUERY:
            return self.request("GET", with_params(url, {"query": sparql}), headers=headers)
        if self.profile.post_sparql_query:
            return self.request("POST", url, body=sparql.encode("utf-8"),
                                headers={**headers, "Content-Type": "application/sparql-query"})
        form = urllib.parse.urlencode({"query": sparql}).encode("ascii")
        return self.request("POST", url, body=form,
                            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})

    def put_graph(self, graph: str, ntriples: bytes, *, append: bool = False) -> None:
        """Replace (PUT) or extend (POST) one named graph with N-Triples."""
        self.request("POST" if append else "PUT", self.graph_url(graph), body=ntriples,
                     headers={"Content-Type": N_TRIPLES})


def _after(retries: int) -> str:
    return "" if not retries else f" (after {retries} {'retry' if retries == 1 else 'retries'})"


# -- query ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RemoteResult:
    """What a remote query returned; ``oxigraph()`` gives the pyoxigraph result kg.results renders."""

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated_at: int | None = None     # the server cut the result at this many rows
    _json: bytes = field(default=b"", repr=False)

    def oxigraph(self):
        """A pyoxigraph QuerySolutions, QueryBoolean or QueryTriples, as a local query gives."""
        if self.form == "select":
            return ox.parse_query_results(self._json, ox.QueryResultsFormat.JSON)
        if self.form == "ask":
            return ox.parse_query_results(json.dumps({"head": {}, "boolean": self.boolean}),
                                          ox.QueryResultsFormat.JSON)
        # pyoxigraph has no public constructor for QueryTriples: ask a scratch store for them.
        scratch = ox.Store()
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.triples)
        return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def query(endpoint: Endpoint, sparql: str) -> RemoteResult:
    """Run SPARQL on the endpoint; SELECT rows and ASK answers as pyoxigraph terms, graphs as triples."""
    form = query_form(sparql)
    if form in ("construct", "describe"):
        answer = endpoint.send_query(sparql, f"{N_TRIPLES}, text/turtle;q=0.9")
        media = answer.headers.get("content-type", N_TRIPLES).split(";")[0].strip()
        rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        try:
            triples = tuple(ox.parse(answer.content, format=rdf_format))
        except SyntaxError as exc:
            raise EndpointError(f"the endpoint sent RDF that does not parse: {exc}") from None
        return RemoteResult(form, triples=tuple(ox.Triple(t.subject, t.predicate, t.object) for t in triples))
    answer = endpoint.send_query(sparql, SPARQL_JSON)
    try:
        document = strict_json(answer.content)
        if "boolean" in document:
            return RemoteResult("ask", boolean=bool(document["boolean"]))
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
        solutions = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        variables = tuple(v.value for v in solutions.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in solutions)
    except (ValueError, SyntaxError, AttributeError) as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None
    cap = answer.headers.get("x-sparql-maxrows")
    truncated = int(cap) if cap and cap.isdigit() and len(rows) >= int(cap) else None
    return RemoteResult("select", variables, rows, truncated_at=truncated, _json=data)


def count_graphs(endpoint: Endpoint, graphs: list[str] | None = None) -> dict[str, int]:
    """Triples per named graph on the endpoint (every graph, or only those listed that exist)."""
    counts: dict[str, int] = {}
    if graphs is not None:
        for start in range(0, len(graphs), 200):
            values = " ".join(str(ox.NamedNode(g)) for g in graphs[start:start + 200])
            result = query(endpoint, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                                     f"GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
            counts.update((row[0].value, int(row[1].value)) for row in result.rows if row[0] is not None)
        return counts
    page, offset = COUNT_PAGE, 0
    while True:
        result = query(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                 f"GROUP BY ?g ORDER BY ?g LIMIT {page} OFFSET {offset}")
        if result.truncated_at is not None and result.truncated_at < page:
            page = result.truncated_at      # the server caps rows below our page: page by its cap
            continue
        counts.update((row[0].value, int(row[1].value)) for row in result.rows)
        if len(result.rows) < page:
            return counts
        offset += page
