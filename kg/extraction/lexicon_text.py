"""Lexicon text normalisation: length-preserving folding, tokens (cached per chunk of text),
spelling variants, entry flags."""

from __future__ import annotations

import re

# Length-preserving character folding applied before tokenising, so offsets stay valid.
_FOLD = str.maketrans({
    "\u00b2": "2", "\u00b3": "3", "\u00b9": "1", "\u00b5": "\u03bc",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u00b4": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
# Greek runs, other letter runs, digit runs, single other characters; hyphens and spaces
# only separate. The alternatives start on disjoint classes, so matching is linear.
_TOKEN = re.compile(r"[A-Za-z]+|[\u0370-\u03ff]+|[^\W\d_\u0370-\u03ff]+|\d+|[^\w\s-]")
_SPLIT = re.compile(f"({_TOKEN.pattern})")
# The same split for ASCII text, where only the first, digit and punctuation classes can
# match: simpler classes, a quarter faster.
_SPLIT_ASCII = re.compile(r"([A-Za-z]+|[0-9]+|[^0-9A-Za-z_\s-])")
_LEAD = re.compile(r"[\s_-]*")  # gap characters: what no token holds
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωϐϑϕϵ",
    ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
     "sigma sigma tau upsilon phi chi psi omega beta theta phi epsilon").split(),
))
# Whole-word spelling variants, then British -> American substrings. Kept small and explicit.
_WORDS = {"alfa": "alpha", "metre": "meter", "litre": "liter", "centre": "center",
          "fibre": "fiber", "metastases": "metastasis", "tumour": "tumor"}
_INFIXES = (("tumour", "tumor"), ("aem", "em"), ("aed", "ed"), ("aec", "ec"), ("oesoph", "esoph"),
            ("oestr", "estr"), ("oedem", "edem"), ("rrhoea", "rrhea"), ("foet", "fet"),
            ("coeli", "celi"), ("sulph", "sulf"), ("isation", "ization"))


def normalise_token(token: str) -> str:
    """The matching key of one token: case-folded, Greek spelled out, American spelling, singular."""
    word = token.casefold()
    if "\u0370" <= word[0] <= "\u03ff":
        return "".join(_GREEK.get(ch, ch) for ch in word)
    if not word.isalpha():
        return word
    word = _WORDS.get(word, word)
    for old, new in _INFIXES:
        if old in word:
            word = word.replace(old, new)
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "sui":
        word = word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word[:-1]
    return word


class _KeyCache(dict):
    """token -> key, computed on first sight; emptied if a huge corpus makes it grow too big."""

    def __missing__(self, token: str) -> str:
        if len(self) >= 1_000_000:
            self.clear()
        key = self[token] = normalise_token(token)
        return key


class _Unchunked(LookupError):
    """A chunk without tokens, or with a gap before its first one: see _ChunkCache."""


class _ChunkCache(dict):
    """Space-free chunk -> token, key, advance, rooted for each of its tokens, flattened into
    one tuple. Advance: the token's length plus the gap after it (the space after the chunk
    included); rooted: whether an entry starts with the key.

    Tokens never hold gap characters (whitespace, "-", "_"), so cutting a text chunk by chunk
    is cutting it whole, and the chunks' tuples joined up are the text's. A chunk that starts
    with a gap (or is all gap) raises _Unchunked: that gap belongs to the previous chunk's
    last token (see _regroup). The tuples hold only strings, numbers and booleans, so the
    cyclic collector soon stops scanning them."""

    def __init__(self, root: dict) -> None:
        super().__init__()
        self._keys = _KeyCache()
        self._root = root

    def __missing__(self, chunk: str) -> tuple[object, ...]:
        pieces = (_SPLIT_ASCII if chunk.isascii() else _SPLIT).split(chunk + " ")
        if pieces[0]:  # gap, token, gap, ..., token, gap
            raise _Unchunked(chunk)
        found: list[object] = []
        for k in range(1, len(pieces), 2):
            key = self._keys[pieces[k]]
            found += pieces[k], key, len(pieces[k]) + len(pieces[k + 1]), key in self._root
        flat = tuple(found)
        if len(chunk) <= 64:  # words repeat; long runs (hostile input) are not worth keeping
            if len(self) >= 200_000:
                self.clear()
            self[chunk] = flat
        return flat


def _regroup(folded: str) -> tuple[int, list[str]]:
    """The offset of the first token, and the text from there cut at spaces, but never before
    a gap ("-0.5", " - ", double spaces), so that every chunk starts with a token."""
    start = _LEAD.match(folded).end()
    if start == len(folded):
        return start, []  # no tokens
    groups: list[list[str]] = []
    for chunk in folded[start:].split(" "):  # the first starts with a token
        if not chunk or chunk[0] in "-_" or chunk[0].isspace():  # [\s_-], as _LEAD
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    return start, [" ".join(group) for group in groups]


def _exact_tokens(tokens: list[str], kind: str) -> tuple[tuple[int, str], ...]:
    """Tokens that must appear with this exact case: units entirely (mg is not MG), elsewhere
    abbreviations (two capitals, or a short token with one: MIBG, IFN, sCR, SD)."""
    out = []
    for offset, token in enumerate(tokens):
        if not token[0].isalpha():
            continue
        capitals = sum(ch.isupper() for ch in token)
        if kind == "unit" or capitals >= 2 or (capitals and len(token) <= 3):
            out.append((offset, token))
    return tuple(out)


# Entry flags
_UNIT = 1      # may follow a number directly: "500mg/m2"
_GUARDED = 2   # a short abbreviation: not inside a hyphenated word ("PD-1", "PR-positive")
_END = ""      # trie key holding the entries that end at a node (no token key is empty)


class _Anything:
    """The container of every key: what may follow a first key that is an entry itself."""

    __slots__ = ()

    def __contains__(self, item: object) -> bool:
        return True


_ANYTHING = _Anything()


def _variants(text: str) -> list[list[str]]:
    """Token lists for a surface form: as written and, for letter-hyphen-letter, joined up."""
    folded = " ".join(text.translate(_FOLD).split())
    out = [_TOKEN.findall(folded)]
    joined = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", "", folded)
    if joined != folded:
        out.append(_TOKEN.findall(joined))
    return [tokens for tokens in out if tokens]
