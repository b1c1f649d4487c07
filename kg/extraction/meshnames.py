"""Chemical and disease names with MeSH ids: name keys and the normaliser."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extraction.tokens import token_texts

KINDS = ("Chemical", "Disease")
_Key = tuple[str, str | None, str]   # (rank: "0" annotated, "1" name list; kind; name key)
_UNSEEN = object()


@dataclass(frozen=True, slots=True, kw_only=True)
class MeshName:
    """A name with its MeSH id; `source` is "g" (gilda) or "t" (training annotations)."""

    source: str
    kind: str | None
    mesh: str
    name: str


def name_key(name: str) -> str:
    """Lower-cased tokens joined by one space: "5-Fluorouracil" and "5 - fluorouracil" agree."""
    return " ".join(token_texts(name.lower()))


def loose_key(name: str) -> str:
    """A forgiving key: letters and digits only, plural "s" dropped from longer words."""
    out = []
    for tok in token_texts(name.lower()):
        if not tok.isalnum():
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            tok = tok[:-1]
        out.append(tok)
    return " ".join(out)


class MeshNormaliser:
    """Maps a mention's text and type to one MeSH id, trusting annotated names over gilda's."""

    __slots__ = ("_exact", "_loose", "_memo")

    def __init__(self, names: Iterable[MeshName]) -> None:
        votes: dict[_Key, Counter[str]] = {}
        loose: dict[_Key, Counter[str]] = {}
        for row in names:
            if not row.mesh:
                continue
            rank = "0" if row.source == "t" else "1"
            for kind in (row.kind,) if row.kind else (None,):
                votes.setdefault((rank, kind, name_key(row.name)), Counter())[row.mesh] += 1
                loose.setdefault((rank, kind, loose_key(row.name)), Counter())[row.mesh] += 1
        self._exact = _best(votes)
        self._loose = _best(loose)
        self._memo: dict[tuple[str, str], str | None] = {}

    def lookup(self, text: str, kind: str) -> str | None:
        """The MeSH id for `text` named as `kind`, or None."""
        memo_key = (text, kind)
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = self._lookup(text, kind)
        if len(self._memo) >= 100_000:
            self._memo.clear()
        if len(text) <= 200:
            self._memo[memo_key] = found
        return found

    def lookup_many(self, texts: Iterable[str], kinds: Iterable[str]) -> list[str | None]:
        """`lookup` of each (text, kind) pair; remembered pairs cost one dict probe each."""
        memo = self._memo
        out = []
        for key in zip(texts, kinds):
            found = memo.get(key, _UNSEEN)
            out.append(self.lookup(*key) if found is _UNSEEN else found)
        return out

    def _lookup(self, text: str, kind: str) -> str | None:
        key = name_key(text)
        for table, k in ((self._exact, key), (self._loose, loose_key(text))):
            for rank in ("0", "1"):
                for want in (kind, None):
                    found = table.get((rank, want, k))
                    if found is not None:
                        return found
        return None


def _best(votes: dict[_Key, Counter[str]]) -> dict[_Key, str]:
    """The most voted id of each key; ties go to the smallest id so the choice is stable."""
    return {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in votes.items()}
