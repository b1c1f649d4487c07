"""Tests of the test infrastructure: real validators (riot, rapper) and real stores (Oxigraph, Virtuoso)."""

from __future__ import annotations

import json
from pathlib import Path
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

try:
    from .graphs import assert_same_dataset, nquads_dataset, union_of
    from .servers import VIRTUOSO_INIS, VirtuosoServer, rewrite_ini
    from .validators import missing_tool, rapper_parse, riot_validate, riot_validate_many
except ImportError:
    from graphs import assert_same_dataset, nquads_dataset, union_of
    from servers import VIRTUOSO_INIS, VirtuosoServer, rewrite_ini
    from validators import missing_tool, rapper_parse, riot_validate, riot_validate_many


def _fixtures_already_wired() -> bool:
    """True when conftest.py (or pytest_plugins) already provides the server fixtures."""
    for name, module in list(sys.modules.items()):
        leaf = name.rpartition(".")[2]
        if leaf == "conftest" and hasattr(module, "virtuoso_server"):
            return True
        if leaf == "server_fixtures":
            return True
    return False


if not _fixtures_already_wired():  # keep this module runnable on its own
    try:
        from .server_fixtures import make_oxigraph_server, oxigraph_server, virtuoso_server  # noqa: F401
    except ImportError:
        from server_fixtures import make_oxigraph_server, oxigraph_server, virtuoso_server  # noqa: F401


EX = "http://example.org/"
TURTLE = (
    "@prefix ex: <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    'ex:paper1 ex:title "Aspirin and headache"@en ; ex:year "2021"^^xsd:gYear ; ex:cites ex:paper2 .\n'
    'ex:paper2 ex:title "Ibuprofen trial" ; ex:pages "12"^^xsd:integer .\n'
)
TURTLE_TRIPLES = 5


# --- validators --------------------------------------------------------------


def test_riot_accepts_valid_turtle(tmp_path):
    path = tmp_path / "ok.ttl"
    path.write_text(TURTLE)
    result = riot_validate(path)
    assert result.ok, str(result)


def test_riot_rejects_ill_typed_literal(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://example.org/a> <http://example.org/n> "abc"^^xsd:integer .\n')
    result = riot_validate(path)
    assert result.returncode != 0
    assert "abc" in result.stderr and "integer" in result.stderr.lower()


def test_riot_validate_many_attributes_problems_per_file(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(TURTLE)
    ill_typed = tmp_path / "ill.ttl"
    ill_typed.write_text('<http://example.org/a> <http://example.org/n> "x"^^<http://www.w3.org/2001/XMLSchema#int> .\n')
    broken = tmp_path / "broken.nt"
    broken.write_text('<http://example.org/a> <http://example.org/p> "unterminated .\n')
    bad_lang = tmp_path / "lang.nq"
    bad_lang.write_text('<http://example.org/a> <http://example.org/p> "x"@en-toolongsubtag <http://example.org/g> .\n')
    after = tmp_path / "after.nq"
    after.write_text('<http://example.org/a> <http://example.org/p> "x"@en <http://example.org/g> .\n')
    jsonld = tmp_path / "doc.jsonld"
    jsonld.write_text(json.dumps({"@context": {"t": EX + "title"}, "@id": EX + "paper1", "t": "A title"}))
    missing = tmp_path / "missing.ttl"

    paths = [good, ill_typed, broken, bad_lang, after, jsonld, missing]
    results = riot_validate_many(paths)

    assert list(results) == paths
    verdicts = {p.name: r.returncode for p, r in results.items()}
    assert verdicts == {
        "good.ttl": 0, "ill.ttl": 1, "broken.nt": 1, "lang.nq": 1,
        "after.nq": 0, "doc.jsonld": 0, "missing.ttl": 2,
    }, "\n".join(str(r) for r in results.values())
    assert "toolongsubtag" in results[bad_lang].stderr
    assert "toolongsubtag" not in results[after].stderr


def test_rapper_counts_nquads(tmp_path):
    path = tmp_path / "data.nq"
    path.write_text(
        f"<{EX}a> <{EX}p> \"1\" <{EX}g1> .\n"
        f"<{EX}a> <{EX}p> \"2\" <{EX}g2> .\n"
        f"<{EX}b> <{EX}p> <{EX}a> .\n"
    )
    result = rapper_parse(path, "nquads")
    assert result.ok, str(result)
    assert result.triples == 3


def test_rapper_reports_syntax_error(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(f"<{EX}a> <{EX}p> .\n")
    result = rapper_parse(path, "turtle")
    assert result.returncode != 0
    assert "error" in result.stderr.lower()


# --- dataset comparison ----------------------------------------------------

QUADS = (f'<{EX}paper1> <{EX}title> "A title"@en <{EX}graph/1> .\n'
         f'<{EX}paper2> <{EX}title> "Another" <{EX}graph/2> .\n')


def test_dataset_comparison_fails_when_a_graph_name_is_dropped():
    expected = nquads_dataset(QUADS)
    assert_same_dataset(expected, nquads_dataset("".join(reversed(QUADS.splitlines(True)))))
    dropped = nquads_dataset(QUADS.replace(f" <{EX}graph/2>", ""))
    with pytest.raises(AssertionError, match=rf"graph <{EX}graph/2> \(no such graph\): 1 quad\(s\) missing"):
        assert_same_dataset(expected, dropped)
    assert_same_dataset(union_of(expected), nquads_dataset(QUADS.replace(f" <{EX}graph/1>", "")
                                                           .replace(f" <{EX}graph/2>", "")))


# --- HTTP helpers -----------------------------------------------------------


def _request(url, *, method="GET", data=None, headers=None, opener=None, timeout=30.0):
    """Return (status, body) for any status, including 4xx/5xx."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with (opener.open if opener else urllib.request.urlopen)(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _select(endpoint: str, query: str) -> list[dict]:
    url = f"{endpoint}?{urllib.parse.urlencode({'query': query})}"
    status, body = _request(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body[:500]
    return json.loads(body)["results"]["bindings"]


def _count(endpoint: str, graph: str) -> int:
    rows = _select(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


# --- Oxigraph ---------------------------------------------------------------

@pytest.mark.servers
def test_oxigraph_answers_ask(oxigraph_server):
    status, body = _request(
        f"{oxigraph_server.query_url}?query={urllib.parse.quote('ASK { }')}",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    assert json.loads(body)["boolean"] is True


@pytest.mark.servers
def test_oxigraph_gsp_put_get_roundtrip(oxigraph_server):
    import pyoxigraph

    graph = EX + "graphs/roundtrip"
    url = oxigraph_server.graph_url(graph)
    status, body = _request(url, method="PUT", data=TURTLE.encode(), headers={"Content-Type": "text/turtle"})
    assert status in (200, 201, 204), body
    status, body = _request(url, headers={"Accept": "application/n-triples"})
    assert status == 200
    got = set(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    expected = set(pyoxigraph.parse(TURTLE.encode(), format=pyoxigraph.RdfFormat.TURTLE))
    assert got == expected and len(got) == TURTLE_TRIPLES
    assert _count(oxigraph_server.query_url, graph) == TURTLE_TRIPLES


@pytest.mark.servers
def test_oxigraph_restart_keeps_data(make_oxigraph_server):
    server = make_oxigraph_server()
    graph = EX + "graphs/persist"
    status, _ = _request(server.graph_url(graph), method="PUT", data=TURTLE.encode(), headers={"Content-Type": "text/turtle"})
    assert status in (200, 201, 204)
    old_pid, old_url = server.pid, server.url
    server.stop()
    assert not server.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=2)
    server.start()
    assert server.pid != old_pid
    assert server.url == old_url
    assert _count(server.query_url, graph) == TURTLE_TRIPLES


# --- Virtuoso ---------------------------------------------------------------


def test_virtuoso_ini_keeps_everything_under_tmpdir(tmp_path):
    if not any(path.is_file() for path in VIRTUOSO_INIS):
        missing_tool("Virtuoso's virtuoso.ini template is missing (Debian package virtuoso-opensource)")
    server = VirtuosoServer(tmp_path / "v", binary="virtuoso-t")
    server._prepare()
    text = server.ini_path.read_text()
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.split(";", 1)[0].strip()
        if line.startswith("["):
            current = line.strip("[]")
        elif "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            sections.setdefault(current, {})[key] = value
    for section in ("Database", "TempDatabase"):
        for key, value in sections[section].items():
            if key.endswith(("File", "file")):
                assert Path(value).is_relative_to(tmp_path), (section, key, value)
    assert sections["Parameters"]["ServerPort"] == f"127.0.0.1:{server.isql_port}"
    assert sections["HTTPServer"]["ServerPort"] == f"127.0.0.1:{server.http_port}"
    assert str(server.workdir) in sections["Parameters"]["DirsAllowed"]
    assert sections["SPARQL"]["ResultSetMaxRows"] == "100000"


def test_rewrite_ini_replaces_appends_and_adds_sections():
    text = "[A]\nx = 1\n; x = comment\n\n[B]\ny = 2\n"
    out = rewrite_ini(text, {"A": {"x": "9", "z": "3"}, "C": {"w": "4"}})
    assert out.splitlines() == ["[A]", "x = 9", "; x = comment", "z = 3", "", "[B]", "y = 2", "", "[C]", "w = 4"]


@pytest.mark.servers
def test_virtuoso_digest_put_then_count(virtuoso_server):
    graph = EX + "graphs/virtuoso-put"
    status, body = _request(
        virtuoso_server.graph_url(graph), method="PUT", data=TURTLE.encode(),
        headers={"Content-Type": "text/turtle"}, opener=virtuoso_server.opener(),
    )
    assert status in (200, 201, 204), body[:500]
    assert _count(virtuoso_server.sparql_url, graph) == TURTLE_TRIPLES
    rows = _select(virtuoso_server.sparql_url, f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{EX}paper1> <{EX}title> ?t }} }}")
    assert [(r["t"]["value"], r["t"].get("xml:lang")) for r in rows] == [("Aspirin and headache", "en")]


@pytest.mark.servers
def test_virtuoso_digest_sparql_update_needs_no_grant(virtuoso_server):
    graph = EX + "graphs/virtuoso-update"
    update = f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}n> 7 . <{EX}b> <{EX}n> 8 }} }}'
    form = urllib.parse.urlencode({"update": update}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, body = _request(virtuoso_server.auth_sparql_url, method="POST", data=form, headers=headers,
                            opener=virtuoso_server.opener())
    assert status == 200, body[:500]
    assert _count(virtuoso_server.sparql_url, graph) == 2
    # The anonymous endpoint refuses updates, with a 500 (SR186 SECURITY), not a 401/403.
    status, body = _request(virtuoso_server.sparql_url, method="POST", data=form, headers=headers)
    assert status >= 400 and b"SECURITY" in body
    assert _count(virtuoso_server.sparql_url, graph) == 2


@pytest.mark.servers
def test_virtuoso_refuses_unauthenticated_put(virtuoso_server):
    graph = EX + "graphs/virtuoso-anon"
    status, _ = _request(
        virtuoso_server.graph_url(graph), method="PUT", data=TURTLE.encode(), headers={"Content-Type": "text/turtle"}
    )
    assert status in (401, 403)
    assert _count(virtuoso_server.sparql_url, graph) == 0


@pytest.mark.servers
def test_virtuoso_restart_keeps_data(virtuoso_server):
    graph = EX + "graphs/virtuoso-restart"
    status, _ = _request(
        virtuoso_server.graph_url(graph), method="PUT", data=TURTLE.encode(),
        headers={"Content-Type": "text/turtle"}, opener=virtuoso_server.opener(),
    )
    assert status in (200, 201, 204)
    old_pid, old_url = virtuoso_server.pid, virtuoso_server.url
    virtuoso_server.stop()
    try:
        assert not virtuoso_server.running
    finally:
        virtuoso_server.start()  # the session server must be up for the tests after this one
    assert virtuoso_server.pid != old_pid
    assert virtuoso_server.url == old_url
    assert _count(virtuoso_server.sparql_url, graph) == TURTLE_TRIPLES
