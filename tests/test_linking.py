"""Author linking across name forms: conservative, explained, never across two ORCIDs."""

from __future__ import annotations

import random

from kg.identity.linking import PersonFacts, block_key, given_compatible, link_persons, name_parts

JOURNAL = "https://example.org/id/journal/1"


def person(iri: str, name: str, *, works=(), coauthors=(), venues=(), orgs=(), ids=(), given=None,
           family=None) -> PersonFacts:
    return PersonFacts(iri=iri, name=name, given=given, family=family, ids=frozenset(ids),
                       works=frozenset(works), coauthors=frozenset(coauthors), venues=frozenset(venues),
                       organizations=frozenset(orgs))


def test_name_forms_are_read_as_family_and_given_tokens() -> None:
    assert name_parts("M. C. Garassino") == ("garassino", ("m", "c"))
    assert name_parts("Garassino MC") == ("garassino", ("m", "c"))
    assert name_parts("Garassino, Marina Chiara") == ("garassino", ("marina", "chiara"))
    assert name_parts("Zhang Zhi-Wei", "Zhi-Wei", "Zhang") == ("zhang", ("zhi", "wei"))
    assert block_key("Marina Chiara Garassino") == block_key("M.C. Garassino") == "garassino|m"


def test_given_names_are_compatible_only_token_by_token() -> None:
    assert given_compatible(("m", "c"), ("marina", "chiara"))
    assert given_compatible(("m",), ("marina", "chiara"))
    assert not given_compatible(("mario",), ("marina",))
    assert not given_compatible(("m", "a"), ("marina", "chiara"))
    assert not given_compatible((), ("marina",))
    assert given_compatible(("rachel",), ("rachel", "a"))
    assert not given_compatible(("wei",), ("wei", "na"))


def test_compatible_forms_with_shared_evidence_are_linked_with_their_reasons() -> None:
    short = person("p:1", "M. C. Garassino", works={"w1"}, venues={JOURNAL})
    full = person("p:2", "Marina Chiara Garassino", works={"w2"}, venues={JOURNAL})
    [link] = link_persons([short, full])
    assert (link.first, link.second, link.rule) == ("p:1", "p:2", "compatible-name")
    assert link.evidence == (JOURNAL,)


def test_no_link_without_enough_evidence_or_between_co_authors() -> None:
    one = person("p:1", "J. Li", works={"w1"}, coauthors={"chen|j"})
    two = person("p:2", "Jie Li", works={"w2"}, coauthors={"chen|j"})
    assert link_persons([one, two]) == []  # one shared co-author key is not enough
    together = person("p:3", "Jie Li", works={"w1"}, venues={JOURNAL})
    assert link_persons([person("p:1", "J. Li", works={"w1"}, venues={JOURNAL}), together]) == []


def test_links_never_join_two_orcids_however_they_chain() -> None:
    shared = {"venues": {JOURNAL}}
    a = person("p:a", "Marina Garassino", works={"w1"}, ids={("orcid", "0000-0001-0000-0001")}, **shared)
    b = person("p:b", "M. Garassino", works={"w2"}, **shared)
    c = person("p:c", "Marina C. Garassino", works={"w3"}, ids={("orcid", "0000-0002-0000-0002")}, **shared)
    links = link_persons([a, b, c])
    clusters: dict[str, set[str]] = {}
    for link in links:
        merged = clusters.get(link.first, {link.first}) | clusters.get(link.second, {link.second})
        for iri in merged:
            clusters[iri] = merged
    assert not any({"p:a", "p:c"} <= group for group in clusters.values())
    assert links  # b still joins one of them


def test_links_do_not_depend_on_the_order_of_the_facts() -> None:
    people = [person(f"p:{i}", name, works={f"w{i}"}, venues={JOURNAL})
              for i, name in enumerate(["A. B. Smith", "Anna Smith", "A Smith", "Anna B. Smith", "B. Smith"])]
    first = link_persons(people)
    shuffled = people[:]
    random.Random(3).shuffle(shuffled)
    assert link_persons(shuffled) == first


def test_the_coauthor_view_counts_linked_name_forms_as_one_person(tmp_path) -> None:
    """Loaded from two MEDLINE records, 'Garassino MC' and 'Garassino Marina Chiara' (same journal,
    no identifiers) are linked, and the co-author view has one node for them, with both works."""
    import kg
    text = ("PMID- 1\nTI  - First paper.\nDP  - 2001\nAU  - Garassino MC\nAU  - Rossi A\n"
            "TA  - Tumori\nJT  - Tumori\n\n"
            "PMID- 2\nTI  - Second paper.\nDP  - 2002\nFAU - Garassino, Marina Chiara\n"
            "AU  - Garassino MC\nAU  - Bianchi B\nTA  - Tumori\nJT  - Tumori\n")
    source = tmp_path / "two.txt"
    source.write_text(text, encoding="utf-8")
    store = kg.open_store(str(tmp_path / "store"))
    summary = kg.load([str(source)], store=store, extract=False, vocabularies=False)
    assert summary.linked == 1
    graph = kg.view("coauthors", store=store)
    garassino = [n for n, d in graph.nodes(data=True) if "Garassino" in d["label"]]
    assert len(garassino) == 1 and graph.nodes[garassino[0]]["works"] == 2
    assert graph.graph["linked_person_nodes"] == 1
    assert sorted(graph.neighbors(garassino[0])) == sorted(n for n in graph if n != garassino[0])


def test_a_family_name_without_a_given_name_takes_the_rest_of_the_name() -> None:
    assert name_parts("MC Garassino", None, "Garassino") == ("garassino", ("m", "c"))
