"""JATS, MathML and HTML markup in titles and abstracts reduced to plain text."""

from __future__ import annotations

import html
import re

from kg.identity.normalize import clean_text

# A start, end or empty tag; the name may carry a namespace prefix ("jats:p", "mml:mi").
_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*(?::[A-Za-z][\w.-]*)?)((?:\s[^<>]*)?)/?>")

# Elements whose boundaries separate words: paragraphs, sections, list items, line breaks.
_BLOCK = frozenset({
    "p", "sec", "list", "list-item", "br", "div", "abstract", "trans-abstract", "label",
    "caption", "table", "table-wrap", "tr", "td", "th", "thead", "tbody", "li", "ul", "ol",
    "def-list", "def-item", "term", "def", "fig", "disp-quote", "statement", "boxed-text",
    "disp-formula", "blockquote", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "mtable", "mtr", "mtd", "break", "hr",
})
# Headings: "Background" inside a section becomes "Background: ".
_HEADING = frozenset({"title"})
# Inline elements: removed, their text kept in place.
_INLINE = frozenset({
    "i", "b", "u", "em", "strong", "sup", "sub", "sc", "scp", "span", "a", "tt", "small",
    "strike", "abbr", "font", "nobr", "italic", "bold", "underline", "monospace",
    "styled-content", "ext-link", "xref", "inline-formula", "math", "mi", "mo", "mn", "ms",
    "mrow", "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mtext", "mspace", "mstyle",
    "mover", "munder", "munderover", "mfenced", "mpadded", "mphantom", "semantics", "uri",
    "email", "named-content", "inline-graphic", "graphic", "overline", "roman", "sans-serif",
    "chem-struct", "alternatives", "tex-math", "ruby", "journal-title",
})
# Elements whose text is a duplicate rendering (TeX annotations of MathML) and is dropped.
_DROP = frozenset({"annotation", "annotation-xml"})
_KNOWN = _BLOCK | _HEADING | _INLINE | _DROP
# Headings that only announce the abstract itself ("Abstract", "Summary") are dropped when
# they open the text.
_ABSTRACT_HEADINGS = frozenset({"abstract", "summary"})
_END_PUNCTUATION = (":", ".", "?", "!", ";")


def _local(name: str) -> str:
    return name.rpartition(":")[2].lower()


def _is_markup(name: str) -> bool:
    """A tag we strip: namespaced (jats:, mml:) or a known markup element; "<5 mm>" stays text."""
    return ":" in name or _local(name) in _KNOWN


def markup_to_text(text: str | None) -> str | None:
    """Plain text of a title or abstract with JATS/MathML/HTML markup.

    Tags are removed and entities decoded; block elements (paragraphs, sections, list items)
    are separated by a space; a section heading is kept as "Heading: "; a leading "Abstract"
    or "Summary" heading is dropped; whitespace runs are collapsed. A "<" that does not open a
    known element (as in "p < 0.05" written raw) is kept as text.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        return None
    if "<" not in text:
        return clean_text(html.unescape(text)) if "&" in text else clean_text(text)
    pieces: list[str] = []
    dropping = 0
    heading_start: int | None = None
    position = 0
    for match in _TAG.finditer(text):
        closing, name, _attributes = match.group(1), match.group(2), match.group(3)
        if not _is_markup(name):
            continue
        if dropping == 0:
            pieces.append(html.unescape(text[position:match.start()]))
        position = match.end()
        local = _local(name)
        self_closing = match.group(0).endswith("/>")
        if local in _DROP:
            if not self_closing:
                dropping += -1 if closing else 1
                dropping = max(dropping, 0)
            continue
        if dropping:
            continue
        if local in _HEADING:
            if closing and heading_start is not None:
                _finish_heading(pieces, heading_start)
                heading_start = None
            elif not closing and not self_closing:
                pieces.append(" ")
                heading_start = len(pieces)
        elif local in _BLOCK:
            pieces.append(" ")
    if dropping == 0:
        pieces.append(html.unescape(text[position:]))
    if heading_start is not None:
        _finish_heading(pieces, heading_start)
    return clean_text("".join(pieces))


def _finish_heading(pieces: list[str], start: int) -> None:
    """Replace the heading's text pieces with "Heading: " (or nothing for a leading "Abstract")."""
    heading = clean_text("".join(pieces[start:]))
    del pieces[start:]
    if not heading:
        return
    before = clean_text("".join(pieces))
    if before is None and heading.rstrip(":.").casefold() in _ABSTRACT_HEADINGS:
        return
    suffix = " " if heading.endswith(_END_PUNCTUATION) else ": "
    pieces.append(heading + suffix)
