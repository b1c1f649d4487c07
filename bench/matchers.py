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
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPLITS = ("CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt")
TYPE_FILTERS = (None, ("drug",), ("unit", "route"))


def keep_for_life() -> None:
    from kg.cache import keep_for_life as freeze
    freeze()


def pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def bc5cdr(corpus: Path) -> list:
    from kg.training.pubtator import read_pubtator
    return [d for name in SPLITS for d in read_pubtator(corpus / "bc5cdr" / name)]


def lexicon_texts(docs: list) -> list[str]:
    return [t for d in docs for t in (d.title, d.abstract)]


def gazetteer_words(docs: list) -> list[list[str]]:
    """Per abstract, its tokens lower-cased: what the tagger hands the gazetteers."""
    from kg.extraction.tokens import token_texts
    return [[w.lower() for w in token_texts(d.text)] for d in docs]


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
    pin()
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
        words = gazetteer_words(docs)
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


def cold_builds(builds: int, corpus: Path, cache: Path) -> dict[str, list[dict]]:
    modes = ["lexicon-hand:compile", "lexicon-aho:compile", "lexicon-hand:cached",
             "lexicon-aho:cached", "gazetteer-hand:build", "gazetteer-aho:build"]
    out: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(builds):
        for mode in modes:  # one at a time: never two heavy processes at once
            done = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
                 "--cache", str(cache)],
                check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            out[mode].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


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


# ---------------------------------------------------------------- warm rounds

def rounds(count: int, paths: dict) -> dict[str, list[float]]:
    """CPU seconds of each path in each of ``count`` rounds (every path once a round)."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(count):
        for name, work in paths.items():
            started = time.process_time()
            work()
            times[name].append(time.process_time() - started)
    return times


def name_starts(gaz, lowers: list[str]) -> list[int]:
    """Where one of the gazetteer's names may begin (its first two words there): the
    positions the tagger's vectorised filter hands Gazetteer.matches."""
    roots = gaz.roots
    return [i for i in range(len(lowers) - 1)
            if (node := roots.get(lowers[i])) is not None and lowers[i + 1] in node[1]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="warm rounds (default 7)")
    parser.add_argument("--builds", type=int, default=5, help="cold builds per matcher (default 5)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.cache)))
        return 0
    if not (args.corpus / "bc5cdr").is_dir():
        print(f"{args.corpus / 'bc5cdr'} is absent: nothing to measure", file=sys.stderr)
        return 1
    pin()
    try:
        import ahocorasick
    except ImportError:
        print("pyahocorasick is not installed: .venv/bin/pip install pyahocorasick", file=sys.stderr)
        return 1
    from aho_matchers import AhoGazetteer, AhoLexicon
    from kg.extraction.gazetteer import Gazetteer
    from kg.extraction.lexicon import Lexicon

    docs = bc5cdr(args.corpus)
    texts = lexicon_texts(docs)
    words = gazetteer_words(docs)
    n = len(docs)
    with tempfile.TemporaryDirectory(prefix="kg-matchers-") as folder:
        cache = Path(folder)
        Lexicon.load(cache_dir=cache)  # the pickle caches the "cached" builds load
        AhoLexicon.load(cache_dir=cache)
        builds = cold_builds(args.builds, args.corpus, cache)

    hand, aho = Lexicon.load(cache_dir=None), AhoLexicon.load()
    gilda, gold = model_names()
    gazetteers = [(Gazetteer.build("G", gilda), AhoGazetteer.build("G", gilda)),
                  (Gazetteer.build("T", gold), AhoGazetteer.build("T", gold))]
    starts = [[name_starts(g, lowers) for lowers in words] for g, _ in gazetteers]

    # equality first (it also warms every cache the rounds use)
    same_lexicon = compare_lexicons(hand, aho, texts)
    same_gazetteer = compare_gazetteers(gazetteers, words)
    dev = devset_texts(args.corpus)
    same_dev_lexicon = compare_lexicons(hand, aho, dev) if dev else None
    same_dev_gazetteer = (compare_gazetteers(gazetteers, gazetteer_words_of(dev))
                          if dev else None)
    given = [(g, s) for (g, _), s in zip(gazetteers, starts)]
    keep_for_life()  # the matchers and their warm caches out of the collector's scans, as at run time

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

    timings = rounds(args.rounds, {
        "lexicon, hand-written (Lexicon.find)": lambda: [hand.find(t) for t in texts],
        "lexicon, pyahocorasick (AhoLexicon.find)": lambda: [aho.find(t) for t in texts],
        "gazetteers G+T, hand-written (Gazetteer.matches)": hand_gazetteers,
        "gazetteers G+T, pyahocorasick (AhoGazetteer.matches)": aho_gazetteers,
        "gazetteers G+T, hand-written, name starts given (as the tagger calls it)":
            hand_gazetteers_given_starts,
    })

    print(f"{n} BC5CDR abstracts ({len(texts)} lexicon calls: titles and abstracts; "
          f"{2 * n} gazetteer calls: G and T per abstract); one core, CPU time; "
          f"pyahocorasick {getattr(ahocorasick, '__version__', '') or _version('pyahocorasick')}, "
          f"Python {sys.version.split()[0]}")
    print()
    print("equality (outputs compared in full; lexicon with types None, drug, unit+route):")
    print(f"  lexicon   BC5CDR: {_same(same_lexicon)}")
    print(f"  gazetteer BC5CDR: {_same(same_gazetteer)}")
    if dev:
        print(f"  lexicon   dev set ({len(dev)} texts: title, abstract, both): {_same(same_dev_lexicon)}")
        print(f"  gazetteer dev set: {_same(same_dev_gazetteer)}")
    else:
        print("  dev set: skipped (../shared is absent)")
    print()
    print(f"cold builds, each in a fresh subprocess, {args.builds} per row, taking turns "
          "(median, min–max):")
    print("| build | seconds | resident memory added, MB | first pass, abstracts/s |")
    print("|---|---|---|---|")
    for mode, found in builds.items():
        build = [f["build"] for f in found]
        first = [f["abstracts"] / f["first"] for f in found]
        grown = statistics.median(f["grown_mb"] for f in found)
        print(f"| {mode} | {statistics.median(build):.3f} ({min(build):.3f}–{max(build):.3f}) "
              f"| {grown:.0f} | {statistics.median(first):,.0f} ({min(first):,.0f}–{max(first):,.0f}) |")
    print()
    print(f"warm passes, {args.rounds} rounds, the paths taking turns:")
    print("| path | best, abstracts/s | median, abstracts/s | each round, abstracts/s |")
    print("|---|---|---|---|")
    for name, found in timings.items():
        each = " ".join(f"{n / t:,.0f}" for t in found)
        print(f"| {name} | {n / min(found):,.0f} | {n / statistics.median(found):,.0f} | {each} |")
    print()
    first = {mode: statistics.median(f["abstracts"] / f["first"] for f in found)
             for mode, found in builds.items()}
    build = {mode: statistics.median(f["build"] for f in found) for mode, found in builds.items()}
    median = {name: n / statistics.median(found) for name, found in timings.items()}
    names = list(timings)
    print("speed ratios, pyahocorasick ÷ hand-written (above 1: pyahocorasick faster; medians):")
    print(f"  lexicon   warm {median[names[1]] / median[names[0]]:.2f}×, "
          f"first pass {first['lexicon-aho:compile'] / first['lexicon-hand:compile']:.2f}×, "
          f"compile {build['lexicon-hand:compile'] / build['lexicon-aho:compile']:.2f}×, "
          f"cached load {build['lexicon-hand:cached'] / build['lexicon-aho:cached']:.2f}×")
    print(f"  gazetteer warm {median[names[3]] / median[names[2]]:.2f}× "
          f"(against the tagger's call, starts given: {median[names[3]] / median[names[4]]:.2f}×), "
          f"first pass {first['gazetteer-aho:build'] / first['gazetteer-hand:build']:.2f}×, "
          f"build {build['gazetteer-hand:build'] / build['gazetteer-aho:build']:.2f}×")
    print(f"peak resident memory of this process: {peak_mb():,.0f} MB")
    identical = all(r is None or r[1] == 0 for r in (same_lexicon, same_gazetteer, same_dev_lexicon,
                                                     same_dev_gazetteer))
    print("outputs identical:", "yes" if identical else "NO")
    return 0 if identical else 2


def gazetteer_words_of(texts: list[str]) -> list[list[str]]:
    from kg.extraction.tokens import token_texts
    return [[w.lower() for w in token_texts(t)] for t in texts]


def _same(result: tuple[int, int, int]) -> str:
    calls, differ, found = result
    return f"{calls:,} calls, {differ} differ ({found:,} matches)"


def _version(package: str) -> str:
    from importlib.metadata import version
    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
