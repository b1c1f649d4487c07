"""Identity keys keep every script, and source identifiers keep distinct works and people apart."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kg.identity.mint import IdentityRegistry, person_key, work_keys
from kg.identity.normalize import norm_key
from kg.model import Contributor, Identifier, PartialDate, Work, WorkType

BASE = "https://example.org/id/"

# Letters of each script, without combining marks (marks are drawn separately below).
SCRIPTS = {
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "cjk": "中文标题研究癌症治疗患者结果日本語의학연구",
    "devanagari": "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
DEVANAGARI_SIGNS = "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u094c\u094d\u0902"
LATIN_ACCENTS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327"
GREEK_ACCENTS = "\u0301\u0308"
SEPARATORS = st.sampled_from([" ", "  ", "-", ", ", ": ", ".", "'", "(", ")", "\u00a0"])


def words(script: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.text(alphabet=SCRIPTS[script], min_size=1, max_size=6), min_size=1, max_size=5)


def spelled(letters: list[str], separators: list[str], marks: dict[int, str] | None = None) -> str:
    out = []
    for index, word in enumerate(letters):
        if marks and index in marks:
            word = word[:1] + marks[index] + word[1:]
        out.append(word + (separators[index % len(separators)] if separators else " "))
    return "".join(out)


def folded(letters: list[str]) -> str:
    return unicodedata.normalize("NFC", "".join(letters)).casefold()


@given(st.sampled_from(sorted(SCRIPTS)), st.data())
def test_distinct_titles_get_distinct_keys_in_every_script(script: str, data) -> None:
    """Two titles of one script have equal keys exactly when their letters are equal up to case
    (spacing and punctuation aside): no script collapses to an empty or shared key."""
    first, second = data.draw(words(script)), data.draw(words(script))
    separators = data.draw(st.lists(SEPARATORS, min_size=1, max_size=3))
    key_one, key_two = norm_key(spelled(first, separators)), norm_key(spelled(second, [" "]))
    assert key_one, "a title of letters never has an empty key"
    assert (key_one == key_two) == (folded(first) == folded(second))


@given(words("latin"), st.data())
def test_latin_and_greek_accents_fold_away(letters: list[str], data) -> None:
    marks = data.draw(st.dictionaries(st.integers(0, len(letters) - 1), st.sampled_from(LATIN_ACCENTS)))
    assert norm_key(spelled(letters, [" "], marks)) == norm_key(spelled(letters, [" "]))
    greek = data.draw(words("greek"))
    marks = data.draw(st.dictionaries(st.integers(0, len(greek) - 1), st.sampled_from(GREEK_ACCENTS)))
    assert norm_key(spelled(greek, [" "], marks)) == norm_key(spelled(greek, [" "]))


@given(words("devanagari"), st.data())
def test_marks_of_other_scripts_are_part_of_their_letters(letters: list[str], data) -> None:
    """A vowel sign or virama changes a Devanagari word: it is kept, not folded like an accent."""
    index = data.draw(st.integers(0, len(letters) - 1))
    sign = data.draw(st.sampled_from(DEVANAGARI_SIGNS))
    assert norm_key(spelled(letters, [" "], {index: sign})) != norm_key(spelled(letters, [" "]))


def test_equal_after_normalisation_means_equal_keys() -> None:
    assert norm_key("ＡＢＣ １２３") == norm_key("abc 123")  # NFKC: full-width forms
    assert norm_key("Ёлка") == norm_key("ёлка") and norm_key("Ёлка") != norm_key("елка")
    assert norm_key("Исследование ٢٠١٩") == norm_key("исследование 2019")  # digits of any script
    assert norm_key("α-interferon") == norm_key("alpha interferon")  # the Greek alias spelling
    assert norm_key("Ἀθῆναι") == norm_key("ΑΘΗΝΑΙ")


def _work(title: str, **fields) -> Work:
    return Work(type=fields.pop("type", WorkType.JOURNAL_ARTICLE), title=title,
                issued=PartialDate(year=2009), contributors=(Contributor(name="Ivanov I", family="Ivanov"),),
                **fields)


def test_works_with_different_identifiers_of_one_scheme_never_merge() -> None:
    registry = IdentityRegistry(BASE)
    title = "Proceedings of the International Conference"
    one = registry.work(_work(title, identifiers=(Identifier(scheme="eid", value="2-s2.0-1"),)))
    two = registry.work(_work(title, identifiers=(Identifier(scheme="eid", value="2-s2.0-2"),)))
    bare = registry.work(_work(title))
    assert one.iri != two.iri
    assert bare.iri == one.iri  # no identifier contradicts it: the title key finds the first
    article = registry.work(_work("Same title", identifiers=(Identifier(scheme="wos", value="WOS:1"),)))
    abstract = registry.work(_work("Same title", identifiers=(Identifier(scheme="wos", value="WOS:2"),)))
    assert article.iri != abstract.iri


def test_non_latin_titles_without_identifiers_stay_apart() -> None:
    registry = IdentityRegistry(BASE)
    titles = ["Состояние рецепторного аппарата эндометрия", "Метаболизм эстрогенов",
              "子宫内膜增生的雌激素代谢"]
    assert len({registry.work(_work(t)).iri for t in titles}) == 3


def test_identifier_keys_come_in_priority_order() -> None:
    work = _work("T", doi="10.1/x", identifiers=(Identifier(scheme="openalex", value="W1"),
                                                 Identifier(scheme="isbn", value="9780000000002")))
    assert [basis for basis, _ in work_keys(work)] == ["doi", "openalex", "title"]  # ISBN: books only
    book = _work("T", type=WorkType.BOOK, identifiers=(Identifier(scheme="isbn", value="9780000000002"),))
    assert [basis for basis, _ in work_keys(book)] == ["isbn", "title"]


def test_people_are_kept_apart_by_their_author_ids() -> None:
    one = Contributor(name="Иванов И.", identifiers=(Identifier(scheme="openalex", value="A1"),))
    two = Contributor(name="Иванов И.", identifiers=(Identifier(scheme="openalex", value="A2"),))
    assert person_key(one) != person_key(two)
    assert person_key(Contributor(name="Zhang ZW", scopus_id="1")) == ("scopus", "person|scopus=1")
    assert person_key(Contributor(name="Zhang ZW", orcid="0000-0002-1825-0097",
                                  scopus_id="1"))[0] == "orcid"
    assert person_key(Contributor(name="Иванов И."))[1] != person_key(Contributor(name="Петров П."))[1]


def test_a_book_known_by_either_of_its_isbns_is_one_work() -> None:
    """One record lists the print and electronic ISBNs, another (no DOI) only the electronic one:
    every ISBN is a key and the guard asks for a shared value (only the first ISBN used to count)."""
    registry = IdentityRegistry(BASE)
    both = registry.work(_work("A book", type=WorkType.BOOK, doi="10.1/book",
                               identifiers=(Identifier(scheme="isbn", value="9780000000002"),
                                            Identifier(scheme="isbn", value="9781111111113"))))
    electronic = registry.work(_work("A book", type=WorkType.BOOK,
                                     identifiers=(Identifier(scheme="isbn", value="9781111111113"),)))
    other = registry.work(_work("A book", type=WorkType.BOOK,
                                identifiers=(Identifier(scheme="isbn", value="9782222222224"),)))
    assert both.iri == electronic.iri != other.iri
