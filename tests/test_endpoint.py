"""The SPARQL / Graph Store Protocol client: profiles, detection, queries, credentials and errors,
against real Oxigraph and Virtuoso servers (plus the pure parts on their own)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.errors import EndpointError, UsageError
from kg.remote.endpoint import Endpoint, EndpointRefused, RetryPolicy, count_graphs, query
from kg.remote.profiles import (Credentials, check_url, display_url, error_detail, find_credentials,
                                is_transient, query_form, strict_json)
from kg.store import GraphStore
from tests.conftest import EXAMPLES

BASE = "https://w3id.org/litkg/test-endpoint/"
WRONG = "not-the-Pa55word-7731"
TITLES = ("PREFIX dcterms: <http://purl.org/dc/terms/>\n"
          f"SELECT ?work ?title WHERE {{ GRAPH ?g {{ ?work dcterms:title ?title }} "
          f"FILTER(STRSTARTS(STR(?g), \"{BASE}\")) }} ORDER BY ?work ?title")

# Tests see only the credentials they set: no KG_ENDPOINT_* and no ~/.netrc of the machine.
pytestmark = pytest.mark.usefixtures("no_ambient_credentials")


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seed record (and the ASJC vocabulary) in a store, under this module's own base."""
    path = tmp_path_factory.mktemp("endpoint") / "store"
    store = GraphStore(path)
    kg.load([str(EXAMPLES / "seed.txt")], store=store, base=BASE, extract=False, vocabularies=False)
    store.flush()
    return store


def _dba(monkeypatch, password: str = "dba") -> None:
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", password)


@pytest.fixture(scope="module")
def pushed(seed_store, oxigraph_server, virtuoso_server):
    """The seed store pushed once to both session servers."""
    with pytest.MonkeyPatch.context() as patch:
        _dba(patch)
        for url in (oxigraph_server.url, virtuoso_server.url):
            summary = kg.api.push(url, store=seed_store)
            assert summary.ok and summary.graphs == len(seed_store.named_graphs())
    return {"oxigraph": oxigraph_server.url, "virtuoso": virtuoso_server.url}


# -- pure parts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sparql, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ask: <http://example.org/construct#>\n# DESCRIBE in a comment\nask { ?s ask:x 'SELECT' }", "ask"),
    ("construct { ?s ?p ?o } where { { SELECT ?s WHERE { ?s ?p ?o } } }", "construct"),
    ("BASE <http://example.org/select/> DESCRIBE <x>", "describe"),
    ('SELECT ?describe WHERE { ?describe <http://x/ASK> """CONSTRUCT""" }', "select"),
])
def test_query_form_ignores_iris_strings_comments_and_names(sparql, form):
    assert query_form(sparql) == form


def test_virtuoso_json_becomes_sparql_11():
    raw = json.dumps({"head": {"link": [], "vars": ["n", "b"]}, "results": {"bindings": [
        {"n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"},
         "b": {"type": "bnode", "value": "nodeID://b10007"}}]}}).encode()
    solutions = ox.parse_query_results(json.dumps(strict_json(raw)), ox.QueryResultsFormat.JSON)
    row = next(iter(solutions))
    assert row["n"] == ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert isinstance(row["b"], ox.BlankNode)


def test_iris_a_server_allowed_but_rdf_forbids_are_percent_encoded():
    raw = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [
        {"g": {"type": "uri", "value": "http://example.org/a graph<1>"}}]}}).encode()
    solutions = ox.parse_query_results(json.dumps(strict_json(raw)), ox.QueryResultsFormat.JSON)
    assert next(iter(solutions))["g"] == ox.NamedNode("http://example.org/a%20graph%3C1%3E")


@pytest.mark.parametrize("body, content_type, expected", [
    (b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>SPARQL Graph Protocol '
     b'request failed</title></head><body><h1>HTTP/1.1 500 Request Failed</h1><h3>Error 22023</h3>\n'
     b'<xmp>The PUT request for graph &lt;http://ex/g&gt; is rejected</xmp></body></html>',
     "text/html", "22023: The PUT request for graph <http://ex/g> is rejected"),
    (b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error\n\nSPARQL query:\nSELEKT",
     "text/plain", "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error"),
    (b"\n\nParser error at line 1", "text/plain; charset=utf-8", "Parser error at line 1"),
])
def test_error_detail_is_the_first_useful_line(body, content_type, expected):
    assert error_detail(body, content_type) == expected


def test_transient_or_lasting_5xx():
    assert is_transient(503, b"Service Unavailable")
    assert is_transient(500, b"Virtuoso 40001 Error SR172: Transaction deadlocked")
    assert not is_transient(500, b"<h3>Error 22023</h3><xmp>unsupported type</xmp>")
    assert not is_transient(400, b"bad request")


def test_credentials_never_in_urls_or_reprs():
    with pytest.raises(UsageError) as caught:
        check_url("http://dba:secret@127.0.0.1:8890/sparql")
    assert "secret" not in str(caught.value)
    assert display_url("http://127.0.0.1:8890/sparql?query=ASK") == "http://127.0.0.1:8890/sparql"
    assert "secret" not in repr(Credentials("dba", "secret", "test"))
    assert "secret" not in repr(Endpoint("http://127.0.0.1:1"))


def test_netrc_is_read_by_host(monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine db.example.org login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    found = find_credentials("db.example.org")
    assert (found.user, found.password) == ("alice", "s3cret") and str(netrc) in found.source
    assert find_credentials("other.example.org") is None


def test_environment_wins_and_needs_both(monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine h login alice password s3cret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    _dba(monkeypatch, "x")
    assert find_credentials("h").user == "dba"
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD")
    with pytest.raises(EndpointError, match="set both"):
        find_credentials("h")


# -- against the servers ------------------------------------------------------------------------

@pytest.mark.servers
def test_profile_detected_from_the_server_header(oxigraph_server, virtuoso_server):
    oxigraph = Endpoint(oxigraph_server.url)
    assert oxigraph.profile.name == "oxigraph"
    assert oxigraph.graph_url("http://x/g") == f"{oxigraph_server.url}/store?graph=http%3A%2F%2Fx%2Fg"
    virtuoso = Endpoint(virtuoso_server.sparql_url)       # any of its URLs will do
    assert virtuoso.profile.name == "virtuoso"
    assert virtuoso.query_url == virtuoso_server.sparql_url
    assert virtuoso.gsp_url == virtuoso_server.gsp_url
    generic = Endpoint(oxigraph_server.query_url, profile="generic")
    assert generic.query_url == generic.gsp_url == oxigraph_server.query_url


@pytest.mark.servers
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_remote_select_gives_the_local_rows(server, pushed, seed_store, runner):
    local = seed_store.query(TITLES)
    variables = [v.value for v in local.variables]
    local_rows = [tuple(solution[v] for v in variables) for solution in local]
    remote = query(Endpoint(pushed[server]), TITLES)
    assert remote.variables == tuple(variables)
    assert list(remote.rows) == local_rows and local_rows
    for fmt in ("csv", "tsv", "table"):
        here = runner.invoke(main, ["query", TITLES, "--store", seed_store.path, "--format", fmt])
        there = runner.invoke(main, ["query", TITLES, "--endpoint", pushed[server], "--format", fmt])
        assert there.exit_code == 0, there.output
        assert there.stdout == here.stdout


@pytest.mark.servers
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_remote_ask_and_construct(server, pushed, runner):
    ask = runner.invoke(main, ["query", f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{BASE}\")) }}",
                               "--endpoint", pushed[server]])
    assert ask.exit_code == 0 and ask.stdout == "true\n"
    construct = ("PREFIX dcterms: <http://purl.org/dc/terms/>\nCONSTRUCT { ?w dcterms:title ?t } WHERE "
                 f"{{ GRAPH ?g {{ ?w dcterms:title ?t }} FILTER(STRSTARTS(STR(?g), \"{BASE}\")) }}")
    result = runner.invoke(main, ["query", construct, "--endpoint", pushed[server]])
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE))
    assert triples and all(t.predicate.value == "http://purl.org/dc/terms/title" for t in triples)


@pytest.mark.servers
def test_count_graphs_sees_what_was_pushed(pushed, seed_store):
    local = {g.value: seed_store.count(g) for g in seed_store.named_graphs()}
    for url in pushed.values():
        assert {g: n for g, n in count_graphs(Endpoint(url)).items() if g.startswith(BASE)} == local
        # 80 absent graphs make the query long enough to go as a POST (a form POST on Virtuoso)
        absent = [f"{BASE}graph/absent/{i}" for i in range(80)]
        assert count_graphs(Endpoint(url), list(local) + absent) == local


@pytest.mark.servers
def test_virtuoso_digest_from_the_environment(monkeypatch, virtuoso_server, seed_store, runner):
    _dba(monkeypatch)
    result = runner.invoke(main, ["push", "--endpoint", virtuoso_server.url, "--store", seed_store.path])
    assert result.exit_code == 0, result.output
    assert f"{len(seed_store.named_graphs())} graph(s) sent" in result.stdout


@pytest.mark.servers
def test_wrong_password_is_a_clear_error_without_the_password(monkeypatch, virtuoso_server, seed_store,
                                                              run_kg):
    _dba(monkeypatch, WRONG)
    result = run_kg("push", "--endpoint", virtuoso_server.url, "--store", seed_store.path)
    assert result.returncode == 1
    message = result.stderr.decode()
    assert "refused user 'dba'" in message and "KG_ENDPOINT_USER" in message
    assert WRONG not in message + result.stdout.decode()
    assert "Traceback" not in message


@pytest.mark.servers
def test_missing_credentials_say_where_to_put_them(virtuoso_server):
    endpoint = Endpoint(virtuoso_server.url, profile="virtuoso")
    with pytest.raises(EndpointRefused) as caught:
        endpoint.put_graph(BASE + "graph/denied", b"")
    assert caught.value.status == 401
    assert "KG_ENDPOINT_PASSWORD" in str(caught.value) and ".netrc" in str(caught.value)


@pytest.mark.servers
def test_netrc_credentials_for_virtuoso(monkeypatch, tmp_path, virtuoso_server):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1\n  login dba\n  password dba\n")
    monkeypatch.setenv("NETRC", str(netrc))
    graph = BASE + "graph/netrc"
    endpoint = Endpoint(virtuoso_server.url)
    endpoint.put_graph(graph, b'<http://example.org/s> <http://example.org/p> "netrc" .\n')
    assert count_graphs(endpoint, [graph]) == {graph: 1}


@pytest.mark.servers
def test_virtuoso_errors_are_readable(monkeypatch, virtuoso_server):
    _dba(monkeypatch)
    endpoint = Endpoint(virtuoso_server.url, retry=RetryPolicy(retries=3, base_delay=0.01))
    with pytest.raises(EndpointRefused) as caught:       # Turtle the server cannot parse: not retried
        endpoint.put_graph(BASE + "graph/bad", b"<http://example.org/s> <http://example.org/p> \"open .\n")
    assert caught.value.status == 500 and endpoint.retries == 0
    assert "<" not in str(caught.value).split(": ", 1)[1].replace("<http", "")    # no HTML left
    with pytest.raises(EndpointRefused, match="SP030"):
        query(endpoint, "SELEKT ?x WHERE { ?x ?y ?z }")


@pytest.mark.servers
def test_unreachable_endpoint_retries_then_fails(free_endpoint):
    endpoint = Endpoint(free_endpoint, profile="oxigraph", retry=RetryPolicy(retries=2, base_delay=0.01))
    with pytest.raises(EndpointError, match="connection refused.*after 2 retries"):
        query(endpoint, "ASK {}")
    assert endpoint.retries == 2


@pytest.fixture
def free_endpoint():
    from tests.servers import free_port
    return f"http://127.0.0.1:{free_port()}"


@pytest.mark.servers
def test_virtuoso_row_cap_pages_counts_and_warns(tmp_path, runner):
    """With ResultSetMaxRows = 5, count_graphs pages by the cap and kg query warns of the cut."""
    from tests.servers import VirtuosoServer, find_virtuoso
    if find_virtuoso() is None:
        pytest.skip("virtuoso-t is not installed")
    with VirtuosoServer(tmp_path / "capped", result_set_max_rows=5) as server, \
            pytest.MonkeyPatch.context() as patch:
        _dba(patch)
        endpoint = Endpoint(server.url)
        graphs = {f"{BASE}graph/cap/{i:02d}": i + 1 for i in range(12)}
        for graph, size in graphs.items():
            data = "".join(f"<http://example.org/s{k}> <http://example.org/p> \"{k}\" .\n" for k in range(size))
            endpoint.put_graph(graph, data.encode())
        counted = count_graphs(endpoint)
        assert {g: n for g, n in counted.items() if g.startswith(BASE)} == graphs
        result = runner.invoke(main, ["query", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                      "--endpoint", server.url])
        assert result.exit_code == 0 and "(5 rows)" in result.stdout
        assert "cut the result at 5 rows" in result.stderr

