"""Every record file of the shared corpus loads with exit 0 through the command line, in one
mixed load as well, and the identity registry joins what the formats share."""

from __future__ import annotations

import json
import re

import pytest

from kg.cli import main
from tests.conftest import CORPUS

RECORD_FOLDERS = ("pure", "pubmed_xml", "medline_txt", "crossref", "openalex", "csl_json",
                  "bibtex", "ris", "scopus_csv", "wos_txt", "bc5cdr")
# Files whose every record is unusable (no title, no type line): their records are skipped and,
# as they give no record at all, the run exits 1 naming them.
ALL_RECORDS_BAD = {"jabref__RisImporterCorrupted.ris", "rispy__example_multiline.ris",
                   "rispy__example_bom.ris", "rispy__example_custom_list_tags.ris",
                   "jabref__RisImporterTestDoiAndJournalTitle.ris",
                   "manubot__excess-date-parts-csl.raw.json", "manubot__null-date-parts-csl.raw.json",
                   "jabref__MedlinePlainImporterTestMultiAbstract.txt"}


def corpus_files():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CORPUS} is absent"))]
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}")
            for folder in RECORD_FOLDERS for path in sorted((CORPUS / folder).iterdir())
            if path.is_file() and path.suffix != ".md"]


@pytest.mark.parametrize("path", corpus_files())
def test_file_converts_with_exit_0(path, runner, tmp_path):
    out = tmp_path / "out.nq"
    result = runner.invoke(main, ["convert", str(path), "--no-extract", "-o", str(out)])
    assert "Traceback" not in result.output
    if path.name in ALL_RECORDS_BAD:
        assert result.exit_code == 1, result.output
        assert "0 record(s) read" in result.output
        assert f"kg: skipped: {path}: none of its" in result.output
    else:
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0


def test_the_whole_corpus_loads_in_one_run(run_kg, tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    store = str(tmp_path / "store")
    done = run_kg("load", *[str(CORPUS / f) for f in RECORD_FOLDERS if f != "bc5cdr"],
                  "--store", store, "--no-extract")
    stderr = done.stderr.decode()
    failed = set(re.findall(r"^kg: skipped: .*/([^/:]+): none of its", stderr, re.M))
    assert (done.returncode, failed) == (1, ALL_RECORDS_BAD), stderr[-3000:]
    stats = json.loads(run_kg("stats", "--json", "--store", store).stdout)
    assert stats["works"] > 1500 and stats["persons"] > 5000
    report = run_kg("validate", "--store", store)
    assert report.returncode == 0, report.stdout.decode()[-3000:]


def test_loading_the_same_files_again_changes_nothing(tmp_path, monkeypatch):
    """A reload states exactly what the first load stated: identity does not depend on what an
    earlier load left in the store (journals sharing a title with different ISSNs used to move
    their kgo:identityBasis between record graphs on the second load)."""
    import kg
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    inputs = [str(CORPUS / folder) for folder in ("pubmed_xml", "medline_txt", "crossref", "csl_json")]
    store = kg.open_store(str(tmp_path / "store"))
    kg.load(inputs, store=store, extract=False, vocabularies=False)
    first = set(store.quads())
    kg.load(inputs, store=store, extract=False, vocabularies=False)
    again = set(store.quads())
    assert first == again, (sorted(map(str, first - again))[:5], sorted(map(str, again - first))[:5])
