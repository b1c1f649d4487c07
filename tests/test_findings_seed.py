"""The seed's clinical findings (gold/seed.json "findings"): every item in the graph, each with
evidence pointing at the right words, and nothing about the patients the text is silent on."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

import kg
from tests.conftest import EXAMPLES, GOLD, need

P = """
PREFIX kgo: <https://w3id.org/litkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX mesh: <http://id.nlm.nih.gov/mesh/>
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "seed.nq"
    summary = kg.convert([str(EXAMPLES / "seed.txt")], str(out), extract=True)
    assert summary.written == 1
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def gold():
    return json.loads(need(GOLD / "seed.json").read_text(encoding="utf-8"))["findings"]


@pytest.fixture(scope="module")
def abstract(graph):
    [row] = graph.query(P + "SELECT ?a WHERE { ?w dcterms:abstract ?a }", use_default_graph_as_union=True)
    return row["a"].value


def rows(graph, body):
    result = graph.query(P + body, use_default_graph_as_union=True)
    return [{v.value: (r[v].value if r[v] is not None else None) for v in result.variables} for r in result]


def evidence(graph, node: str) -> list[tuple[int, int, str]]:
    return [(int(r["s"]), int(r["e"]), r["x"]) for r in rows(graph, f"""
        SELECT ?s ?e ?x WHERE {{ ?a oa:hasBody <{node}> ; oa:hasTarget/oa:hasSelector ?sel .
                                 ?sel oa:start ?s ; oa:end ?e ; oa:exact ?x }}""")]


def test_enrolled_and_its_evidence(graph, gold, abstract):
    [study] = rows(graph, "SELECT ?s ?n WHERE { ?s a kgo:ClinicalStudy ; kgo:enrolledCount ?n }")
    assert int(study["n"]) == gold["study"]["enrolled"]
    [(start, end, exact)] = evidence(graph, study["s"])
    assert abstract[start:end] == exact == "Seventeen patients"


def test_population_prior_therapy_and_line(graph):
    [row] = rows(graph, "SELECT ?pop ?prior WHERE { ?s kgo:population ?pop ; kgo:priorTherapy ?prior }")
    assert row["pop"].endswith("NCIT_C3809")
    [label] = rows(graph, f"SELECT ?l WHERE {{ <{row['prior']}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}")
    assert "nterferon" in label["l"] and "2a" in label["l"].casefold().replace("-", "")
    lines = {r["l"] for r in rows(graph, "SELECT ?l WHERE { ?s kgo:treatmentLine ?c . "
                                         "?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")}
    assert any("second" in l.casefold() for l in lines) and any("salvage" in l.casefold() for l in lines)


def test_cohort(graph, gold, abstract):
    found = {r["c"].rsplit("_", 1)[-1]: (int(r["n"]), r["part"]) for r in rows(graph, """
        SELECT ?part ?c ?n WHERE { ?s kgo:hasCohortComponent ?part . ?part kgo:condition ?c ; kgo:count ?n }""")}
    expected = {item["ncit"]: item["count"] for item in gold["study"]["cohort"]}
    assert {code: n for code, (n, _) in found.items()} == expected
    for code, (count, part) in found.items():
        [(start, end, exact)] = evidence(graph, part)
        assert abstract[start:end] == exact and exact.split()[0] in ("12", "3", "one")


def arm_by_size(graph, size):
    [row] = rows(graph, f"SELECT ?a ?label ?sel WHERE {{ ?a kgo:armSize {size} ; rdfs:label ?label "
                        f"OPTIONAL {{ ?a kgo:selectionCriterion ?sel }} }}")
    return row


def test_arms(graph, gold):
    assert len(rows(graph, "SELECT ?a WHERE { ?s kgo:hasArm ?a }")) == 2
    mibg = arm_by_size(graph, 3)
    assert "MIBG" in mibg["label"] and mibg["sel"] == "high MIGB uptake"
    chemo = arm_by_size(graph, 14)
    assert "chemotherapy" in chemo["label"]
    [agent] = rows(graph, f"SELECT ?g WHERE {{ <{mibg['a']}> kgo:hasAdministration/kgo:agent ?g }}")
    assert agent["g"] == "http://id.nlm.nih.gov/mesh/D019797"


def test_chemotherapy_administrations(graph, gold, abstract):
    chemo = arm_by_size(graph, 14)["a"]
    found = rows(graph, f"""SELECT ?d ?agent ?dose ?unit ?route (GROUP_CONCAT(STR(?day); separator=",") AS ?days)
        WHERE {{ <{chemo}> kgo:hasAdministration ?d . ?d kgo:agent ?agent ; kgo:doseValue ?dose ;
                 kgo:doseUnit ?unit ; kgo:route ?route ; kgo:onDay ?day }}
        GROUP BY ?d ?agent ?dose ?unit ?route""")
    by_agent = {r["agent"].rsplit("/", 1)[-1]: r for r in found}
    expected = {a["mesh"]: a for a in gold["arms"][1]["administrations"]}
    assert set(by_agent) == set(expected)
    for mesh, item in expected.items():
        got = by_agent[mesh]
        assert int(float(got["dose"])) == item["dose"] and got["unit"] == item["unit"]
        assert got["route"].endswith("NCIT_C38276")
        assert sorted(int(d) for d in got["days"].split(",")) == item["days"]
        [(start, end, exact)] = evidence(graph, got["d"])
        assert abstract[start:end] == exact and exact.startswith(("streptozotocin", "epirubicin"))


def findings_of(graph, arm):
    return rows(graph, f"""SELECT ?f ?r ?o ?n ?neg ?hedged WHERE {{ ?f kgo:arm <{arm}> ; kgo:negated ?neg ;
        kgo:hedged ?hedged . OPTIONAL {{ ?f kgo:response ?r }} OPTIONAL {{ ?f kgo:observation ?o }}
        OPTIONAL {{ ?f kgo:count ?n }} }}""")


def test_mibg_arm_findings(graph, abstract):
    found = findings_of(graph, arm_by_size(graph, 3)["a"])
    responses = {r["r"].rsplit("_", 1)[-1]: r for r in found if r["r"]}
    assert set(responses) == {"C18213", "C35571"}
    assert int(responses["C18213"]["n"]) == 2 and int(responses["C35571"]["n"]) == 1
    assert all(r["neg"] == "false" for r in found)
    with_ = rows(graph, f"SELECT ?x WHERE {{ <{responses['C18213']['f']}> kgo:accompaniedBy ?x }}")
    assert len(with_) == 2
    [(start, end, exact)] = evidence(graph, responses["C35571"]["f"])
    assert "the third patient had progressive disease" in exact and abstract[start:end] == exact


def test_chemotherapy_arm_findings(graph, abstract):
    found = findings_of(graph, arm_by_size(graph, 14)["a"])
    [partial] = [r for r in found if r["r"]]
    assert partial["r"].endswith("NCIT_C18058") and int(partial["n"]) == 1 and partial["neg"] == "false"
    negated = [r for r in found if r["o"]]
    assert len(negated) == 2 and all(r["neg"] == "true" and r["n"] is None for r in negated)
    for item in negated:
        [(start, end, exact)] = evidence(graph, item["f"])
        assert exact.startswith("neither tumor marker reduction nor subjective improvement")


def test_nothing_about_the_other_thirteen(graph):
    chemo = arm_by_size(graph, 14)["a"]
    counts = [int(r["n"]) for r in findings_of(graph, chemo) if r["n"]]
    assert 13 not in counts and sum(counts) == 1
    assert not rows(graph, "SELECT ?x WHERE { ?x kgo:count 13 }")


def test_conclusions(graph, gold):
    found = rows(graph, "SELECT ?c ?j ?h ?about WHERE { ?c a kgo:AuthorConclusion ; kgo:judgement ?j ;"
                        " kgo:hedged ?h OPTIONAL { ?c kgo:about ?about } }")
    assert len(found) == len(gold["conclusions"])
    by_text = {r["j"]: r for r in found}
    for item in gold["conclusions"]:
        match = [r for text, r in by_text.items() if item["judgement"].split(" tumour")[0]
                 .replace("tumour", "tumor") in text]
        assert match, item
        assert (match[0]["h"] == "true") is item["hedged"]
    mibg, chemo = arm_by_size(graph, 3)["a"], arm_by_size(graph, 14)["a"]
    assert by_text["ineffective"]["about"] == chemo
    assert next(r for t, r in by_text.items() if t.startswith("promising"))["about"] == mibg


def test_conclusions_are_not_findings(graph):
    assert not rows(graph, "SELECT ?c WHERE { ?c a kgo:AuthorConclusion , kgo:Finding }")


def test_background_is_not_a_result(graph):
    [row] = rows(graph, "SELECT ?b ?t WHERE { ?b a kgo:BackgroundClaim ; kgo:extractedFrom ?t } "
                        "ORDER BY ?b LIMIT 1")
    assert row["t"].startswith("The use of interferon (IFN)")


def test_every_mention_span_points_at_its_words(graph, abstract):
    found = rows(graph, """SELECT ?s ?e ?x ?field WHERE { ?a oa:motivatedBy oa:identifying ;
        oa:hasTarget ?t . ?t <https://w3id.org/litkg/ontology#textField> ?field ; oa:hasSelector ?sel .
        ?sel oa:start ?s ; oa:end ?e ; oa:exact ?x }""")
    assert len(found) >= 25
    for row in found:
        if row["field"].endswith("abstract"):
            assert abstract[int(row["s"]):int(row["e"])] == row["x"]
    spelled = {r["x"] for r in found}
    assert {"MIBG", "MIGB", "metaiodobenzylguanidine", "streptozotocin", "epirubicin"} <= spelled


def test_spelling_variants_resolve_to_one_concept(graph):
    bodies = {r["b"] for r in rows(graph, """SELECT ?b WHERE { ?a oa:motivatedBy oa:identifying ;
        oa:hasBody ?b ; oa:hasTarget/oa:hasSelector/oa:exact ?x
        FILTER(?x IN ("MIBG", "MIGB", "metaiodobenzylguanidine")) }""")}
    assert bodies == {"http://id.nlm.nih.gov/mesh/D019797"}


def test_findings_graph_conforms_to_the_shapes(tmp_path):
    out = tmp_path / "seed.trig"
    kg.convert([str(EXAMPLES / "seed.txt")], str(out), extract=True)
    report = kg.validate(str(out))
    assert report.conforms, report.text()
    assert report.graphs == 2
