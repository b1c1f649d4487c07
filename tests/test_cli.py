"""The command line: help, main flows (through CliRunner and the installed command), idempotency,
bad input with exit codes and messages, and atomic outputs."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

import kg
from kg.cli import main
from kg.rdf.sinks import atomic_output
from tests.conftest import EXAMPLES, ROOT

SEED = str(EXAMPLES / "seed.txt")
COMMANDS = ["load", "convert", "export", "query", "stats", "validate"]


def sorted_nquads(path) -> list[bytes]:
    return sorted(line for line in open(path, "rb").read().splitlines() if line)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.split("\n")) > 6
    assert "Usage: main" in result.output or "Usage: kg" in result.output


def test_top_level_help_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_load_query_stats_export(runner, store, tmp_path):
    result = runner.invoke(main, ["load", SEED, "--store", store, "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "1 record(s) read" in result.output
    result = runner.invoke(main, ["stats", "--store", store, "--json"])
    counts = json.loads(result.output)
    assert counts["works"] == 1 and counts["persons"] == 12 and counts["journals"] == 1
    assert counts["subject_areas"] == 3
    query = ("PREFIX dcterms: <http://purl.org/dc/terms/> "
             "SELECT ?title WHERE { ?w dcterms:title ?title ; dcterms:abstract ?a }")
    result = runner.invoke(main, ["query", query, "--store", store])
    assert "Salvage treatment after rinterferon" in result.output
    assert "(1 row)" in result.output
    result = runner.invoke(main, ["query", query, "--store", store, "--format", "json"])
    assert json.loads(result.output)["results"]["bindings"][0]["title"]["xml:lang"] == "en"
    result = runner.invoke(main, ["query", query, "--store", store, "--format", "csv"])
    assert result.output.splitlines()[0] == "title"
    out = tmp_path / "all.trig"
    result = runner.invoke(main, ["export", "-o", str(out), "--store", store])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_query_from_file_and_ask(runner, store, tmp_path):
    runner.invoke(main, ["load", SEED, "--store", store, "--no-extract"])
    query = tmp_path / "q.rq"
    query.write_text("ASK { ?s ?p ?o }")
    result = runner.invoke(main, ["query", "-f", str(query), "--store", store])
    assert result.output.strip() == "true"


def test_query_syntax_error_is_one_line(runner, store):
    runner.invoke(main, ["load", SEED, "--store", store, "--no-extract"])
    result = runner.invoke(main, ["query", "SELEKT nothing", "--store", store])
    assert result.exit_code == 1
    assert "does not parse" in result.output
    assert "Traceback" not in result.output


def test_query_without_a_store_says_what_to_do(runner, tmp_path):
    result = runner.invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "kg load" in result.output


def test_validate_store_conforms(runner, store):
    runner.invoke(main, ["load", SEED, "--store", store, "--no-extract"])
    result = runner.invoke(main, ["validate", "--store", store])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_bad_file_exits_3(runner):
    bad = ROOT / "tests" / "data" / "shapes" / "bad" / "no-title.ttl"
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 3
    assert "does not conform" in result.output and "dcterms:title" in result.output


# -- idempotency ------------------------------------------------------------------------------

def test_convert_twice_is_byte_identical(runner, tmp_path, fixed_time):
    first, second = tmp_path / "a.nq", tmp_path / "b.nq"
    assert runner.invoke(main, ["convert", SEED, "-o", str(first)]).exit_code == 0
    assert runner.invoke(main, ["convert", SEED, "-o", str(second)]).exit_code == 0
    assert sorted_nquads(first) == sorted_nquads(second)
    assert first.read_bytes() == second.read_bytes()


def test_without_a_fixed_time_only_the_generation_time_differs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    kg.convert([SEED], str(tmp_path / "a.nq"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    kg.convert([SEED], str(tmp_path / "b.nq"))
    a, b = set(sorted_nquads(tmp_path / "a.nq")), set(sorted_nquads(tmp_path / "b.nq"))
    assert all(b"generatedAtTime" in line for line in a ^ b)
    assert len(a ^ b) == 2 * sum(b"generatedAtTime" in line for line in a)


def test_loading_twice_keeps_the_triple_count(store):
    kg.load([SEED], store=store)
    first = kg.stats(store=store)
    kg.load([SEED], store=store)
    second = kg.stats(store=store)
    assert first == second


def test_a_second_record_of_the_same_work_is_one_work_node(store, tmp_path):
    copy = tmp_path / "same-page-saved-again.txt"
    copy.write_bytes((EXAMPLES / "seed.txt").read_bytes())
    kg.load([SEED], store=store)
    kg.load([str(copy)], store=store)
    assert kg.stats(store=store).works == 1


# -- bad input ---------------------------------------------------------------------------------

@pytest.fixture
def bad_inputs(tmp_path):
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "no-title": tmp_path / "no-title.txt",
        "latin1": tmp_path / "latin1.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["no-title"].write_text("Research output: Contribution to journalArticle\n\n\n"
                                 "An abstract without a title.\n\nOriginal languageEnglish\n")
    seed = (EXAMPLES / "seed.txt").read_text(encoding="utf-8").replace("α", "a")
    files["latin1"].write_bytes(seed.replace("Zilembo", "Zilembò").encode("cp1252"))
    return files


@pytest.mark.parametrize("case, message", [
    ("empty", "the file is empty"),
    ("binary", "binary file"),
    ("no-title", "no title"),
])
def test_bad_input_is_one_clear_line(runner, store, bad_inputs, case, message):
    path = str(bad_inputs[case])
    result = runner.invoke(main, ["load", path, "--store", store])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("kg: skipped")]
    assert len(lines) == 1 and path in lines[0] and message in lines[0], result.output


def test_missing_path(runner, store, tmp_path):
    missing = str(tmp_path / "nope.txt")
    result = runner.invoke(main, ["load", missing, "--store", store])
    assert result.exit_code == 1
    assert f"{missing}: no such file" in result.output


def test_non_utf8_with_strict_encoding_names_the_line(runner, store, bad_inputs):
    result = runner.invoke(main, ["load", str(bad_inputs["latin1"]), "--encoding", "utf-8",
                                  "--store", store])
    assert result.exit_code == 1
    assert "not valid utf-8" in result.output and "--encoding" in result.output


def test_latin1_is_read_in_auto_mode(store, bad_inputs):
    summary = kg.load([str(bad_inputs["latin1"])], store=store)
    assert summary.written == 1
    rows = kg.query("SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n "
                    "FILTER(CONTAINS(?n, 'Zilemb')) }", store=store)
    assert [r["n"].value for r in rows] == ["Nicoletta Zilembò"]


def test_good_inputs_still_load_and_the_summary_counts_the_bad(runner, store, bad_inputs):
    args = ["load", str(bad_inputs["empty"]), SEED, str(bad_inputs["binary"]), "--store", store]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "1 record(s) read, 1 record(s) written" in result.output
    assert result.output.count("kg: skipped") == 2
    assert kg.stats(store=store).works == 1


def test_convert_leaves_no_output_when_nothing_could_be_read(runner, tmp_path, bad_inputs):
    out = tmp_path / "out.ttl"
    result = runner.invoke(main, ["convert", str(bad_inputs["empty"]), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_interrupted_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "x.nt"
    with pytest.raises(RuntimeError):
        with atomic_output(str(target)) as handle:
            handle.write(b"partial")
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_unknown_output_extension_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["convert", SEED, "-o", str(tmp_path / "out.xyz")])
    assert result.exit_code == 2
    assert "--format" in result.output


def test_bad_base_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["convert", SEED, "-o", str(tmp_path / "o.nt"), "--base", "x"])
    assert result.exit_code == 2


def test_base_option_sets_the_instance_namespace(tmp_path):
    out = tmp_path / "o.nt"
    kg.convert([SEED], str(out), base="https://example.org/kg/")
    subjects = {t.subject.value for t in ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES)}
    assert any(s.startswith("https://example.org/kg/work/") for s in subjects)


def test_from_names_the_reader(runner, tmp_path):
    result = runner.invoke(main, ["convert", SEED, "--from", "pure", "-o", str(tmp_path / "o.nq")])
    assert result.exit_code == 0
    result = runner.invoke(main, ["convert", SEED, "--from", "nonsense", "-o", str(tmp_path / "o.nq")])
    assert result.exit_code == 2


# -- the installed command ---------------------------------------------------------------------

def test_installed_kg_load_query_export(run_kg, tmp_path):
    store = str(tmp_path / "store")
    done = run_kg("load", "examples/", "--store", store)
    assert done.returncode == 0, done.stderr.decode()
    assert b"read as pure" in done.stderr
    done = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", store,
                  "--format", "csv")
    assert done.returncode == 0 and int(done.stdout.split()[1]) > 100
    out = tmp_path / "graph.jsonld"
    done = run_kg("export", "-o", str(out), "--store", store)
    assert done.returncode == 0 and json.loads(out.read_text())["@graph"]


def test_installed_kg_convert_to_stdout_and_from_stdin(run_kg):
    done = run_kg("convert", "-", "-o", "-", "--format", "nt", "--no-extract",
                  stdin=(EXAMPLES / "seed.txt").read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    triples = list(ox.parse(done.stdout, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) > 100


def test_installed_kg_reports_bad_input_without_traceback(run_kg, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = run_kg("load", str(empty), "--store", str(tmp_path / "s"))
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert f"{empty}: the file is empty".encode() in done.stderr


def test_installed_kg_version(run_kg):
    done = run_kg("--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"kg, version {kg.__version__}"


def test_corrupt_gzip_is_one_clear_line(runner, store, tmp_path):
    broken = tmp_path / "records.xml.gz"
    broken.write_bytes(b"\x1f\x8b<PubmedArticleSet>")
    result = runner.invoke(main, ["load", str(broken), "--store", store, "--no-vocabularies"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{broken}: " in result.output and "gzip" in result.output
