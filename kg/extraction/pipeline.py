"""extract_findings: a title and abstract in, typed clinical findings out."""

from __future__ import annotations

from functools import lru_cache, partial

from kg.cache import collector_paused, keep_for_life
from kg.extraction.cohorts import arms, cohort, enrolment, prior_therapy
from kg.extraction.lexicon import Lexicon, load_lexicon
from kg.extraction.outcomes import conclusions, outcomes
from kg.extraction.regimens import regimens
from kg.extraction.text import Field, distinct_concepts
from kg.findings import Arm, Findings, Mention, Span, Study

MAX_TEXT = 200_000  # longer "abstracts" are not abstracts: only their start is read


@lru_cache(maxsize=1)
def _tagger():
    """The BC5CDR chemical/disease tagger, when its model is shipped (kept out of the
    collector's scans, like the lexicon)."""
    try:
        from kg.extraction.ner import load_tagger
        tagger = load_tagger()
    except (ImportError, FileNotFoundError, OSError):
        return None
    keep_for_life()
    return tagger


_NER_TYPES = {"Chemical": "drug", "Disease": "disease"}

# Treatment classes and study words that the GDC agent list names among its drugs: mentions of
# them are kept, but typed for what they are, so they never count as an agent that was given.
_RETYPED = {"chemotherapy": "therapy", "combination chemotherapy": "therapy",
            "hormone therapy": "therapy", "radiation therapy": "therapy", "radiotherapy": "therapy",
            "immunotherapy": "therapy", "targeted therapy": "therapy", "placebo": "control",
            "clinical trial": "study", "liposome": "chemical"}


def _type_of(concept) -> str:
    return _RETYPED.get(concept.label.casefold(), concept.type)


# Spans and mentions made straight from their fields' tuple (a named tuple's own __new__ is
# a Python function: a third of what making one costs).
_span = partial(tuple.__new__, Span)
_mention = partial(tuple.__new__, Mention)
# id(concept) -> (concept, type, id, label) of the concepts the lexicon has named so far.
_NAMING: dict[int, tuple] = {}


def _naming(concept) -> tuple:
    if len(_NAMING) >= 100_000:
        _NAMING.clear()
    named = _NAMING[id(concept)] = (concept, _type_of(concept), concept.id, concept.label)
    return named


def _by_start(mention: Mention) -> tuple[int, int]:
    return mention[0][1], mention[0][2]


def find_mentions(field_name: str, text: str, lexicon: Lexicon, *, use_tagger: bool = True,
                  entities=None) -> tuple[Mention, ...]:
    """Lexicon concepts named in the text, plus tagger mentions with a MeSH id where the
    lexicon found nothing (``entities``: the tagger's output when already computed); no two
    mentions overlap, and they come in text order."""
    mentions = []
    for match in lexicon.find(text):
        concept = match.concept
        named = _NAMING.get(id(concept))
        if named is None or named[0] is not concept:
            named = _naming(concept)
        mentions.append(_mention((_span((field_name, match.start, match.end, match.text)),
                                  named[1], named[2], named[3])))
    tagger = _tagger() if use_tagger and entities is None else None
    if entities is None and tagger is not None:
        entities = tagger.tag(text)
    if entities:
        taken = bytearray(len(text) + 1)  # 1 where a mention already covers the character
        for mention in mentions:
            span = mention[0]
            taken[span[1]:span[2]] = b"\x01" * (span[2] - span[1])
        added = False
        for entity in entities:
            if entity.mesh is None or taken.find(1, entity.start, entity.end) >= 0:
                continue
            concept = f"MESH:{entity.mesh}"
            known = lexicon.by_xref(concept)
            mentions.append(_mention((_span((field_name, entity.start, entity.end, entity.text)),
                                      _NER_TYPES[entity.type], known[0].id if known else concept,
                                      known[0].label if known else entity.text)))
            taken[entity.start:entity.end] = b"\x01" * (entity.end - entity.start)
            added = True
        if added:  # the lexicon's come in order already
            mentions.sort(key=_by_start)
    return tuple(mentions)


def extract_many(texts: list[tuple[str | None, str | None]], *, lexicon: Lexicon | None = None,
                 use_tagger: bool = True) -> list[Findings]:
    """Findings for many (title, abstract) pairs, the tagger run over them in one batch (with
    the cyclic collector paused: see `kg.cache.collector_paused`)."""
    lexicon = lexicon or load_lexicon()
    tagger = _tagger() if use_tagger else None
    with collector_paused():
        if tagger is None:
            return [extract_findings(t, a, lexicon=lexicon, use_tagger=False) for t, a in texts]
        titles = [(t or "")[:MAX_TEXT] for t, _ in texts]
        abstracts = [(a or "")[:MAX_TEXT] for _, a in texts]
        tagged = tagger.tag_many(titles + abstracts)
        return [extract_findings(t, a, lexicon=lexicon, entities=(tagged[i], tagged[len(texts) + i]))
                for i, (t, a) in enumerate(zip(titles, abstracts))]


def extract_findings(title: str | None, abstract: str | None, *, lexicon: Lexicon | None = None,
                     use_tagger: bool = True, entities=None) -> Findings:
    """The mentions, study, arms, outcomes and conclusions stated in a title and abstract
    (``entities``: the tagger's (title, abstract) output when the caller ran it in a batch)."""
    lexicon = lexicon or load_lexicon()
    title = (title or "")[:MAX_TEXT]
    abstract = (abstract or "")[:MAX_TEXT]
    head_entities, body_entities = entities if entities is not None else (None, None)
    head = Field("title", title, find_mentions("title", title, lexicon, use_tagger=use_tagger,
                                               entities=head_entities))
    body = Field("abstract", abstract, find_mentions("abstract", abstract, lexicon,
                                                     use_tagger=use_tagger, entities=body_entities))
    mentions = head.mentions + body.mentions

    enrolled, enrolled_span, enrol_index = enrolment(body)
    components, cohort_index = cohort(body)
    study_sentences = {i for i in (enrol_index, cohort_index) if i is not None}
    groups, arms_index = arms(body, {cohort_index} if cohort_index is not None else set())
    if arms_index is not None:
        study_sentences.add(arms_index)
    if not groups:
        groups, regimen_indices = _implicit_arm(body, enrolled, enrol_index)
        study_sentences.update(regimen_indices[:1])
    first_study = min(study_sentences) if study_sentences else None

    study = None
    lines = distinct_concepts(m for m in mentions if m.type == "treatment_line")
    population = next((m for m in head.mentions if m.type == "disease"), None)
    if population is None and enrol_index is not None:
        start, end = body.sentences[enrol_index]
        population = next(iter(body.mentions_in(start, end, "disease")), None)
    if study_sentences:
        study = Study(enrolled=enrolled, enrolled_span=enrolled_span,
                      treatment_lines=tuple(lines), prior_therapy=prior_therapy(body, enrol_index),
                      population=population, cohort=components, arms=groups)

    later = range(first_study + 1, len(body.sentences)) if first_study is not None else range(0)
    result_sentences = [i for i in later if i not in study_sentences]
    measured = outcomes(body, groups, result_sentences)
    with_outcomes = {i for i in result_sentences
                     if any(o.span.start >= body.sentences[i][0] and o.span.end <= body.sentences[i][1]
                            for o in measured)}
    judged = conclusions(body, groups, [i for i in result_sentences if i not in with_outcomes])
    background = tuple(body.span(*body.sentences[i]) for i in range(first_study or 0))
    return Findings(mentions=mentions, study=study, outcomes=measured, conclusions=judged,
                    background=background)


def _implicit_arm(body: Field, enrolled: int | None, enrol_index: int | None) -> tuple[tuple[Arm, ...], list[int]]:
    """When no arms are named but drugs are given with doses, routes or schedules, the study's
    regimen as one arm: its size only when the sentence that gives it counts the patients."""
    found = regimens(body, range(enrol_index or 0, len(body.sentences)))
    if not found:
        return (), []
    given = tuple(a for _, items in found for a in items)
    agents = tuple(distinct_concepts(a.agent for a in given))
    first, _ = found[0]
    start, end = body.sentences[first]
    counts = [c for c in body.counts_in_sentence(first) if not c.ordinal and not c.denominator]
    size = counts[0].value if len(counts) == 1 else (enrolled if first == enrol_index else None)
    last_start, last_end = body.sentences[found[-1][0]]
    arm = Arm(number=1, label=" + ".join(a.span.text for a in agents), size=size, selection=None,
              agents=agents, administrations=given, span=body.span(start, last_end))
    return (arm,), [index for index, _ in found]
