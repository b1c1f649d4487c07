"""Per-word-type CRF features: form, shape, affixes and name-list membership, made once a type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.extraction.tokens import token_texts

# The context window of the tagger: a token's features are those of the word types at these
# offsets from it, each prefixed with its offset.  Nothing else (no word pairs) goes in, which
# is what lets the tagger score a token as a sum of per-type vectors.
OFFSETS = (-2, -1, 0, 1, 2)
BOUNDARY = "\x02"  # the pseudo-word that pads a sequence on both sides

class WordEvidence(Protocol):
    """Anything that turns a lower-cased word into membership features."""

    def flags(self, lower: str) -> list[str]: ...


_GREEK = frozenset(
    ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"])


@dataclass(frozen=True, slots=True, kw_only=True)
class NameIndex:
    """Lower-cased words of chemical and disease names, from a name list or from annotations."""

    tag: str
    chemical_tokens: frozenset[str]
    disease_tokens: frozenset[str]
    chemical_names: frozenset[str]
    disease_names: frozenset[str]

    @classmethod
    def build(cls, tag: str, names: Iterable[tuple[str, str]]) -> NameIndex:
        """An index over (name, "Chemical" | "Disease") pairs."""
        tokens: dict[str, set[str]] = {"Chemical": set(), "Disease": set()}
        whole: dict[str, set[str]] = {"Chemical": set(), "Disease": set()}
        for name, kind in names:
            words = [w.lower() for w in token_texts(name)]
            if not words or kind not in tokens:
                continue
            tokens[kind].update(w for w in words if len(w) > 2 and w.isalpha())
            if len(words) == 1:
                whole[kind].add(words[0])
        return cls(tag=tag,
                   chemical_tokens=frozenset(tokens["Chemical"]),
                   disease_tokens=frozenset(tokens["Disease"]),
                   chemical_names=frozenset(whole["Chemical"]),
                   disease_names=frozenset(whole["Disease"]))

    def flags(self, lower: str) -> list[str]:
        """Membership features of one lower-cased word."""
        out = []
        if lower in self.chemical_names:
            out.append(self.tag + "C=")
        elif lower in self.chemical_tokens:
            out.append(self.tag + "c")
        if lower in self.disease_names:
            out.append(self.tag + "D=")
        elif lower in self.disease_tokens:
            out.append(self.tag + "d")
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionStats:
    """How often each lower-cased word fell inside a chemical or disease mention of a corpus."""

    tag: str
    bins: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, tag: str, sequences: Iterable[tuple[Sequence[str], Sequence[str]]],
              min_count: int = 2) -> MentionStats:
        """Stats over (words, BIO labels) pairs; words seen under `min_count` times get none."""
        total: Counter[str] = Counter()
        inside: dict[str, Counter[str]] = {"C": Counter(), "D": Counter()}
        for words, labels in sequences:
            for word, label in zip(words, labels):
                low = word.lower()
                total[low] += 1
                if label != "O":
                    inside[label[2]][low] += 1
        bins: dict[str, tuple[str, ...]] = {}
        for low, n in total.items():
            if n < min_count:
                continue
            feats = []
            for kind, counts in inside.items():
                share = counts[low] / n
                feats.append(f"{tag}{kind}{0 if share == 0 else 1 + min(3, int(share * 4))}")
            bins[low] = tuple(feats)
        return cls(tag=tag, bins=bins)

    def flags(self, lower: str) -> list[str]:
        """The share-of-mentions bins of one lower-cased word (none for rare words)."""
        return list(self.bins.get(lower, ()))


def shape(word: str) -> str:
    """Character classes of a word with runs collapsed: "Na+" gives "Aa+", "5-FU" gives "0-A"."""
    out: list[str] = []
    last = ""
    for ch in word[:48]:
        if ch.isupper():
            c = "A"
        elif ch.islower():
            c = "a"
        elif ch.isdigit():
            c = "0"
        elif ch.isalpha():
            c = "L"
        elif ch.isprintable() and ch.isascii():
            c = ch
        else:
            c = "?"
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


def _length_class(n: int) -> str:
    if n <= 4:
        return str(n)
    if n <= 6:
        return "5-6"
    if n <= 9:
        return "7-9"
    return "10+"


def _case_class(word: str) -> str:
    if word.islower():
        return "low"
    if word.isupper():
        return "UP" if len(word) > 1 else "U"
    if word[:1].isupper() and word[1:].islower():
        return "Title"
    return "mixed" if word.isalpha() else "other"


def center_features(word: str, indexes: tuple[WordEvidence, ...]) -> list[str]:
    """Features of the word at the token itself."""
    if word == BOUNDARY:
        return ["W=" + BOUNDARY]
    low = word.lower()
    feats = ["W=" + low[:40], "sh=" + shape(word), "case=" + _case_class(word),
             "len=" + _length_class(len(word))]
    if word.isalpha() and len(word) > 3:
        feats.extend(["p3=" + low[:3], "p4=" + low[:4], "s2=" + low[-2:],
                      "s3=" + low[-3:], "s4=" + low[-4:], "s5=" + low[-5:]])
    if low in _GREEK:
        feats.append("greek")
    for index in indexes:
        feats.extend(index.flags(low))
    return feats


def context_features(word: str, indexes: tuple[WordEvidence, ...], near: bool) -> list[str]:
    """Features of a neighbouring word (`near`: at distance one, which gets a few more)."""
    if word == BOUNDARY:
        return ["W=" + BOUNDARY]
    low = word.lower()
    feats = ["W=" + low[:40]]
    if near:
        feats.append("sh=" + shape(word))
        if word.isalpha() and len(word) > 3:
            feats.append("s3=" + low[-3:])
        for index in indexes:
            feats.extend(index.flags(low))
    return feats


def type_features(word: str, indexes: tuple[WordEvidence, ...]) -> tuple[tuple[str, ...], ...]:
    """The offset-prefixed feature strings a word type contributes, one tuple per OFFSETS entry."""
    out = []
    for off in OFFSETS:
        if off == 0:
            base = center_features(word, indexes)
        else:
            base = context_features(word, indexes, abs(off) == 1)
        prefix = f"{off}:"
        out.append(tuple(prefix + f for f in base))
    return tuple(out)
