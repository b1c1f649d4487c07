"""Clinical term lexicon: the ontology/lexicon tables as concepts, and a fast longest-match finder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, reduce
import gc
import hashlib
from itertools import compress
from operator import contains, iadd
import os
from pathlib import Path
import pickle
import sys
import tempfile

from kg import concepts
from kg.cache import keep_for_life
from kg.concepts import Concept, concept_from_line, default_tables, table_lines
from kg.extraction import lexicon_text
from kg.extraction.lexicon_text import (_ANYTHING, _END, _FOLD, _GUARDED, _UNIT, _ChunkCache, _exact_tokens,
                                        _KeyCache, _regroup, _Unchunked, _variants, normalise_token)

__all__ = ["Concept", "Lexicon", "LexiconMatch", "load_lexicon", "normalise_token"]

@dataclass(frozen=True, slots=True, kw_only=True)
class LexiconMatch:
    """A concept mention: ``text == source[start:end]`` with code-point offsets."""

    start: int
    end: int
    text: str
    concept: Concept


_SET_START, _SET_END, _SET_TEXT, _SET_CONCEPT = (
    getattr(LexiconMatch, name).__set__ for name in ("start", "end", "text", "concept"))


def _match(start: int, end: int, text: str, concept: Concept) -> LexiconMatch:
    """``LexiconMatch(start=start, ...)`` at half the cost: the frozen dataclass's __init__
    goes through object.__setattr__ per field; this fills the slots directly."""
    match = object.__new__(LexiconMatch)
    _SET_START(match, start)
    _SET_END(match, end)
    _SET_TEXT(match, text)
    _SET_CONCEPT(match, concept)
    return match


# ---------------------------------------------------------------- the lexicon

def _ranked_entries(tables: Iterable[Path], lines: list[str]) -> Iterator[
        tuple[tuple[int, int, int], tuple[str, ...], tuple]]:
    """(rank, tokens, entry) of each variant of each label and synonym of the tables' rows,
    each row appended to ``lines`` as it is read. An entry is (row index, type, exact-case
    tokens, flags); sorted by rank, one token sequence's entries come in the lexicon's order:
    hand-made tables first, then labels before synonyms, then row order."""
    for table_rank, path in enumerate(tables):
        for line in table_lines(path):
            index = len(lines)
            lines.append(line)
            concept = concept_from_line(line)
            kind = sys.intern(concept.type)
            for is_synonym, text in enumerate((concept.label, *concept.synonyms)):
                for tokens in _variants(text):
                    exact = _exact_tokens(tokens, kind)
                    if kind == "unit":
                        flags = _UNIT
                    else:
                        flags = _GUARDED if len(tokens) == 1 and exact and len(tokens[0]) <= 3 else 0
                    rank = (table_rank, min(is_synonym, 1), index)
                    yield rank, tokens, (index, kind, exact, flags)


def _compile(tables: Iterable[Path]) -> tuple[tuple[str, ...], dict]:
    """The tables' rows (raw TSV lines) and the token trie over their labels and synonyms."""
    lines: list[str] = []
    root: dict = {}
    keys = _KeyCache()
    ranked: list[tuple[tuple[int, int, int], dict, tuple]] = []
    for rank, tokens, entry in _ranked_entries(tables, lines):
        node = root
        for token in tokens:
            node = node.setdefault(keys[token], {})
        ranked.append((rank, node, entry))
    ranked.sort(key=lambda item: item[0])
    for _, node, entry in ranked:
        entries = node.setdefault(_END, [])
        if entry not in entries:
            entries.append(entry)
    return tuple(lines), root


def _cache_path(tables: tuple[Path, ...], cache_dir: Path) -> Path:
    digest = hashlib.sha256(b"".join(Path(module.__file__).read_bytes()
                                     for module in (concepts, lexicon_text)) + Path(__file__).read_bytes())
    for path in tables:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return cache_dir / f"lexicon-{digest.hexdigest()[:24]}.pickle"


def _write_cache(path: Path, payload: object) -> None:
    """Write under a temporary name, then rename; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for stale in path.parent.glob("lexicon-*.pickle"):  # compiled from older tables
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/kg`` (``~/.cache/kg``): where the compiled lexicon is kept."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


class Lexicon:
    """Immutable concepts (by id and by xref) with a token trie for longest-match lookup.

    Rows stay raw TSV lines until asked for, so a cached lexicon loads in a fraction of a second."""

    __slots__ = ("_lines", "_root", "_follow", "_chunks", "_made", "_by_id", "_by_xref",
                 "_xref_answers")

    def __init__(self, lines: tuple[str, ...], root: dict) -> None:
        self._lines = lines
        self._root = root
        # first key -> the keys that may come next where a match starts: any if the key is an
        # entry itself, else the second keys of the longer entries it starts
        self._follow = {key: _ANYTHING if _END in node else frozenset(node) for key, node in root.items()}
        self._chunks = _ChunkCache(root)
        self._made: dict[int, Concept] = {}
        self._by_id: dict[str, int] | None = None
        self._by_xref: dict[str, tuple[int, ...]] | None = None
        self._xref_answers: dict[str, tuple[Concept, ...]] = {}

    @classmethod
    def load(cls, tables: Iterable[Path] | None = None, *,
             cache_dir: Path | None | bool = True) -> Lexicon:
        """Read the tables (default: the shipped ones), reusing a compiled copy kept in
        ``cache_dir`` (True: the user cache; None/False: no cache) keyed by the tables' bytes."""
        paths = tuple(tables) if tables is not None else default_tables()
        folder = default_cache_dir() if cache_dir is True else (cache_dir or None)
        cached = _cache_path(paths, folder) if folder else None
        if cached is not None and cached.is_file():
            collecting = gc.isenabled()
            gc.disable()  # half a million small containers: the collector would triple the time
            try:
                with cached.open("rb") as handle:
                    lines, root = pickle.load(handle)
                return cls(lines, root)
            except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError):
                pass  # a stale or damaged cache is rebuilt below
            finally:
                if collecting:
                    gc.enable()
        lines, root = _compile(paths)
        if cached is not None:
            _write_cache(cached, (lines, root))
        return cls(lines, root)

    def _at(self, index: int) -> Concept:
        concept = self._made.get(index)
        if concept is None:
            concept = self._made[index] = concept_from_line(self._lines[index])
        return concept

    def _ids(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {line.partition("\t")[0]: i for i, line in enumerate(self._lines)}
        return self._by_id

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._ids()

    def __iter__(self) -> Iterator[Concept]:
        return map(self._at, range(len(self._lines)))

    def get(self, concept_id: str) -> Concept | None:
        index = self._ids().get(concept_id)
        return None if index is None else self._at(index)

    def by_xref(self, curie: str) -> tuple[Concept, ...]:
        """Concepts that carry ``curie`` as their id or as a cross-reference."""
        answer = self._xref_answers.get(curie)
        if answer is not None:
            return answer
        if self._by_xref is None:
            found: dict[str, list[int]] = {}
            for index, line in enumerate(self._lines):
                for xref in line.rsplit("\t", 1)[1].split("|"):
                    if xref:
                        found.setdefault(xref, []).append(index)
            self._by_xref = {xref: tuple(v) for xref, v in found.items()}
        own = self.get(curie)
        answer = ((own,) if own else ()) + tuple(map(self._at, self._by_xref.get(curie, ())))
        if len(self._xref_answers) < 100_000:  # the ids a corpus asks for are few; stay bounded
            self._xref_answers[curie] = answer
        return answer

    def lookup(self, term: str, *, types: Iterable[str] | None = None) -> Concept | None:
        """The concept a whole string names, as the matcher would read it, else None."""
        term = term.strip()
        found = self.find(term, types=types)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(term):
            return found[0].concept
        return None

    def find(self, text: str, *, types: Iterable[str] | None = None) -> list[LexiconMatch]:
        """Non-overlapping longest matches, left to right; ``types`` limits the concept types.

        Linear in the text: its tokens from a cache of its space-separated chunks, C-level maps
        for the start filter (a single-token entry, or the first two keys of a longer one), and
        a trie walk no deeper than the longest entry from each surviving start."""
        if not text:
            return []
        wanted = None if types is None else frozenset(types)
        folded = text if text.isascii() else text.translate(_FOLD)  # _FOLD maps no ASCII
        # token k: its text flat[4k], key flat[4k + 1], advance flat[4k + 2], rooted flat[4k + 3]
        flat, offset = self._tokens(folded)
        keys, rooted, following = flat[1::4], flat[3::4], flat[5::4]
        count = len(keys)
        following.append(_END)
        # of the tokens whose key starts an entry, those the next key may follow there
        follows = map(contains, map(self._follow.__getitem__, compress(keys, rooted)),
                      compress(following, rooted))
        starts = compress(compress(range(count), rooted), follows)
        keys.append(None)  # no node has it: the walk stops at the end of the text
        root, made = self._root, self._made
        out: list[LexiconMatch] = []
        resume = at = 0  # offset is where token `at` starts: summed up lazily, only as needed
        for i in starts:
            if i < resume:
                continue
            after_number = False
            k = 4 * i - 4  # the token before: no gap after it, and alphanumerics meet?
            if i and flat[k + 2] == len(flat[k]) and flat[k][-1].isalnum() and flat[k + 4][0].isalnum():
                if not flat[k].isdigit():
                    continue  # inside a word
                after_number = True
            node, j, last, start = root[keys[i]], i, -1, -1
            while node is not None:
                entries = node.get(_END)
                if entries is not None:
                    k = 4 * j  # an entry may end here unless the token runs on into the next
                    if not (j + 1 < count and flat[k + 2] == len(flat[k])
                            and flat[k][-1].isalnum() and flat[k + 4][0].isalnum()):
                        if start < 0:
                            offset += sum(flat[4 * at + 2:4 * i:4])
                            at, start = i, offset
                        end = start + sum(flat[4 * i + 2:k:4]) + len(flat[k])
                        for index, kind, exact, flags in entries:
                            # most entries have no condition to check
                            if not (exact or flags or after_number or wanted is not None) or _accepts(
                                    kind, exact, flags, flat, i, start, end, folded, wanted, after_number):
                                last, last_end, last_index = j, end, index
                                break
                j += 1
                node = node.get(keys[j])
            if last >= 0:
                resume = last + 1
                concept = made.get(last_index)
                if concept is None:
                    concept = self._at(last_index)
                out.append(_match(start, last_end, text[start:last_end], concept))
        return out

    def _tokens(self, folded: str) -> tuple[list, int]:
        """Token, key, advance, rooted (see _ChunkCache) of each token in the folded text,
        flattened, and the offset of the first token."""
        try:
            # list += tuple chunk by chunk: the cheapest C-level join of many small tuples
            flat = reduce(iadd, map(self._chunks.__getitem__, folded.split(" ")), [])
            start = 0
        except _Unchunked:  # a chunk starts with a gap (rare in prose): cut the text otherwise
            start, chunks = _regroup(folded)
            flat = reduce(iadd, map(self._chunks.__getitem__, chunks), [])
        if flat:
            flat[-2] -= 1  # no space after the last chunk
        return flat, start


def _accepts(kind: str, exact: tuple[tuple[int, str], ...], flags: int, flat: list, i: int, start: int,
             end: int, folded: str, wanted: frozenset[str] | None, after_number: bool) -> bool:
    if wanted is not None and kind not in wanted:
        return False
    if after_number and not flags & _UNIT:
        return False
    for offset, token in exact:
        if flat[4 * (i + offset)] != token:
            return False
    if flags & _GUARDED and (folded[start - 1:start] == "-" or folded[end:end + 1] == "-"):
        return False
    return True


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process (and kept out of the collector's scans)."""
    lexicon = Lexicon.load()
    keep_for_life()
    return lexicon
