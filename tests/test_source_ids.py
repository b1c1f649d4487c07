"""The normalisers of ISBNs and of the databases' own ids: examples, idempotency, no crash (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
import pytest

from kg.identity.normalize import normalize_isbn
from kg.identity.source_ids import (identifiers, normalize_arxiv, normalize_eid, normalize_openalex_id,
                                    normalize_researcherid, normalize_uuid, normalize_wos_ut)
from kg.model import Identifier


@pytest.mark.parametrize("text, expected", [
    ("978-0-8243-0257-3", "9780824302573"),  # BN of a WoS record (metaknowledge ManyAuthors.isi)
    ("0-306-40615-2", "9780306406157"),  # an ISBN-10 becomes its ISBN-13
    ("ISBN 0-8044-2957-X", "9780804429573"), ("isbn-13: 979-10-90636-07-1", "9791090636071"),
    ("978 0 306 40615 7", "9780306406157"), ("0-306-40615-3", None), ("978-0-306-40615-8", None),
    ("123", None), ("", None), (None, None),
])
def test_isbn(text, expected):
    assert normalize_isbn(text) == expected


@given(st.text(alphabet="0123456789Xx- ISBN:", max_size=20))
def test_isbn_is_idempotent_and_thirteen_digits(text):
    once = normalize_isbn(text)
    assert once is None or (normalize_isbn(once) == once and len(once) == 13 and once.isdigit())


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_isbn10_has_one_isbn13(digits):
    """Whatever its check digit, a valid ISBN-10 and its ISBN-13 give one value."""
    check = (11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11) % 11
    isbn10 = digits + ("X" if check == 10 else str(check))
    thirteen = normalize_isbn(isbn10)
    assert thirteen is not None and thirteen.startswith("978") and normalize_isbn(thirteen) == thirteen


@pytest.mark.parametrize("function, text, expected", [
    (normalize_eid, "2-s2.0-85164438987", "2-s2.0-85164438987"),
    (normalize_eid, " SCOPUS_ID:85164438987", "2-s2.0-85164438987"),
    (normalize_eid, "2-s2.0-", None), (normalize_eid, "85164438987", None),
    (normalize_wos_ut, "WOS:000418020600003", "WOS:000418020600003"),
    (normalize_wos_ut, "ISI:000238592600006", "WOS:000238592600006"),
    (normalize_wos_ut, "wos:a1979gv55600001", "WOS:A1979GV55600001"),
    (normalize_wos_ut, "000177484FG0017", "WOS:000177484FG0017"),
    (normalize_wos_ut, "MEDLINE:16735938", None), (normalize_wos_ut, "INSPEC:8863438", None),
    (normalize_researcherid, "AAL-4598-2020", "AAL-4598-2020"),
    (normalize_researcherid, "a-6691-2017", "A-6691-2017"),
    (normalize_researcherid, "https://www.webofscience.com/wos/author/record/O-7983-2015",
     "O-7983-2015"),
    (normalize_researcherid, "0000-0002-8517-9411", None),
    (normalize_uuid, "d00873802e0f4eae985c1003e74600dc", "d0087380-2e0f-4eae-985c-1003e74600dc"),
    (normalize_uuid, "D0087380-2E0F-4EAE-985C-1003E74600DC", "d0087380-2e0f-4eae-985c-1003e74600dc"),
    (normalize_uuid, "not-a-uuid", None),
])
def test_source_ids(function, text, expected):
    assert function(text) == expected


def test_openalex_ids_are_bare_and_of_their_kind():
    assert normalize_openalex_id("https://openalex.org/W2741809807", "W") == "W2741809807"
    assert normalize_openalex_id("https://openalex.org/works/w2741809807", "W") == "W2741809807"
    assert normalize_openalex_id("A5069892096", "A") == "A5069892096"
    assert normalize_openalex_id("https://openalex.org/A5069892096", "W") is None
    assert normalize_openalex_id("https://openalex.org/", "W") is None


@given(st.text(max_size=60))
def test_source_id_normalisers_are_idempotent(text):
    for function in (normalize_eid, normalize_wos_ut, normalize_researcherid, normalize_uuid):
        once = function(text)
        assert once is None or function(once) == once
    for kind in "WA":
        once = normalize_openalex_id(text, kind)
        assert once is None or normalize_openalex_id(once, kind) == once


@pytest.mark.parametrize("text, expected", [
    ("2003.11901", "2003.11901"), ("arXiv:2003.11901v2", "2003.11901"),  # testjabref, manubot
    ("https://arxiv.org/abs/1707.02264v3", "1707.02264"), ("http://arxiv.org/pdf/0803.0142v1", "0803.0142"),
    ("https://doi.org/10.48550/arXiv.2003.11901", "2003.11901"), ("10.48550/ARXIV.1501.00001", "1501.00001"),
    ("math/0307200v3", "math/0307200"), ("hep-th/9603067", "hep-th/9603067"),  # biblatex-examples
    ("math.GT/0309136", "math/0309136"), ("q-bio.PE/0401001v2", "q-bio/0401001"),
    ("0704.0001", "0704.0001"), ("0703.0001", None),  # new ids start in April 2007
    ("1412.1234", "1412.1234"), ("1501.1234", None), ("1501.12345", "1501.12345"),  # 5 digits from 2015
    ("2013.12345", None), ("hep-th/0704001", None), ("hep-th/9107001", None),  # no such months
    ("10.7717/peerj-cs.147", None), ("", None), (None, None),
])
def test_arxiv(text, expected):
    assert normalize_arxiv(text) == expected


_ARXIV_NEW = st.builds(lambda y, m, n: f"{y:02d}{m:02d}.{n:05d}", st.integers(15, 99),
                       st.integers(1, 12), st.integers(0, 99999))


@given(_ARXIV_NEW, st.integers(1, 30), st.sampled_from(["", "arXiv:", "https://arxiv.org/abs/",
                                                       "10.48550/arXiv.", "https://doi.org/10.48550/arXiv."]))
def test_an_arxiv_id_is_one_value_whatever_its_version_and_prefix(identifier, version, prefix):
    assert normalize_arxiv(f"{prefix}{identifier}v{version}") == normalize_arxiv(identifier) == identifier


@given(st.text(max_size=40))
def test_arxiv_normaliser_is_idempotent(text):
    once = normalize_arxiv(text)
    assert once is None or normalize_arxiv(once) == once


def test_identifiers_drop_empty_values_and_repeats():
    assert identifiers([("wos", "WOS:1"), ("eid", None), ("wos", "WOS:1"), ("isbn", "")]) == (
        Identifier(scheme="wos", value="WOS:1"),)
