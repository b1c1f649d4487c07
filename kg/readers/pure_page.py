"""The text of a Pure portal publication page cut into its parts: title, authors, type line, abstract, fields, bullet sections; imports: kg.errors, kg.identity.

Pages reach kg in two layouts. Saved excerpts glue each label to its value
("Original languageEnglish", type line "Contribution to journalArticlepeer-review") and mark
bullets "•". Pages as live portals print them put a space or tab after the label, split the
type line with "›" ("Contribution to journal › Article › peer-review"), print the author list
and the portal's tabs ("Overview", "Fingerprint") as bullets (• or *), head the abstract
"Abstract", give the DOI as a bullet under "DOIs", list keywords under a "Keywords" heading and
follow the fields with sections ("Access to Document", "Publication series", …). Both are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re

from kg.errors import InputError
from kg.identity.normalize import normalize_doi
from kg.identity.source_ids import normalize_uuid

_RESEARCH_OUTPUT = "Research output:"
_ABSTRACT_HEADING = "Abstract"
_FINGERPRINT = re.compile(r"^Dive into the research topics of '(.*)'\. Together they form a unique fingerprint\.?")
_FOOTERS = ("Dive into the research topics of", "Cite this", "Fingerprint")
_BULLET = re.compile(r"^[•*]\s*")
# Portal chrome between the type line and the abstract: citation and download counts, tabs.
_CHROME = re.compile(r"^\d[\d,]*(?: Link opens in a new tab)?\s+(?:Citations? \([^)]*\)|Scopus citations?"
                     r"|Downloads \(Pure\))$")
_TABS = frozenset({"Overview", "Fingerprint", "Network", "Projects", "Activities", "Prizes",
                   "Press/Media", "Datasets", "Research output", "Impacts", "Cite this"})
# Headings of sections whose bullets are keywords, are ASJC areas, or are neither.
_SECTIONS = {"Keywords": "keywords", "ASJC Scopus subject areas": "asjc",
             "Publication series": "series", "Access to Document": "other",
             "Other files and links": "other", "Conference": "other", "Event": "other",
             "UN SDGs": "other", "Projects": "other", "Datasets": "other", "Links": "other"}
# Labels of the metadata block, longest first so "Pages (from-to)" wins over shorter prefixes.
_LABELS = tuple(sorted((
    "Original language", "Pages (from-to)", "Number of pages", "Journal", "Volume",
    "Issue number", "Article number", "DOIs", "Publication status", "State",
    "Title of host publication", "Publisher", "Place of Publication", "ISBN (Print)",
    "ISBN (Electronic)", "ISSN (Print)", "ISSN (Electronic)", "Externally published", "Edition",
    "Event", "Series", "Name", "Country/Territory", "City", "Period", "Sponsor",
    "Specialist publication", "Early online date", "Host publication", "Book series", "Pages",
), key=len, reverse=True))
# The research output's UUID: the key of the page's BibTeX entry (Pure writes the UUID without
# hyphens), else a portal link to one publication ".../publications/[title(]uuid[).html]".
_BIBTEX_KEY = re.compile(r"^@\w+\{([0-9a-f]{32}),", re.IGNORECASE | re.MULTILINE)
_PUBLICATION_LINK = re.compile(r"/publications/(?:[^\s()/]*\()?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                               r"[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])", re.IGNORECASE)


@dataclass(slots=True)
class Page:
    """A publication page's parts, as printed."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    type_line: str | None = None
    abstract: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    series: dict[str, str] = field(default_factory=dict)  # the "Publication series" block
    keywords: list[str] = field(default_factory=list)
    asjc: list[str] = field(default_factory=list)
    fingerprint_title: str | None = None
    uuid: str | None = None
    complete: bool = False


def parse_page(text: str) -> Page:
    """The parts of a page; InputError when it has no "Research output:" line."""
    lines = text.split("\n")
    if not text.endswith("\n") and not any(line.strip().startswith(_FOOTERS) for line in lines):
        # A page that stops before its footer without a final newline was cut: its last
        # line may end mid-value ("JournalWorld Journal "), so it is not trusted.
        lines = lines[:-1]
    stripped = [line.strip() for line in lines]
    try:
        output_at = next(i for i, s in enumerate(stripped) if s.startswith(_RESEARCH_OUTPUT))
    except StopIteration:
        raise InputError("not a Pure publication page: no 'Research output:' line") from None
    page = Page(uuid=_uuid(text))
    header = [_BULLET.sub("", s) for s in stripped[:output_at] if s]
    if header:
        page.title = header[0]
        page.authors = [a.strip() for a in " ".join(header[1:]).split(",") if a.strip()]
    page.type_line = stripped[output_at][len(_RESEARCH_OUTPUT):].strip()
    _Reader(page).read(stripped[output_at + 1:])
    return page


class _Reader:
    """Walks the lines after the type line, section by section."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.section = "abstract"
        self.pending: str | None = None  # a label printed without its value ("DOIs")

    def read(self, lines: list[str]) -> None:
        for line in lines:
            if not line:
                continue
            fingerprint = _FINGERPRINT.match(line)
            if fingerprint:
                self.page.fingerprint_title = fingerprint.group(1)
            if line.startswith(_FOOTERS):
                self.page.complete = True
                return
            if self.section == "abstract" and self._abstract(line):
                continue
            self._field_or_bullet(line)

    def _abstract(self, line: str) -> bool:
        """Reads ``line`` as abstract text or chrome; False when the fields have begun."""
        text = _BULLET.sub("", line)
        if line == _ABSTRACT_HEADING:
            self.page.abstract.clear()  # what came before the heading was the portal's
            return True
        if _CHROME.match(text) or (not self.page.abstract and text in _TABS):
            return True
        if _label_of(line) is None and line not in _SECTIONS:
            self.page.abstract.append(line)
            return True
        self.section = "fields"
        return False

    def _field_or_bullet(self, line: str) -> None:
        if line in _SECTIONS:
            self.section, self.pending = _SECTIONS[line], None
            return
        bullet = _BULLET.match(line)
        if bullet:
            self._bullet(line[bullet.end():].strip())
            return
        label = _label_of(line)
        if label is None:
            return
        value = line[len(label):].strip()
        target = self.page.series if self.section == "series" else self.page.fields
        if self.section in ("fields", "series", "keywords"):
            target.setdefault(label, value)
        self.pending = label if not value else None

    def _bullet(self, text: str) -> None:
        if not text:
            return
        if self.pending == "DOIs" and normalize_doi(text):  # "DOIs" then "• https://doi.org/…"
            self.page.fields["DOIs"] = self.page.fields.get("DOIs") or text
            return
        if self.section == "asjc":
            self.page.asjc.append(text)
        elif self.section in ("fields", "keywords"):
            self.page.keywords.append(text)


def _label_of(line: str) -> str | None:
    for label in _LABELS:
        if line.startswith(label) and (len(line) == len(label) or not line[len(label)].islower()):
            return label
    return None


def _uuid(text: str) -> str | None:
    """The research output's UUID: its BibTeX key, else the one publication the page links to
    (a page linking to several, related outputs among them, does not say which is its own)."""
    key = _BIBTEX_KEY.search(text)
    if key:
        return normalize_uuid(key.group(1))
    linked = {normalize_uuid(m.group(1)) for m in _PUBLICATION_LINK.finditer(text)}
    return linked.pop() if len(linked) == 1 else None
