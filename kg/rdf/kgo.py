"""The kgo namespace: generated from ontology/kg.ttl by tools/kgo_codegen.py — do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KGO(DefinedNamespace):
    """kg project ontology terms; an unknown name raises AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/litkg/ontology#")

    # classes
    AuthorConclusion: URIRef  # A judgement the authors draw, kept apart from the measured findings
    BackgroundClaim: URIRef  # A statement the abstract makes about prior knowledge, not a result of the study
    ClinicalStudy: URIRef  # The study an abstract reports: who was enrolled, in which treatment line, spl...
    CohortComponent: URIRef  # A part of a study's enrolled patients sharing one condition, with its count (...
    DrugAdministration: URIRef  # One agent of an arm's regimen with the dose, unit, route and schedule the tex...
    Finding: URIRef  # A measured result stated for an arm: a response category or an observation, w...
    PersonLink: URIRef  # The record of why two person nodes (name forms, or a name form and an ORCID-k...
    StudyArm: URIRef  # A group of patients given one treatment within a study

    # properties
    about: URIRef  # What a conclusion or background claim is about: a study, an arm, or a concept
    accompaniedBy: URIRef  # An observation stated together with a response for the same patients ('stable...
    agent: URIRef  # The drug or other agent given (a lexicon concept)
    arm: URIRef  # The arm a finding or conclusion is about
    armSize: URIRef  # The number of patients in the arm, as stated
    articleNumber: URIRef  # The article number (electronic locator) a journal gives instead of page numbers
    arxivId: URIRef  # The arXiv identifier of a work without version, e.g
    condition: URIRef  # The disease or tumour type of a cohort component
    count: URIRef  # A number of patients, as stated: in a cohort component, or showing a finding
    cycleLengthDays: URIRef  # The length of one treatment cycle in days, where stated
    doseUnit: URIRef  # The dose unit as a UCUM code, e.g
    doseValue: URIRef  # The numeric dose per administration as stated
    enrolledCount: URIRef  # The number of patients who entered the study, as stated
    extractedFrom: URIRef  # The words of the abstract a finding was read from
    hasAdministration: URIRef  # One agent of the arm's regimen
    hasArm: URIRef  # A treatment arm of the study
    hasCohortComponent: URIRef  # A condition-and-count part of the enrolled patients
    hedged: URIRef  # True when the text states the finding or conclusion tentatively ('appears', '...
    hostTitle: URIRef  # The title of the book or proceedings a chapter or conference paper appears in...
    identityBasis: URIRef  # What the node's identity rests on: 'doi', 'pmid', 'pmcid', 'title', 'orcid', ...
    identityKey: URIRef  # Every key under which a source record knows this node (identifier keys and th...
    judgement: URIRef  # The authors' judgement in their words ('not especially effective')
    linkEvidence: URIRef  # What the two linked person nodes share: a co-author's name key ('family|initi...
    linkRule: URIRef  # The rule that linked two person nodes: 'same-name' or 'compatible-name' (init...
    linkedPerson: URIRef  # One of the two person nodes a person link joins
    majorTopic: URIRef  # A subject the indexer marked as a major topic of the work (MeSH MajorTopicYN=...
    mintingKey: URIRef  # The exact key whose hash forms this node's IRI, e.g
    negated: URIRef  # True when the text states that the finding did not occur ('neither … nor … we...
    observation: URIRef  # What was observed when the finding is not a response category (e.g
    onDay: URIRef  # A day of the cycle on which the agent is given; one triple per day
    openalexId: URIRef  # The bare OpenAlex id of a work (W…) or an author (A…), without the openalex.o...
    orcid: URIRef  # The bare ORCID iD of a person, e.g
    population: URIRef  # The condition that defines the study population
    priorTherapy: URIRef  # An agent or therapy the patients had received before entering the study
    publicationType: URIRef  # A publication type exactly as the source names it (e.g
    pureId: URIRef  # The UUID under which an Elsevier Pure research portal lists a work
    reportedIn: URIRef  # The work whose abstract states the study, finding or conclusion
    researcherId: URIRef  # The Web of Science ResearcherID of a person, e.g
    response: URIRef  # The response category of a finding (an NCIt response concept such as partial ...
    ror: URIRef  # The bare Research Organization Registry id of an organisation, e.g
    route: URIRef  # The route of administration (an NCIt route concept)
    samePersonAs: URIRef  # Two person nodes that kg's conservative author linking takes for one person (...
    scopusAuthorId: URIRef  # The Scopus author identifier of a person
    scopusEid: URIRef  # The Scopus electronic identifier of a work, e.g
    selectionCriterion: URIRef  # What qualified patients for the arm, in the abstract's words ('high MIBG upta...
    statedAs: URIRef  # The name of the role holder exactly as the source prints it in this work's au...
    textField: URIRef  # Which text of the source work a selector's offsets count into: dcterms:title ...
    treatmentLine: URIRef  # The line of therapy the study treatment is (first-line, second-line, salvage,...
    wosAccession: URIRef  # The Web of Science UT of a work, e.g
