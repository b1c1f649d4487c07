"""Bulk-loader exports (`kg export --split-by graph`, `--shard-size N`): file names, shard limits,
the manifest, atomic files, and loading into a fresh Oxigraph (`oxigraph load`) and into
Virtuoso (`ld_dir` + `rdf_loader_run`) with the same counts as the store."""

from __future__ import annotations

from pathlib import Path
import re
import subprocess

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.rdf.bulk import MANIFEST, export_bulk, graph_file_stem
from kg.store import GraphStore
from tests.conftest import CORPUS, EXAMPLES
from tests.servers import find_oxigraph

SIZES = {"a": 3, "b": 5, "c": 12, "d": 1, "e": 4}       # graph name → quads


def synthetic_store() -> GraphStore:
    """An in-memory store with graphs of known sizes."""
    store = GraphStore(None)
    store.add_quads(ox.Quad(ox.NamedNode(f"http://example.org/s{k}"), ox.NamedNode("http://example.org/p"),
                            ox.Literal(str(k)), ox.NamedNode(f"http://example.org/graph/{name}"))
                    for name, size in SIZES.items() for k in range(size))
    return store


def read_manifest(folder: Path) -> list[tuple[str, list[str], int]]:
    lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file\tgraphs\tquads"
    rows = [line.split("\t") for line in lines[1:]]
    return [(name, graphs.split(" "), int(quads)) for name, graphs, quads in rows]


def file_counts(folder: Path) -> dict[str, dict[str, int]]:
    """Quads per graph, per file, as parsed back."""
    found = {}
    for path in sorted(folder.glob("*.nq")):
        counts: dict[str, int] = {}
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
        found[path.name] = counts
    return found


# -- file names and splitting -------------------------------------------------------------------

@pytest.mark.parametrize("iri", [
    "https://w3id.org/litkg/id/graph/pure/05309c5484164a11",
    "http://example.org/../../etc/passwd",
    "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    "http://example.org/é/ü?x=1#frag",
    "http://example.org/" + "long/" * 100,
    "....",
])
def test_graph_file_names_are_safe_and_unique(iri):
    stem = graph_file_stem(iri)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", stem) and len(stem) <= 100
    assert graph_file_stem(iri + "x") != stem


def test_split_by_graph_writes_one_file_per_graph(tmp_path):
    written = export_bulk(synthetic_store(), str(tmp_path / "out"), split_by="graph")
    counts = file_counts(tmp_path / "out")
    assert len(counts) == len(SIZES) == len(written.files)
    assert all(len(graphs) == 1 for graphs in counts.values())
    assert {g.rsplit("/", 1)[1]: n for c in counts.values() for g, n in c.items()} == SIZES
    assert [(f.name, list(f.graphs), f.quads) for f in written.files] == read_manifest(tmp_path / "out")


@pytest.mark.parametrize("size", [1, 4, 5, 6, 12, 100])
def test_shards_never_split_a_graph_that_fits(tmp_path, size):
    folder = tmp_path / f"shards-{size}"
    written = export_bulk(synthetic_store(), str(folder), shard_size=size)
    counts = file_counts(folder)
    assert sum(n for c in counts.values() for n in c.values()) == sum(SIZES.values()) == written.quads
    assert all(sum(c.values()) <= size for c in counts.values())
    for name, quads in SIZES.items():
        holders = [f for f, c in counts.items() if f"http://example.org/graph/{name}" in c]
        assert len(holders) == (1 if quads <= size else -(-quads // size)), (name, holders)
    assert [(f, sum(c.values())) for f, c in counts.items()] == [(n, q) for n, _, q in read_manifest(folder)]
    assert not list(folder.glob(".*"))          # no temporary files left behind


def test_big_graphs_in_split_mode_get_parts(tmp_path):
    written = export_bulk(synthetic_store(), str(tmp_path / "out"), split_by="graph", shard_size=5)
    names = [f.name for f in written.files]
    assert sum(".part-" in n for n in names) == 3        # graph c: 12 quads → 5 + 5 + 2
    assert all(f.quads <= 5 and len(f.graphs) == 1 for f in written.files)


def test_a_new_export_removes_the_files_of_the_last_one(tmp_path):
    folder = tmp_path / "out"
    export_bulk(synthetic_store(), str(folder), shard_size=2)
    before = set(p.name for p in folder.glob("*.nq"))
    (folder / "mine.nq").write_text("")                   # not ours: left alone
    written = export_bulk(synthetic_store(), str(folder), shard_size=100)
    assert set(p.name for p in folder.glob("*.nq")) == {"shard-00001.nq", "mine.nq"}
    assert set(written.removed) == before - {"shard-00001.nq"}


def test_cli_bulk_options(runner, tmp_path, store):
    kg.load([str(EXAMPLES / "seed.txt")], store=store, extract=False, vocabularies=False)
    out = tmp_path / "dump"
    result = runner.invoke(main, ["export", "--store", store, "--split-by", "graph", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"file(s) in {out}" in result.stdout and (out / MANIFEST).is_file()
    for bad in (["--format", "ttl"], ["--graph", "http://example.org/g"], ["-o", "-"]):
        args = ["export", "--store", store, "--shard-size", "10", "-o", str(out), *bad]
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "folder" in result.output


# -- into real bulk loaders ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    store = GraphStore(tmp_path_factory.mktemp("bulk") / "store")
    inputs = [str(EXAMPLES)] + ([str(CORPUS / "pure")] if (CORPUS / "pure").is_dir() else [])
    kg.load(inputs, store=store, base="https://w3id.org/litkg/test-bulk/", extract=False, vocabularies=False)
    store.flush()
    return store


def local_counts(store: GraphStore) -> dict[str, int]:
    return {g.value: store.count(g) for g in store.named_graphs()}


MODES = {"split": {"split_by": "graph"}, "shards": {"shard_size": 1000}}


@pytest.mark.servers
@pytest.mark.parametrize("mode", list(MODES))
def test_files_load_into_a_fresh_oxigraph(mode, corpus_store, tmp_path):
    binary = find_oxigraph()
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    written = export_bulk(corpus_store, str(tmp_path / "dump"), **MODES[mode])
    database = tmp_path / "db"
    files = [str(tmp_path / "dump" / f.name) for f in written.files]
    done = subprocess.run([binary, "load", "--location", str(database), "--file", *files],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = ox.Store.read_only(str(database))
    counts = {row["g"].value: int(row["n"].value) for row in
              loaded.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert counts == local_counts(corpus_store)


@pytest.mark.servers
@pytest.mark.parametrize("mode", list(MODES))
def test_files_load_into_virtuoso_with_ld_dir(mode, tmp_path_factory, virtuoso_server):
    # Each mode loads its own copy of the graphs (own base), so the two never mask each other.
    base = f"https://w3id.org/litkg/test-bulk-{mode}/"
    store = GraphStore(tmp_path_factory.mktemp(f"bulk-{mode}") / "store")
    inputs = [str(EXAMPLES)] + ([str(CORPUS / "pure")] if (CORPUS / "pure").is_dir() else [])
    kg.load(inputs, store=store, base=base, extract=False, vocabularies=False)
    folder = virtuoso_server.load_dir / f"bulk-{mode}"
    written = export_bulk(store, str(folder), **MODES[mode])
    # The bulk loader writes without the transaction log: without a checkpoint, a later restart
    # of this shared server (another test does one) leaves a database whose queries fail.
    done = virtuoso_server.isql(f"ld_dir('{folder}', '*.nq', 'urn:kg:test:fallback'); rdf_loader_run(); "
                                "checkpoint;")
    assert "*** Error" not in done.stdout + done.stderr, done.stdout      # isql-vt exits 0 on SQL errors
    report = virtuoso_server.isql(
        "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_file LIKE '" + str(folder) + "/%' "
        "AND ll_state = 2 AND ll_error IS NULL;")
    assert re.search(rf"^\s*{len(written.files)}\s*$", report.stdout, re.M), report.stdout
    errors = virtuoso_server.isql(
        "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL "
        "AND ll_file LIKE '" + str(folder) + "/%';")
    assert re.search(r"^0 Rows\.", errors.stdout, re.M), errors.stdout
    from kg.remote.endpoint import Endpoint, count_graphs
    remote = count_graphs(Endpoint(virtuoso_server.url, profile="virtuoso"), list(local_counts(store)))
    assert remote == local_counts(store)
