"""Normalisers and IRI minting: examples, idempotency and determinism (hypothesis)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
import pytest

from kg.identity.mint import IdentityRegistry, digest, work_keys
from kg.identity.normalize import (norm_key, normalize_doi, normalize_issn, normalize_orcid, normalize_pmcid,
                                   normalize_pmid, page_count, parse_date, parse_pages)
from kg.model import Contributor, PartialDate, Venue, Work

BASE = "https://example.org/id/"


@pytest.mark.parametrize("text, expected", [
    ("10.1080/02841869309093625", "10.1080/02841869309093625"),
    ("https://doi.org/10.1371/JOURNAL.PONE.0033693", "10.1371/journal.pone.0033693"),
    ("doi:10.1002/jor.1100150407.", "10.1002/jor.1100150407"),
    ("http://dx.doi.org/10.1023/A:1017379030770", "10.1023/a:1017379030770"),
    ("not a doi", None), ("", None), (None, None),
])
def test_doi(text, expected):
    assert normalize_doi(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("0284-186X", "0284-186X"), ("0284186x", "0284-186X"), ("0284-1860", None), ("12", None),
])
def test_issn(text, expected):
    assert normalize_issn(text) == expected


def test_orcid_and_ids():
    assert normalize_orcid("https://orcid.org/0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert normalize_orcid("0000-0002-1825-0098") is None
    assert normalize_pmid("PMID: 8494547") == "8494547" and normalize_pmid("x1") is None
    assert normalize_pmcid("pmc3312345") == "PMC3312345"


@pytest.mark.parametrize("text, expected", [
    ("245-250", ("245", "250")), ("103-12", ("103", "112")), ("e0033693", ("e0033693", None)),
    ("S45-50", ("S45", "S50")), ("1207–1210", ("1207", "1210")), ("", (None, None)),
])
def test_pages(text, expected):
    assert parse_pages(text) == expected


@pytest.mark.parametrize("text, iso", [
    ("1993", "1993"), ("Jun 2006", "2006-06"), ("May 1 2012", "2012-05-01"),
    ("Jan 29 2005", "2005-01-29"), ("1999 Spring", "1999"), ("1998 Dec-1999 Jan", "1998-12"),
    ("2005/02/30", "2005-02"), ("2013 06 10", "2013-06-10"), ("no date", None),
])
def test_dates(text, iso):
    date = parse_date(text)
    assert (date.isoformat() if date else None) == iso


def test_key_normalisation():
    assert norm_key("Salvage treatment after rinterferon α2a") == "salvagetreatmentafterrinterferonalpha2a"
    assert norm_key("Garrè") == norm_key("Garre")


@given(st.text())
def test_doi_is_idempotent(text):
    once = normalize_doi(text)
    assert once is None or normalize_doi(once) == once


@given(st.text(alphabet="0123456789Xx- ", max_size=12))
def test_issn_is_idempotent(text):
    once = normalize_issn(text)
    assert once is None or normalize_issn(once) == once


@given(st.text(max_size=40))
def test_pages_are_idempotent(text):
    start, end = parse_pages(text)
    if start and end and "-" not in start + end:
        assert parse_pages(f"{start}-{end}") == (start, end)
    if start and not end and "-" not in start and "," not in start:
        assert parse_pages(start)[0] == start


@given(st.text(max_size=40))
def test_dates_are_idempotent(text):
    date = parse_date(text)
    assert date is None or parse_date(date.isoformat()) == date


@given(st.text())
def test_norm_key_is_idempotent_and_safe(text):
    """A key is its own key, NFC, and holds letters, digits and letters' marks only (no space,
    punctuation or separator that could forge the `|` structure of a minting key)."""
    key = norm_key(text)
    assert norm_key(key) == key
    assert unicodedata.is_normalized("NFC", key)
    assert all(unicodedata.category(ch)[0] in "LNM" for ch in key)
    if text.isascii():
        assert re.fullmatch(r"[a-z0-9]*", key)


def test_page_count():
    assert page_count("245", "250") == 6 and page_count("e1", None) is None


# -- minting --------------------------------------------------------------------------------

@given(st.text())
def test_digest_is_deterministic_hex(key):
    assert digest(key) == digest(key) and re.fullmatch(r"[0-9a-f]{16}", digest(key))


@given(st.text(min_size=1), st.text())
def test_minted_iris_are_injection_free(title, name):
    registry = IdentityRegistry(BASE)
    work = Work(title=title, contributors=(Contributor(name=name or "x"),))
    iri = registry.work(work).iri
    assert re.fullmatch(r"https://example\.org/id/work/[0-9a-f]{16}", iri)
    person = registry.person(Contributor(name=name or "x")).iri
    assert re.fullmatch(r"https://example\.org/id/person/[0-9a-f]{16}", person)


def test_key_priority_and_fallback():
    work = Work(title="A Title", doi="10.1/x", pmid="5", issued=PartialDate(year=1993),
                contributors=(Contributor(name="Filippo de Braud", family="de Braud"),))
    assert [basis for basis, _ in work_keys(work)] == ["doi", "pmid", "title"]
    assert work_keys(work)[-1][1] == "work|t=atitle|y=1993|fa=braud"


def test_registry_reuses_the_iri_across_sources():
    registry = IdentityRegistry(BASE)
    page = Work(title="Salvage treatment", issued=PartialDate(year=1993),
                contributors=(Contributor(name="Nicoletta Zilembo"),))
    pubmed = Work(title="Salvage treatment.", issued=PartialDate(year=1993), pmid="8494547",
                  contributors=(Contributor(name="Nicoletta Zilembo", given="Nicoletta",
                                            family="Zilembo"),))
    crossref = Work(title="Salvage treatment after…", pmid="8494547", doi="10.1/x")
    first, second, third = registry.work(page), registry.work(pubmed), registry.work(crossref)
    assert first.iri == second.iri == third.iri
    assert first.key is not None and second.key is not None and third.key is None


def test_registry_keeps_works_with_different_dois_apart():
    registry = IdentityRegistry(BASE)
    a = Work(title="Editorial", doi="10.1/a", issued=PartialDate(year=2000))
    b = Work(title="Editorial", doi="10.1/b", issued=PartialDate(year=2000))
    assert registry.work(a).iri != registry.work(b).iri


def test_journal_keys_and_registry():
    registry = IdentityRegistry(BASE)
    one = registry.journal(Venue(title="Acta Oncologica"))
    two = registry.journal(Venue(title="Acta Oncologica", issn="0284-186X"))
    assert one.iri == two.iri
    assert registry.journal(Venue()) is None


def test_bad_base_is_refused():
    with pytest.raises(ValueError):
        IdentityRegistry("ftp://x/")
    with pytest.raises(ValueError):
        IdentityRegistry("https://x/with space/")
