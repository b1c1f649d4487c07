"""One exit-code rule for every reader and command: an input that yields no record exits 1 naming it."""

from __future__ import annotations

import pytest

import kg
from kg.cli import main
from kg.readers import READERS
from tests.conftest import EXAMPLES

# An input of each registered format that holds no record: the format's own empty shapes.
RECORDLESS = {
    "pure": ("page.txt", "Research output: Contribution to journal\u203aArticle\n\nnothing here\n"),
    "pubmed": ("set.xml", '<?xml version="1.0"?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n'),
    "medline": ("search.nbib", "\n\nSearch: cancer\n"),
    "crossref": ("works.json",
                 '{"status":"ok","message-type":"work-list","message":{"items":[]}}'),
    "openalex": ("works.csv", "id,display_name,publication_year\n"),
    "csl": ("items.json", "[]"),
    "bibtex": ("refs.bib", "@comment{nothing}\n@string{j = \"Journal\"}\n"),
    "ris": ("refs.ris", "Provider: nobody\nContent: text/plain\n"),
    "scopus": ("scopus.csv", "Authors,Title,Year,Source title,EID,Link\n"),
    "wos": ("savedrecs.txt", "FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n"),
    "pubtator": ("docs.txt", "nothing\n"),
}
SEED = str(EXAMPLES / "seed.txt")


def test_every_reader_has_a_recordless_input():
    assert set(RECORDLESS) == set(READERS)


@pytest.fixture
def recordless(tmp_path):
    def write(reader: str) -> str:
        name, text = RECORDLESS[reader]
        path = tmp_path / reader / name
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


def run(runner, command: str, inputs: list[str], tmp_path, *extra: str):
    """`kg COMMAND INPUTS` the way each command takes them (a store, an output, one file)."""
    if command == "load":
        args = ["load", *inputs, "--store", str(tmp_path / "store"), "--no-vocabularies"]
    elif command == "convert":
        args = ["convert", *inputs, "-o", str(tmp_path / "out.nq")]
    else:
        args = ["extract", *inputs]
    if command != "extract":
        args.append("--no-extract")
    result = runner.invoke(main, [*args, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("command", ["load", "convert", "extract"])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_recordless_input_exits_1_naming_it(runner, recordless, tmp_path, reader, command):
    path = recordless(reader)
    # the format named, and sniffed (extract reads a file of no known format as one abstract)
    for how in (["--from", reader], [] if command != "extract" else ["--from", reader]):
        result = run(runner, command, [path], tmp_path, *how)
        assert result.exit_code == 1, (how, result.output)
        assert f"{path}: " in result.output, (how, result.output)
        assert result.output.rstrip().splitlines()[-1].startswith("kg: error: ")
    assert not (tmp_path / "out.nq").exists()


@pytest.mark.parametrize("command", ["load", "convert"])
def test_an_empty_folder_exits_1_naming_it(runner, tmp_path, command):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / ".hidden").write_text("x")
    (folder / "README.md").write_text("# notes, not records\n")
    result = run(runner, command, [str(folder)], tmp_path)
    assert result.exit_code == 1
    assert f"{folder}: the folder holds no input files" in result.output


@pytest.mark.parametrize("command", ["load", "convert"])
def test_a_folder_of_recordless_files_exits_1_naming_each(runner, recordless, tmp_path, command):
    paths = [recordless("wos"), recordless("bibtex"), recordless("pubmed")]
    result = run(runner, command, [str(tmp_path)], tmp_path)
    assert result.exit_code == 1
    assert all(f"{path}: no record in this file" in result.output for path in paths)


@pytest.mark.parametrize("command", ["load", "convert", "extract"])
def test_a_file_of_bad_records_only_exits_1(runner, tmp_path, command):
    path = tmp_path / "untitled.nbib"
    path.write_text("PMID- 1\nAB  - An abstract without a title.\n\nPMID- 2\nAB  - Another.\n")
    result = run(runner, command, [str(path)], tmp_path)
    assert result.exit_code == 1
    assert result.output.count(" (record ") == 2
    assert f"{path}: none of its 2 record(s) could be read" in result.output


@pytest.mark.parametrize("command", ["load", "convert"])
def test_good_inputs_are_still_written_beside_a_recordless_one(runner, recordless, tmp_path,
                                                                command):
    result = run(runner, command, [recordless("csl"), SEED], tmp_path)
    assert result.exit_code == 1
    assert "1 record(s) read, 1 record(s) written" in result.output


def test_strict_stops_at_a_recordless_input(tmp_path, recordless):
    path = recordless("crossref")
    with pytest.raises(kg.InputError, match="no record in this file"):
        kg.convert([path, SEED], str(tmp_path / "out.nq"), strict=True, extract=False)


def test_the_api_counts_a_recordless_input_as_failed(tmp_path, recordless):
    summary = kg.convert([recordless("wos")], str(tmp_path / "out.nq"), extract=False)
    assert not summary.ok and summary.files_failed == 1 and summary.records == 0
    assert "no record in this file (read as wos)" in str(summary.errors[0])
