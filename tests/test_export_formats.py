"""Every export format of the seed and of the Pure corpus parses with riot, rapper, pyoxigraph,
rdflib and pyld, and all of them read the same dataset: the same quads in the same named graphs
from N-Quads, TriG and JSON-LD, and their union from Turtle and N-Triples."""

from __future__ import annotations

import json
from pathlib import Path
import shutil
import subprocess

import pyoxigraph as ox
import pytest

import kg
from tests.conftest import CORPUS, EXAMPLES, FIXED_EPOCH, need
from tests.graphs import (Dataset, assert_same_dataset, nquads_dataset, parse_dataset, rdflib_dataset,
                          union_of)
from tests.validators import missing_tool, riot_command, riot_validate_many

FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "ttl": ox.RdfFormat.TURTLE,
           "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
RAPPER = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "ntriples"}
RDFLIB = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
QUAD_FORMATS = ("nq", "trig", "jsonld")  # they keep each record's named graphs


def _pages() -> list[Path]:
    pure = need(CORPUS / "pure")
    return [EXAMPLES / "seed.txt", *sorted(pure.glob("*.txt"))]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """{page name: {format: path}} for the seed and every Pure page, converted once."""
    folder = tmp_path_factory.mktemp("exports")
    out: dict[str, dict[str, Path]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        for page in _pages():
            out[page.stem] = {}
            for ext in FORMATS:
                target = folder / f"{page.stem}.{ext}"
                summary = kg.convert([str(page)], str(target))
                assert summary.written == 1, summary.errors
                out[page.stem][ext] = target
    return out


def _expected(files: dict[str, Path], ext: str) -> Dataset:
    """What every parser must read from files[ext]: the N-Quads export's dataset (read by
    pyoxigraph) with its graph names for a quad format, its union for a triple format."""
    reference = parse_dataset(files["nq"], FORMATS["nq"])
    return reference if ext in QUAD_FORMATS else union_of(reference)


def test_every_page_exports(exports):
    assert len(exports) == 21


def test_riot_validates_every_export(exports):
    if riot_command() is None:
        missing_tool("Jena riot is not set up")
    paths = [p for files in exports.values() for p in files.values()]
    results = riot_validate_many(paths)
    failed = [str(r) for r in results.values() if not r.ok]
    assert not failed, "\n\n".join(failed)


def test_pyoxigraph_reads_the_same_dataset_from_every_format(exports):
    for name, files in exports.items():
        for ext, path in files.items():
            assert_same_dataset(_expected(files, ext), parse_dataset(path, FORMATS[ext]),
                                label=f"pyoxigraph {name}.{ext}")


def test_rdflib_reads_the_same_dataset_from_every_format(exports):
    for name, files in exports.items():
        for ext, path in files.items():
            assert_same_dataset(_expected(files, ext), rdflib_dataset(path, RDFLIB[ext]),
                                label=f"rdflib {name}.{ext}")


def test_rapper_reads_the_same_dataset(exports):
    rapper = shutil.which("rapper")
    if rapper is None:
        missing_tool("Raptor's rapper is not installed (Debian package raptor2-utils)")
    for name, files in exports.items():
        for ext, syntax in RAPPER.items():
            proc = subprocess.run([rapper, "-q", "-i", syntax, "-o", "nquads", str(files[ext])],
                                  capture_output=True, timeout=120)
            assert proc.returncode == 0, proc.stderr.decode()
            assert_same_dataset(_expected(files, ext), nquads_dataset(proc.stdout),
                                label=f"rapper {name}.{ext}")


def test_riot_reads_the_same_dataset_for_the_seed(exports):
    command = riot_command()
    if command is None:
        missing_tool("Jena riot is not set up")
    files = exports["seed"]
    for ext, path in files.items():
        syntax = ["--syntax=jsonld10"] if ext == "jsonld" else []
        proc = subprocess.run([*command, *syntax, "--output=nq", str(path)],
                              capture_output=True, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        assert_same_dataset(_expected(files, ext), nquads_dataset(proc.stdout), label=f"riot seed.{ext}")


def test_pyld_expands_jsonld_to_the_same_dataset(exports):
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is in the test extra")
    for name, files in exports.items():
        document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
        nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
        assert_same_dataset(_expected(files, "jsonld"), nquads_dataset(nquads), label=f"pyld {name}.jsonld")


def test_jsonld_is_compact(exports):
    document = json.loads(exports["seed"]["jsonld"].read_text(encoding="utf-8"))
    graphs = {graph["id"].split("/graph/")[1].split("/")[0]: graph for graph in document["@graph"]}
    assert set(graphs) == {"pure", "findings"}
    work = next(node for node in graphs["pure"]["@graph"] if "abstract" in node)
    assert work["title"] == {"@value": "Salvage treatment after rinterferon α2a in advanced "
                                       "neuroendocrine tumors", "@language": "en"}
    assert work["issued"] == {"@value": "1993", "@type": "xsd:gYear"}
    assert work["numPages"] == "6"
    assert "asjc:2741" in work["subject"]
