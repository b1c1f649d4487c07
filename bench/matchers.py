"""Hand-written dictionary matchers against their pyahocorasick versions, side by side.

    .venv/bin/python bench/matchers.py [--rounds 7] [--builds 5] [--corpus ../shared/corpus]

Needs pyahocorasick, which is not a kg dependency: .venv/bin/pip install pyahocorasick.

Two pairs on the same dictionary and the same texts, in one run, on one pinned core, CPU time
(time.process_time):

  lexicon    kg.extraction.lexicon.Lexicon.find  vs  aho_matchers.AhoLexicon.find
             the shipped ontology/lexicon tables; each title and each abstract of the 1,000
             BC5CDR abstracts (training and development splits) is one call, as in the
             extractor (bench/extract.py, "lexicon alone")
  gazetteer  kg.extraction.gazetteer.Gazetteer.matches  vs  aho_matchers.AhoGazetteer.matches
             the shipped tagger model's two name lists (gilda "G" and annotated "T"); each
             abstract's lower-cased tokens (title + abstract) is one call per list. Also the
             hand-written one as the tagger calls it (kg.extraction.emissions): from the
             positions whose first two words begin a name only, those positions given.

Build: each build runs in a fresh subprocess (cold: nothing imported or cached before it),
--builds times, the pairs taking turns: the lexicon compiled from the tables and loaded from
its pickle cache (Lexicon.load keeps one; AhoLexicon.load can), the gazetteers built from
the model's names (reading the model file is not counted). The same subprocess then times a
first pass over all texts with its caches empty (a corpus of unseen words).

Both build paths then call kg.cache.keep_for_life (gc.freeze), as load_lexicon and
load_tagger do: without it a full collection now and then walks the half a million objects
of whichever matchers are alive, and lands on whichever pass allocates past the threshold.

Throughput: in this process, --rounds rounds, every matcher once a round in turn (a shared
machine's speed drifts; turns spread that over all of them); best and median of the rounds,
as abstracts/s.

Equality: every text's output of each pair, compared in full (LexiconMatch: start, end,
text, concept; gazetteer: first, end, kind), also with two ``types`` filters for the lexicon,
and on the development-set abstracts (tests/data/devset) when ../shared is there.

Exit status: 2 when any call's outputs differ (after the whole report), 1 when the corpus or
pyahocorasick is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from matchers_report import print_builds, print_equality, print_header, print_ratios, print_warm
from timing import interleaved_rounds, pin_one_cpu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPLITS = ("CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt")
TYPE_FILTERS = (None, ("drug",), ("unit", "route"))


def keep_for_life() -> None:
    from kg.cache import keep_for_life as freeze
    freeze()


def bc5cdr(corpus: Path) -> list:
    from kg.training.pubtator import read_pubtator
    return [d for name in SPLITS for d in read_pubtator(corpus / "bc5cdr" / name)]


def lexicon_texts(docs: list) -> list[str]:
    return [t for d in docs for t in (d.title, d.abstract)]


def gazetteer_words(texts: Iterable[str]) -> list[list[str]]:
    """Per text, its tokens lower-cased: what the tagger hands the gazetteers."""
    from kg.extraction.tokens import token_texts
    return [[w.lower() for w in token_texts(t)] for t in texts]


def model_names() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The shipped model's gilda and annotated (name, kind) pairs, as build_evidence takes them."""
    from kg.extraction.ner import default_model_path
    from kg.extraction.ner_model import load_model
    names = load_model(default_model_path()).names
    return ([(r.name, r.kind) for r in names if r.source == "g" and r.kind],
            [(r.name, r.kind) for r in names if r.source == "t" and r.kind])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident memory now (VmRSS), in MB; 0 where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# ---------------------------------------------------------------- one cold build (subprocess)

def child(mode: str, corpus: Path, cache: Path) -> dict:
    """Build one matcher in this fresh process, then one pass over the texts."""
    pin_one_cpu()
    which, _, how = mode.partition(":")
    if which.startswith("lexicon"):
        docs = bc5cdr(corpus)
        texts = lexicon_texts(docs)
        base = resident_mb()
        started = time.process_time()
        if which == "lexicon-hand":
            from kg.extraction.lexicon import Lexicon
            matcher = Lexicon.load(cache_dir=cache if how == "cached" else None)
        else:
            from aho_matchers import AhoLexicon
            matcher = AhoLexicon.load(cache_dir=cache if how == "cached" else None)
        build = time.process_time() - started
        grown = resident_mb() - base
        keep_for_life()  # as load_lexicon does
        find = matcher.find
        started = time.process_time()
        for text in texts:
            find(text)
        first = time.process_time() - started
    else:
        docs = bc5cdr(corpus)
        words = gazetteer_words(d.text for d in docs)
        gilda, gold = model_names()
        base = resident_mb()
        started = time.process_time()
        if which == "gazetteer-hand":
            from kg.extraction.gazetteer import Gazetteer as Kind
        else:
            from aho_matchers import AhoGazetteer as Kind
        built = (Kind.build("G", gilda), Kind.build("T", gold))
        build = time.process_time() - started
        grown = resident_mb() - base
        keep_for_life()  # as load_lexicon and load_tagger do
        started = time.process_time()
        for gaz in built:
            for lowers in words:
                gaz.matches(lowers)
        first = time.process_time() - started
    return {"build": build, "first": first, "abstracts": len(docs), "grown_mb": grown}


MODES = ("lexicon-hand:compile", "lexicon-aho:compile", "lexicon-hand:cached",
         "lexicon-aho:cached", "gazetteer-hand:build", "gazetteer-aho:build")


def cold_builds(builds: int, corpus: Path) -> dict[str, list[dict]]:
    """``builds`` runs of `child` per mode, the modes taking turns; the pickle caches that the
    "cached" modes load are made first, in a temporary folder."""
    from aho_matchers import AhoLexicon
    from kg.extraction.lexicon import Lexicon
    out: dict[str, list[dict]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="kg-matchers-") as folder:
        cache = Path(folder)
        Lexicon.load(cache_dir=cache)  # the pickle caches the "cached" builds load
        AhoLexicon.load(cache_dir=cache)
        for _ in range(builds):
            for mode in MODES:  # one at a time: never two heavy processes at once
                done = subprocess.run(
                    [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
                     "--cache", str(cache)],
                    check=True, capture_output=True, text=True,
                    env={**os.environ, "PYTHONHASHSEED": "0"})
                out[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


# ---------------------------------------------------------------- the matchers side by side

@dataclass
class Subjects:
    """The matchers compared, warm, and the texts they are given."""

    texts: list[str]                 # lexicon calls: each title and each abstract
    words: list[list[str]]           # gazetteer calls: each abstract's tokens, lower-cased
    hand: object                     # kg.extraction.lexicon.Lexicon
    aho: object                      # aho_matchers.AhoLexicon
    gazetteers: list[tuple]          # (Gazetteer, AhoGazetteer) over the G names, then T
    starts: list[list[list[int]]]    # per gazetteer, per abstract: where its names may begin


def subjects(docs: list) -> Subjects:
    """Both lexicons (no cache) and both pairs of gazetteers, built in this process."""
    from aho_matchers import AhoGazetteer, AhoLexicon
    from kg.extraction.gazetteer import Gazetteer
    from kg.extraction.lexicon import Lexicon
    words = gazetteer_words(d.text for d in docs)
    hand, aho = Lexicon.load(cache_dir=None), AhoLexicon.load()
    gilda, gold = model_names()
    gazetteers = [(Gazetteer.build("G", gilda), AhoGazetteer.build("G", gilda)),
                  (Gazetteer.build("T", gold), AhoGazetteer.build("T", gold))]
    starts = [[name_starts(g, lowers) for lowers in words] for g, _ in gazetteers]
    return Subjects(lexicon_texts(docs), words, hand, aho, gazetteers, starts)


# ---------------------------------------------------------------- equality

def devset_texts(corpus: Path) -> list[str]:
    """Titles and abstracts of the development set's abstracts, read in place ([] if absent)."""
    gold = ROOT / "tests" / "data" / "devset" / "oncology.json"
    if not corpus.is_dir() or not gold.is_file():
        return []
    from kg.training.devset_corpus import load_devset, read_abstract
    out = []
    for item in load_devset(gold)["abstracts"]:  # files named relative to ../shared/corpus
        title, abstract = read_abstract(corpus, item["file"], item["record"])
        out += [title, abstract, f"{title} {abstract}"]
    return out


def compare_lexicons(hand, aho, texts: list[str]) -> tuple[int, int, int]:
    """(calls, calls whose outputs differ, matches of the hand-written one) over all filters."""
    calls = differ = found = 0
    for types in TYPE_FILTERS:
        for text in texts:
            one, two = hand.find(text, types=types), aho.find(text, types=types)
            calls += 1
            found += len(one)
            differ += one != two
    return calls, differ, found


def compare_gazetteers(pairs, word_lists: list[list[str]]) -> tuple[int, int, int]:
    calls = differ = found = 0
    for hand, aho in pairs:
        for lowers in word_lists:
            one, two = hand.matches(lowers), aho.matches(lowers)
            calls += 1
            found += len(one)
            differ += one != two
    return calls, differ, found


def equality(s: Subjects, corpus: Path) -> tuple[dict[str, tuple[int, int, int]], bool]:
    """The rows of the equality report, (calls, calls that differ, matches) by label, and
    whether the development set was there to compare on."""
    rows = {"lexicon   BC5CDR": compare_lexicons(s.hand, s.aho, s.texts),
            "gazetteer BC5CDR": compare_gazetteers(s.gazetteers, s.words)}
    dev = devset_texts(corpus)
    if dev:
        rows[f"lexicon   dev set ({len(dev)} texts: title, abstract, both)"] = \
            compare_lexicons(s.hand, s.aho, dev)
        rows["gazetteer dev set"] = compare_gazetteers(s.gazetteers, gazetteer_words(dev))
    return rows, bool(dev)


# ---------------------------------------------------------------- warm rounds

def name_starts(gaz, lowers: list[str]) -> list[int]:
    """Where one of the gazetteer's names may begin (its first two words there): the
    positions the tagger's vectorised filter hands Gazetteer.matches."""
    roots = gaz.roots
    return [i for i in range(len(lowers) - 1)
            if (node := roots.get(lowers[i])) is not None and lowers[i + 1] in node[1]]


def warm_paths(s: Subjects) -> dict[str, Callable[[], object]]:
    """What the warm rounds time: one pass over all texts a path."""
    hand, aho, texts, words, gazetteers = s.hand, s.aho, s.texts, s.words, s.gazetteers
    given = [(g, st) for (g, _), st in zip(gazetteers, s.starts)]

    def hand_gazetteers() -> None:
        for g, _ in gazetteers:
            for lowers in words:
                g.matches(lowers)

    def aho_gazetteers() -> None:
        for _, a in gazetteers:
            for lowers in words:
                a.matches(lowers)

    def hand_gazetteers_given_starts() -> None:
        for g, per_text in given:
            for lowers, begins in zip(words, per_text):
                g.matches(lowers, begins)

    return {
        "lexicon, hand-written (Lexicon.find)": lambda: [hand.find(t) for t in texts],
        "lexicon, pyahocorasick (AhoLexicon.find)": lambda: [aho.find(t) for t in texts],
        "gazetteers G+T, hand-written (Gazetteer.matches)": hand_gazetteers,
        "gazetteers G+T, pyahocorasick (AhoGazetteer.matches)": aho_gazetteers,
        "gazetteers G+T, hand-written, name starts given (as the tagger calls it)":
            hand_gazetteers_given_starts,
    }


# ---------------------------------------------------------------- the run

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="warm rounds (default 7)")
    parser.add_argument("--builds", type=int, default=5, help="cold builds per matcher (default 5)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def missing_input(corpus: Path) -> str | None:
    """Why there is nothing to measure, if so: no BC5CDR corpus, or no pyahocorasick."""
    if not (corpus / "bc5cdr").is_dir():
        return f"{corpus / 'bc5cdr'} is absent: nothing to measure"
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        return "pyahocorasick is not installed: .venv/bin/pip install pyahocorasick"
    return None


def main() -> int:
    """Exit status 0 when every call of each pair gave the same output, 2 when any differed."""
    args = parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.cache)))
        return 0
    missing = missing_input(args.corpus)
    if missing:
        print(missing, file=sys.stderr)
        return 1
    pin_one_cpu()
    docs = bc5cdr(args.corpus)
    builds = cold_builds(args.builds, args.corpus)
    subject = subjects(docs)
    # equality first (it also warms every cache the rounds use)
    same, dev_checked = equality(subject, args.corpus)
    paths = warm_paths(subject)
    keep_for_life()  # the matchers and their warm caches out of the collector's scans, as at run time
    timings = interleaved_rounds(args.rounds, paths)

    n = len(docs)
    print_header(n, len(subject.texts))
    print_equality(same, dev_checked)
    print_builds(builds, args.builds)
    print_warm(timings, args.rounds, n)
    print_ratios(builds, timings, n)
    print(f"peak resident memory of this process: {peak_mb():,.0f} MB")
    identical = all(differ == 0 for _, differ, _ in same.values())
    print("outputs identical:", "yes" if identical else "NO")
    return 0 if identical else 2


if __name__ == "__main__":
    raise SystemExit(main())
