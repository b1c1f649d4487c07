"""LaTeX in BibTeX field values turned into plain Unicode text (accents, dashes, braces, macros)."""

from __future__ import annotations

import logging
import re
import unicodedata

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import std_macro

# pylatexenc (the decoder behind bibtexparser's LatexDecodingMiddleware) does the real work.
# It is supplemented in four ways: macros it does not know keep their argument text
# instead of vanishing; a bare "%" is text (not a LaTeX comment eating the rest of the
# line); only the words that hold LaTeX are looked at; and the everyday cases (accents,
# special letters, escapes, protective braces, dashes, font macros) are decoded by a small
# table here, because pylatexenc costs about 1.5 ms per call, which is minutes for a large
# .bib file. Anything the table does not cover (other macros, math) goes to pylatexenc.

# macros whose single argument is the text to keep
_KEEP_ARGUMENT = ("texttt", "textsc", "textsf", "textrm", "textup", "textmd", "textnormal",
                  "textsl", "mbox", "hbox", "fbox", "textsuperscript", "textsubscript",
                  "nolinkurl", "path", "url", "autocap", "enquote", "mkbibquote",
                  "mkbibemph", "mkbibitalic", "mkbibbold", "uppercase", "MakeUppercase",
                  "lowercase", "MakeLowercase", "bibstring", "NoCaseChange", "ensuremath")
# macros dropped with their argument (BibTeX sorting tricks)
_DROP_ARGUMENT = ("noopsort", "nosort", "SortNoop", "sortnoop")

# pylatexenc reports through logging; without a handler of the application's own, Python
# would print its warnings on stderr.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

_WALKER_CONTEXT = latexwalker.get_default_latex_context_db()
_WALKER_CONTEXT.add_context_category(
    "kg-bibtex", prepend=True,
    macros=[std_macro(name, False, 1) for name in _KEEP_ARGUMENT + _DROP_ARGUMENT]
    + [std_macro("href", False, 2)],
)
_TEXT_CONTEXT = get_default_latex_context_db()
_TEXT_CONTEXT.add_context_category(
    "kg-bibtex", prepend=True,
    macros=[MacroTextSpec(name, simplify_repl="%s") for name in _KEEP_ARGUMENT]
    + [MacroTextSpec(name, simplify_repl="") for name in _DROP_ARGUMENT]
    + [MacroTextSpec("href", simplify_repl="%(2)s")]
    + [MacroTextSpec(name, simplify_repl=name) for name in ("TeX", "LaTeX", "BibTeX", "LaTeXe")]
    + [MacroTextSpec("hyphen", simplify_repl="-"), MacroTextSpec("slash", simplify_repl="/"),
       MacroTextSpec("textendash", simplify_repl="\u2013"),
       MacroTextSpec("textemdash", simplify_repl="\u2014")],
)
_DECODER = LatexNodes2Text(latex_context=_TEXT_CONTEXT, math_mode="text",
                           keep_braced_groups=False)

_SPECIAL = re.compile(r"[\\{}$~%]|--|``|''")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_ENDS_IN_CONTROL_WORD = re.compile(r"\\[A-Za-z]+\*?$")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def decode_latex(text: str) -> str:
    """Plain text for a LaTeX field value: "{\\"O}zge" → "Özge", "{DNA}" → "DNA", "--" → "–"."""
    if not _SPECIAL.search(text):
        return text
    out: list[str] = []
    for plain, latex in _segments(text):
        out.append(plain if latex is None else _decode_segment(latex))
    return "".join(out)


def _segments(text: str):
    """Alternating plain and LaTeX pieces, split at whitespace outside braces and math."""
    pieces = re.split(r"(\s+)", text)
    group: list[str] = []
    depth = 0
    in_math = False
    for piece in pieces:
        if not group and not piece.isspace() and not _SPECIAL.search(piece):
            yield piece, None
            continue
        if not group and piece.isspace():
            yield piece, None
            continue
        group.append(piece)
        if piece.isspace():
            continue
        depth += piece.count("{") - piece.count("}")
        if len(_UNESCAPED_DOLLAR.findall(piece)) % 2:
            in_math = not in_math
        if depth > 0 or in_math or _ENDS_IN_CONTROL_WORD.search(piece):
            continue
        yield "", "".join(group)
        group, depth, in_math = [], 0, False
    if group:
        trailing = []
        while group and group[-1].isspace():
            trailing.append(group.pop())
        if group:
            yield "", "".join(group)
        for space in reversed(trailing):
            yield space, None


def _decode_segment(latex: str) -> str:
    fast = _decode_common(latex)
    if fast is not None:
        return fast
    latex = _BARE_PERCENT.sub(r"\\%", latex)
    try:
        walker = latexwalker.LatexWalker(latex, latex_context=_WALKER_CONTEXT,
                                         tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        text = _DECODER.nodelist_to_text(nodes)
    except Exception:  # pylatexenc gives up on some malformed input: fall back to stripping
        return _strip_macros(latex)
    if "%s" in text and "%s" not in latex:  # a macro missing its arguments
        return _strip_macros(latex)
    return text


def _strip_macros(latex: str) -> str:
    """Last resort for LaTeX pylatexenc cannot read: macro names, braces and $ removed."""
    return re.sub(r"\\[A-Za-z]+\*?|[{}$]", "", _ESCAPED.sub(r"\1", latex))


_ESCAPED = re.compile(r"\\([_%&#$~{}])")
_URL_MACRO = re.compile(r"\\(?:url|href|nolinkurl|path)\s*\{([^{}]*)\}")


def strip_braces(text: str) -> str:
    """A verbatim value (DOI, URL, eprint id) with LaTeX braces and escapes removed."""
    text = _URL_MACRO.sub(r"\1", text)
    text = _ESCAPED.sub(r"\1", text.replace("\\{", "\0").replace("\\}", "\1"))
    text = text.replace("{", "").replace("}", "")
    return text.replace("\0", "{").replace("\1", "}")


# -- the common cases, without pylatexenc ------------------------------------------------

_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
    "t": "\u0361",
}
_SYMBOL_ACCENT = re.compile(
    r"\\([\"'`^~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))")
_LETTER_ACCENT = re.compile(
    r"\\([uvHckrdbt])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))")
_LETTERS = {
    "ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø",
    "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}
_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j|dh|DH|th|TH|ng|NG|dj|DJ)"
                     r"(?![A-Za-z])\s*(?:\{\})?")
_FONT_MACRO = re.compile(
    r"\\(?:emph|textit|textbf|textsc|texttt|textsf|textrm|textup|textmd|textnormal|textsl"
    r"|mbox|hbox|uppercase|MakeUppercase|NoCaseChange|mkbibemph|mkbibitalic|mkbibbold"
    r"|enquote|mkbibquote|autocap|textsuperscript|textsubscript|url|nolinkurl|path)\s*(?=\{)")
_NOTHING_MACRO = re.compile(r"\\(?:relax|-|/)(?![A-Za-z])\s*")
_ESCAPE = re.compile(r"\\([&%$#_{}])")
_PLACEHOLDERS = {"{": "\x00", "}": "\x01", "$": "\x02"}


def _accent(match: re.Match) -> str:
    letter = match.group(2) or match.group(3)
    if letter in ("\\i", "\\j"):
        letter = letter[1]
    return letter + _COMBINING[match.group(1)]


def _decode_common(latex: str) -> str | None:
    """The decoded text when only everyday LaTeX occurs in ``latex``; None otherwise."""
    text = _SYMBOL_ACCENT.sub(_accent, latex)
    text = _LETTER_ACCENT.sub(_accent, text)
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _FONT_MACRO.sub("", text)
    text = _NOTHING_MACRO.sub("", text)
    text = text.replace("\\ ", " ").replace("\\,", "\u2009")
    text = _ESCAPE.sub(lambda m: _PLACEHOLDERS.get(m.group(1), m.group(1)), text)
    if "\\" in text or "$" in text:
        return None
    text = text.replace("{", "").replace("}", "")
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = text.replace("\x00", "{").replace("\x01", "}").replace("\x02", "$")
    return unicodedata.normalize("NFC", text)
