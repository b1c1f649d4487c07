"""Bad option values of every command: a `kg: error:` line saying what to do, exit 1 or 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from tests.conftest import EXAMPLES

SEED = str(EXAMPLES / "seed.txt")
# /proc refuses new files even to root, so it stands for a folder the user cannot write to.
NOT_WRITABLE = "/proc/kg-test"

# (arguments, exit code, part of the message); {store} is a loaded store, {tmp} a scratch folder.
CASES = [
    # inputs and reading options
    (["convert", SEED, "-o", "{tmp}/o.nq", "--encoding", "bogus-enc"], 2,
     "unknown text encoding 'bogus-enc': use auto, or the name of a text encoding"),
    (["load", SEED, "--store", "{tmp}/s", "--encoding", "rot13"], 2, "unknown text encoding 'rot13'"),
    (["extract", SEED, "--encoding", "hex"], 2, "unknown text encoding 'hex'"),
    (["convert", "{tmp}/missing", "-o", "{tmp}/o.nq"], 1, "{tmp}/missing: no such file"),
    (["convert", "{tmp}/empty", "-o", "{tmp}/o.nq"], 1,
     "{tmp}/empty: the folder holds no input files"),
    (["load", "{tmp}/empty", "--store", "{tmp}/s"], 1, "the folder holds no input files"),
    (["extract", "{tmp}/missing"], 1, "{tmp}/missing: no such file"),
    (["convert", SEED, "-o", "{tmp}/o.nq", "--from", "nope"], 2, "Invalid value for '--from'"),
    (["extract", SEED, "--from", "nope"], 2, "Invalid value for '--from'"),
    (["load"], 2, "Missing argument 'INPUT...'"),
    (["nosuch"], 2, "No such command 'nosuch'"),
    (["--bogus"], 2, "No such option"),
    # the instance namespace
    (["convert", SEED, "-o", "{tmp}/o.nq", "--base", "not a base"], 2,
     "the base IRI must be an http(s) IRI ending in '/' or '#'"),
    (["load", SEED, "--store", "{tmp}/s", "--base", "http://example.org/a b/"], 2,
     "the base IRI contains a character IRIs do not allow"),
    # outputs
    (["convert", SEED, "-o", "{tmp}/no-folder/o.nq"], 1, "the folder {tmp}/no-folder does not exist"),
    (["convert", SEED, "-o", f"{NOT_WRITABLE}.nq"], 1,
     f"cannot write {NOT_WRITABLE}.nq: no such file or directory; choose a file in a folder"),
    (["convert", SEED, "-o", "{tmp}", "--format", "nq"], 1, "cannot write {tmp}: it is a folder"),
    (["convert", SEED, "-o", "{tmp}/o.xyz"], 2, "use --format"),
    (["export", "-o", "{tmp}/o.nq", "--store", "{store}", "--format", "xx"], 2,
     "Invalid value for '--format'"),
    (["export", "--split-by", "graph", "-o", NOT_WRITABLE, "--store", "{store}"], 1,
     f"cannot create the folder {NOT_WRITABLE}"),
    (["export", "--split-by", "graph", "-o", SEED, "--store", "{store}"], 1,
     "it is a file; name a folder for the N-Quads files"),
    (["export", "--shard-size", "-1", "-o", "{tmp}/dump", "--store", "{store}"], 2,
     "Invalid value for '--shard-size'"),
    (["export", "--split-by", "graph", "--graph", "http://x/", "-o", "{tmp}/d", "--store", "{store}"],
     2, "drop --graph and --format"),
    (["graph", "coauthors", "-o", "{tmp}/v.xyz", "--store", "{store}"], 2,
     "use one of .graphml, .gexf, .json, .png, .svg"),
    (["graph", "coauthors", "-o", f"{NOT_WRITABLE}.graphml", "--store", "{store}"], 1,
     f"cannot write {NOT_WRITABLE}.graphml"),
    # graphs and IRIs
    (["export", "--graph", "not an iri>", "-o", "{tmp}/o.nq", "--store", "{store}"], 2,
     "'not an iri>' is not a graph IRI: give the full IRI of a named graph"),
    (["export", "--graph", "http://example.org/none", "-o", "{tmp}/o.nq", "--store", "{store}"], 1,
     "no graph http://example.org/none in the store: kg query"),
    # numbers
    (["graph", "coauthors", "--format", "table", "--top", "-3", "--store", "{store}"], 2,
     "Invalid value for '--top': -3 is not in the range x>=1"),
    (["graph", "coauthors", "--format", "table", "--min-weight", "-1", "--store", "{store}"], 2,
     "Invalid value for '--min-weight'"),
    (["graph", "coauthors", "--format", "table", "--year-from", "2020", "--year-to", "1990",
      "--store", "{store}"], 2, "give a --year-from no later than --year-to"),
    (["graph", "coauthors", "--format", "table", "--year-from", "abc", "--store", "{store}"], 2,
     "'abc' is not a valid integer"),
    (["graph", "coauthors", "--store", "{store}"], 2, "give -o FILE or --format table"),
    (["push", "--endpoint", "http://localhost:1/", "--batch-size", "0", "--store", "{store}"], 2,
     "Invalid value for '--batch-size'"),
    (["push", "--endpoint", "http://localhost:1/", "--retries", "-1", "--store", "{store}"], 2,
     "Invalid value for '--retries'"),
    (["query", "ASK {}", "--endpoint", "http://localhost:1/", "--timeout", "-5"], 2,
     "Invalid value for '--timeout'"),
    # endpoints
    (["push", "--endpoint", "http://[bad", "--store", "{store}", "--dry-run"], 2,
     "the endpoint must be an http:// or https:// URL with a host"),
    (["query", "ASK {}", "--endpoint", "ftp://example.org/"], 2, "must be an http:// or https:// URL"),
    (["graph", "coauthors", "--format", "table", "--endpoint", "http://example.org:port/"], 2,
     "a numeric port"),
    (["push", "--endpoint", "http://example.org/", "--profile", "nope", "--store", "{store}"], 2,
     "Invalid value for '--profile'"),
    # stores
    (["stats", "--store", "{tmp}/none"], 1, "no store at {tmp}/none: load something first"),
    (["stats", "--store", SEED], 1, "it is a file; name a store folder with --store"),
    (["load", SEED, "--store", str(EXAMPLES)], 1, "is not a kg store (the folder holds other files)"),
    (["stats", "--store", "{tmp}/corrupt"], 1, "it is damaged or not a kg store"),
    (["validate", "--store", "{tmp}/none"], 1, "load something first"),
    # queries
    (["query", "SELECT ?x WHERE {", "--store", "{store}"], 1,
     "the SPARQL query does not parse at line 1, column 18 (the end): expected one of"),
    (["query", "SELECT * WHERE { ?s foo:bar ?o }", "--store", "{store}"], 1,
     "a prefix used there has no PREFIX line"),
    (["query", "--store", "{store}"], 2, "give the query as an argument or with -f FILE"),
    (["query", "-f", "{tmp}/missing.rq", "--store", "{store}"], 2, "Invalid value for '-f'"),
    (["validate", "{tmp}/missing.ttl"], 1, "{tmp}/missing.ttl: no such file"),
    (["validate", SEED], 1, "cannot tell the RDF format from the extension '.txt'"),
    # developer commands
    (["dev", "eval", "devset", "{tmp}/list.json", "--corpus", "{tmp}"], 1,
     'not a gold file: expected a JSON object whose "abstracts" list holds objects'),
    (["dev", "eval", "devset", "{tmp}/binary.dat", "--corpus", "{tmp}"], 1, "not UTF-8 text"),
    (["dev", "eval", "bc5cdr", "{tmp}/binary.dat"], 1,
     "{tmp}/binary.dat: not UTF-8 text: a PubTator file is UTF-8 text"),
    (["dev", "train", "ner", "--train", "{tmp}/missing", "--out", "{tmp}/m.json.gz"], 2,
     "Invalid value for '--train'"),
]


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("errors") / "store")
    assert kg.load([SEED], store=store, extract=False, vocabularies=False).ok
    return store


@pytest.fixture
def scratch(tmp_path) -> Path:
    (tmp_path / "empty").mkdir()
    (tmp_path / "corrupt").mkdir()
    (tmp_path / "corrupt" / "CURRENT").write_text("not a database\n")
    (tmp_path / "list.json").write_text("[]")
    (tmp_path / "binary.dat").write_bytes(bytes(range(128, 256)) * 4)
    return tmp_path


@pytest.mark.parametrize("args, code, message", CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_a_bad_value_is_one_line_with_its_exit_code(run_kg, loaded_store, scratch, args, code,
                                                     message):
    if NOT_WRITABLE in " ".join(args) and not Path("/proc").is_dir():
        pytest.skip("no /proc on this system")
    def fill(text: str) -> str:
        return text.replace("{store}", loaded_store).replace("{tmp}", str(scratch))

    done = run_kg(*map(fill, args))
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert done.returncode == code, stderr
    assert stderr.rstrip().splitlines()[-1].startswith("kg: error: "), stderr
    assert fill(message) in stderr, stderr


DEEP = 990  # levels: past what Python's recursion limit lets a reader walk
NESTED = {
    "pubmed.xml": "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
                  f"<ArticleTitle>{'<b>' * DEEP}x{'</b>' * DEEP}</ArticleTitle></Article>"
                  "</MedlineCitation></PubmedArticle></PubmedArticleSet>",
    "csl.json": '[{"type": "article-journal", "container-title": "J", "title": '
                f'{"[" * DEEP}"x"{"]" * DEEP}}}]',
    "crossref.jsonl": '{"DOI": "10.1/x", "type": "journal-article", "container-title": ["J"], '
                      f'"title": {"[" * DEEP}"x"{"]" * DEEP}}}\n',
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_a_record_nested_too_deeply_is_skipped_in_plain_words(run_kg, tmp_path, name):
    path = tmp_path / name
    path.write_text(NESTED[name])
    done = run_kg("convert", str(path), "-o", str(tmp_path / "out.nq"), "--no-extract")
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in stderr
    assert f"kg: skipped: {path}" in stderr and "nested too deeply" in stderr, stderr
    assert "recursion" not in stderr
