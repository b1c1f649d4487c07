"""Hand-edited ontology data tested as data: files parse, kgo is in sync, shapes accept the
examples and reject each named bad graph for its reason."""

from __future__ import annotations

import json
from pathlib import Path
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

import kg
from kg.errors import InputError
from kg.mapping.bib import TYPE_CLASSES
from kg.rdf.namespaces import KGO
from kg.rdf.shacl import read_rdf_file, validate_quads
from tests.conftest import CORPUS, DATA, FIXED_EPOCH, ROOT, need

ONTOLOGY = ROOT / "ontology"
TOOLS = ROOT / "tools"
BAD = sorted((DATA / "shapes" / "bad").glob("*.ttl"))


@pytest.mark.parametrize("path", sorted(ONTOLOGY.rglob("*.ttl")), ids=lambda p: p.name)
def test_every_turtle_file_parses(path):
    graph = rdflib.Graph().parse(path, format="turtle")
    assert len(graph) > 0


def test_context_is_json_with_unique_terms():
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
        return dict(pairs)
    context = json.loads((ONTOLOGY / "context.jsonld").read_text(), object_pairs_hook=no_duplicates)
    assert "@context" in context


def test_kgo_module_is_in_sync_with_the_ontology():
    done = subprocess.run([sys.executable, str(TOOLS / "kgo_codegen.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, "kg/rdf/kgo.py is stale: run `make kgo` " + done.stderr


def test_every_kgo_term_has_a_label_and_a_comment():
    graph = rdflib.Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    terms = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(KGO._NS))}
    assert len(terms) > 40
    for term in terms:
        assert graph.value(term, RDFS.label), f"{term} has no rdfs:label"
        assert graph.value(term, RDFS.comment), f"{term} has no rdfs:comment"
        assert set(graph.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty,
                                                    OWL.DatatypeProperty}


def test_every_kgo_term_used_in_code_is_defined():
    used = set()
    for path in (ROOT / "kg").rglob("*.py"):
        used |= set(re.findall(r"\bKGO\.([A-Za-z]+)", path.read_text(encoding="utf-8")))
    defined = set(KGO.__annotations__)
    assert used - defined == set()


def test_work_shape_targets_every_mapped_work_class():
    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    work_shape = rdflib.URIRef("https://w3id.org/litkg/shapes#WorkShape")
    targets = {str(t) for t in shapes.objects(work_shape, sh.targetClass)}
    mapped = {str(classes[0]) for classes in TYPE_CLASSES.values()}
    assert mapped <= targets


def test_examples_conform(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    out = tmp_path / "examples.nq"
    summary = kg.convert([str(ROOT / "examples")], str(out))
    assert summary.written >= 1
    report = validate_quads(read_rdf_file(str(out)))
    assert report.conforms, report.text()
    assert report.graphs >= 1


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_graph_is_rejected_for_its_reason(path: Path):
    reason = re.search(r"^# reason: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    report = validate_quads(read_rdf_file(str(path)))
    assert not report.conforms, f"{path.name} was accepted"
    assert any(reason in str(v) for v in report.violations), report.text()


def test_bad_fixture_folder_is_not_empty():
    assert len(BAD) >= 10


def test_read_rdf_file_refuses_unknown_extension(tmp_path):
    path = tmp_path / "graph.xyz"
    path.write_text("")
    with pytest.raises(InputError, match="extension"):
        read_rdf_file(str(path))


def test_asjc_scheme_has_all_codes():
    graph = rdflib.Graph().parse(ONTOLOGY / "vocab" / "asjc.ttl", format="turtle")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    codes = {str(o) for o in graph.objects(None, skos.notation) if re.fullmatch(r"\d{4}", str(o))}
    assert len(codes) == 334
    assert {"2730", "2741", "2720", "2700", "2729"} <= codes


def test_asjc_build_script_reproduces_the_shipped_scheme(tmp_path):
    corpus = need(CORPUS / "asjc")
    out = tmp_path / "asjc.ttl"
    subprocess.run([sys.executable, str(TOOLS / "build_asjc.py"), "--corpus", str(corpus),
                    "--out", str(out)], check=True)
    assert out.read_bytes() == (ONTOLOGY / "vocab" / "asjc.ttl").read_bytes()


def test_no_blank_nodes_in_vocabularies():
    with open(ONTOLOGY / "vocab" / "asjc.ttl", "rb") as handle:
        assert not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                       for t in ox.parse(handle, format=ox.RdfFormat.TURTLE))
