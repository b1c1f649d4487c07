"""Longest-match lookup of multi-word chemical and disease names over a token sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.extraction.tokens import token_texts

MAX_NAME_TOKENS = 12

# A trie node: the kinds ("C", "D", "CD") of the name ending here ("" if none), and children.
_Node = tuple[str, dict[str, "_Node"]]


def name_kinds(names: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], str]:
    """Lower-cased token sequence (2 to MAX_NAME_TOKENS tokens) -> the kinds ("C", "D", "CD")
    that the (name, "Chemical" | "Disease") pairs give it; other names and kinds are left out."""
    kinds: dict[tuple[str, ...], set[str]] = {}
    for name, kind in names:
        key = tuple(w.lower() for w in token_texts(name))
        if 2 <= len(key) <= MAX_NAME_TOKENS and kind in ("Chemical", "Disease"):
            kinds.setdefault(key, set()).add(kind[0])
    return {key: "".join(sorted(v)) for key, v in kinds.items()}


class Gazetteer:
    """Multi-word names (lower-cased token sequences) with the kinds ("C", "D") they name."""

    __slots__ = ("roots", "tag")

    def __init__(self, tag: str, names: dict[tuple[str, ...], str]) -> None:
        self.tag = tag
        roots: dict[str, list] = {}
        for key, kind in sorted(names.items()):
            level = roots
            node: list | None = None
            for word in key:
                node = level.get(word)
                if node is None:
                    node = level[word] = ["", {}]
                level = node[1]
            assert node is not None
            node[0] = kind
        self.roots: dict[str, _Node] = _freeze(roots)

    @classmethod
    def build(cls, tag: str, names: Iterable[tuple[str, str]]) -> Gazetteer:
        """A gazetteer over (name, "Chemical" | "Disease") pairs; one-word names are left out."""
        return cls(tag, name_kinds(names))

    def matches(self, lowers: Sequence[str], starts: Iterable[int] | None = None, *,
                rows: Sequence[int] | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping longest matches (first, end, kind), scanning left to right.

        `starts` may narrow the scan to the positions whose word begins some name.  With
        `rows`, the word at position i is `lowers[rows[i]]` (`lowers` is then a vocabulary),
        which spares making the word list of a long text to look at a few of its words.
        """
        out: list[tuple[int, int, str]] = []
        roots = self.roots
        if rows is None:
            rows = range(len(lowers))
        n = len(rows)
        free = 0
        for i in (range(n) if starts is None else starts):
            if i < free:
                continue
            node = roots.get(lowers[rows[i]])
            if node is None:
                continue
            best = 0
            kind = ""
            j = i + 1
            while j < n:
                node = node[1].get(lowers[rows[j]])
                if node is None:
                    break
                j += 1
                if node[0]:
                    best, kind = j, node[0]
            if best:
                out.append((i, best, kind))
                free = best
        return out

    def match_features(self, lowers: Sequence[str],
                       starts: Iterable[int] | None = None) -> dict[int, list[str]]:
        """Per token position, the features its matches give: begin, inside, or just before."""
        out: dict[int, list[str]] = {}
        tag = self.tag
        n = len(lowers)
        for first, end, kind in self.matches(lowers, starts):
            out.setdefault(first, []).append(f"0:{tag}B{kind}")
            for k in range(first + 1, end):
                out.setdefault(k, []).append(f"0:{tag}I{kind}")
            if first > 0:
                out.setdefault(first - 1, []).append(f"0:{tag}>{kind}")
            if end < n:
                out.setdefault(end, []).append(f"0:{tag}<{kind}")
        return out


def _freeze(level: dict[str, list]) -> dict[str, _Node]:
    return {word: (node[0], _freeze(node[1])) for word, node in level.items()}
