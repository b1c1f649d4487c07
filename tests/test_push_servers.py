"""`kg push` to real Oxigraph and Virtuoso servers: every graph arrives with its triple count,
pushing twice changes nothing, an interrupted push completes when repeated, a dry run sends
nothing."""

from __future__ import annotations

import warnings

import pytest

import kg
from kg.cli import main
from kg.remote.endpoint import Endpoint, RetryPolicy, count_graphs
from kg.remote.push import PushInterrupted, push
from kg.store import GraphStore
from tests.conftest import CORPUS, EXAMPLES

BASE = "https://w3id.org/litkg/test-push/"
PURE = CORPUS / "pure"

pytestmark = pytest.mark.servers


@pytest.fixture(autouse=True)
def dba(monkeypatch):
    """Virtuoso's fresh-database account, from the environment (Oxigraph ignores it)."""
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "dba")


def _corpus_store(folder, *, vocabularies: bool) -> GraphStore:
    store = GraphStore(folder / "store")
    inputs = [str(EXAMPLES)]
    if PURE.is_dir():
        inputs.append(str(PURE))
    else:
        warnings.warn(f"{PURE} is absent: pushing examples/ only", stacklevel=1)
    summary = kg.load(inputs, store=store, base=BASE, vocabularies=vocabularies)
    assert summary.written >= 1
    store.flush()
    return store


@pytest.fixture(scope="module")
def full_store(tmp_path_factory):
    """examples/ plus the shared Pure corpus (when present), with findings and the vocabulary
    graphs (ASJC, the ~194,000-triple lexicon): everything a user's store holds."""
    return _corpus_store(tmp_path_factory.mktemp("push-full"), vocabularies=True)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """The same records without the vocabulary graphs, for the tests of push mechanics."""
    return _corpus_store(tmp_path_factory.mktemp("push"), vocabularies=False)


def local_counts(store: GraphStore) -> dict[str, int]:
    return {g.value: store.count(g) for g in store.named_graphs()}


def remote_counts(endpoint: Endpoint) -> dict[str, int]:
    """Triples per graph under this module's base, as the server's SPARQL counts them."""
    return {g: n for g, n in count_graphs(endpoint).items() if g.startswith(BASE)}


@pytest.fixture(params=["oxigraph", "virtuoso"])
def session_endpoint(request):
    server = request.getfixturevalue(f"{request.param}_server")
    return Endpoint(server.url)


def test_the_corpus_is_part_of_the_push(corpus_store):
    if not PURE.is_dir():
        pytest.skip(f"{PURE} is absent (the shared corpus is not beside this checkout)")
    assert len(corpus_store.named_graphs()) >= 21


def test_push_sends_every_graph_and_twice_changes_nothing(full_store, session_endpoint):
    expected = local_counts(full_store)
    first = push(full_store, session_endpoint)
    assert first.ok and (first.graphs, first.triples) == (len(expected), sum(expected.values()))
    assert remote_counts(session_endpoint) == expected
    second = push(full_store, session_endpoint)
    assert second.ok and second.graphs == len(expected)
    assert remote_counts(session_endpoint) == expected
    third = push(full_store, session_endpoint, skip_unchanged=True)
    assert (third.graphs, third.skipped) == (0, len(expected))


def test_small_batches_send_a_graph_in_several_requests(corpus_store, session_endpoint):
    """A PUT and then POSTs of 100 triples each: the same graphs, the same counts."""
    summary = push(corpus_store, session_endpoint, batch_size=100)
    assert summary.ok
    expected = local_counts(corpus_store)
    assert count_graphs(session_endpoint, list(expected)) == expected


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_interrupted_push_completes_when_repeated(kind, corpus_store, request):
    """Stop the server from the progress callback after 3 graphs; the push stops with a clear
    error; after start() the same push ends complete, nothing duplicated."""
    server = request.getfixturevalue(f"make_{kind}_server")()
    endpoint = Endpoint(server.url, retry=RetryPolicy(retries=1, base_delay=0.05))
    expected = local_counts(corpus_store)

    def stop_after_three(done: int, total: int, graph: str) -> None:
        if done == 3:
            server.stop()

    with pytest.raises(PushInterrupted) as caught:
        push(corpus_store, endpoint, progress=stop_after_three)
    assert caught.value.summary.graphs == 3 and caught.value.summary.retries == 1
    assert "after 3 of" in str(caught.value) and "again" in str(caught.value)
    server.start()
    endpoint = Endpoint(server.url)
    partial = remote_counts(endpoint)
    assert len(partial) == 3 and all(expected[g] == n for g, n in partial.items())
    again = push(corpus_store, endpoint)
    assert again.ok and again.graphs == len(expected)
    assert remote_counts(endpoint) == expected


def test_dry_run_sends_nothing(corpus_store, oxigraph_server, runner, tmp_path):
    store = GraphStore(tmp_path / "store")
    kg.load([str(EXAMPLES / "seed.txt")], store=store, base=BASE + "dry/", extract=False,
            vocabularies=False)
    store.flush()
    expected = local_counts(store)
    # An endpoint nobody listens on: a dry run must not even detect the profile.
    summary = kg.api.push("http://127.0.0.1:9", store=store, dry_run=True)
    assert summary.dry_run and summary.planned == sorted(expected.items()) and summary.graphs == 0
    del store
    result = runner.invoke(main, ["push", "--endpoint", oxigraph_server.url, "--store",
                                  str(tmp_path / "store"), "--dry-run"])
    assert result.exit_code == 0, result.output
    for graph, count in expected.items():
        assert f"{graph}\t{count}" in result.stdout
    assert "nothing was sent" in result.stdout
    endpoint = Endpoint(oxigraph_server.url)
    assert count_graphs(endpoint, list(expected)) == {}


def test_push_command_prints_a_summary(corpus_store, virtuoso_server, run_kg):
    result = run_kg("push", "--endpoint", virtuoso_server.url, "--store", corpus_store.path,
                    "--profile", "virtuoso", "--batch-size", "500")
    assert result.returncode == 0, result.stderr
    graphs = len(corpus_store.named_graphs())
    line = result.stdout.decode().strip().splitlines()[-1]
    assert line.startswith(f"{graphs} graph(s) sent, {corpus_store.count()} triples, 0 skipped, 0 failed")
    assert result.stderr == b""     # no progress bar when stderr is not a terminal


def test_push_to_a_stopped_server_exits_1(corpus_store, make_oxigraph_server, run_kg):
    server = make_oxigraph_server()
    url = server.url
    server.stop()
    result = run_kg("push", "--endpoint", url, "--store", corpus_store.path, "--retries", "1")
    assert result.returncode == 1
    assert "cannot reach" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
