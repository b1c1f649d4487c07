"""Clinical extraction throughput on one core: BC5CDR abstracts through the full extractor.

    python bench/extract.py [--repeat 7] [--corpus ../shared/corpus]
    python bench/extract.py --hostile [--sizes 100000,1000000] [--random 300]

Reads the 1,000 BC5CDR abstracts (training and development splits) and, in this process
pinned to one core, measures CPU time:
  first pass  extract_many over all of them once, right after loading: the tagger's per-word
              and per-chunk caches start empty (a new corpus, every word unseen)
  full        extract_many again (caches warm): lexicon + tagger (batched) + rules
  tagger      the chemical/disease tagger alone (tag_many)
  lexicon     the lexicon matcher alone
  rules       everything but the tagger (extract_many with use_tagger=False)
The repeated paths take turns, one run each per round, so that a machine whose speed drifts
(a shared one drifts by a third and more within a minute) slows them all alike; for each it
reports the best and the median of --repeat rounds, as abstracts/s, with peak resident memory.

With --hostile it measures the worst cases instead (see bench/hostile.py): the full extractor
(title and abstract, as the tests give them) and the lexicon on pathological texts at two
sizes, and their slowest call on random texts.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import resource
import sys
import time

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import hostile  # noqa: E402  (bench/hostile.py, beside this script)


def rounds(repeat: int, paths: dict) -> dict[str, list[float]]:
    """CPU seconds of each path in each of ``repeat`` rounds (every path once a round), sorted."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeat):
        for name, work in paths.items():
            started = time.process_time()
            work()
            times[name].append(time.process_time() - started)
    return {name: sorted(found) for name, found in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    hostile.add_options(parser)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from kg.extraction.lexicon import load_lexicon
    from kg.extraction.ner import load_tagger
    from kg.extraction.pipeline import extract_findings, extract_many
    from kg.training.pubtator import read_pubtator
    if args.hostile:
        lexicon = load_lexicon()
        hostile.report({"full extractor": lambda text: extract_findings(text[:5000], text, lexicon=lexicon),
                        "lexicon": lexicon.find}, sizes=args.sizes, count=args.random)
        return 0
    folder = args.corpus / "bc5cdr"
    if not folder.is_dir():
        print(f"{folder} is absent: nothing to measure", file=sys.stderr)
        return 1
    docs = [d for name in ("CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt")
            for d in read_pubtator(folder / name)]
    pairs = [(d.title, d.abstract) for d in docs]
    lexicon, tagger = load_lexicon(), load_tagger()
    started = time.process_time()
    extract_many(pairs, lexicon=lexicon)  # the first pass fills the tagger's caches
    first = time.process_time() - started
    timings = rounds(args.repeat, {
        "full (lexicon + tagger + rules)": lambda: extract_many(pairs, lexicon=lexicon),
        "rules + lexicon, no tagger": lambda: extract_many(pairs, lexicon=lexicon, use_tagger=False),
        "tagger alone (tag_many)": lambda: tagger.tag_many([t for p in pairs for t in p]),
        "lexicon alone": lambda: [lexicon.find(t) for p in pairs for t in p],
    })
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(docs)
    print(f"{n} BC5CDR abstracts, one core, CPU time; best and median of {args.repeat} rounds")
    print("| path | best s | abstracts/s (best) | median s | abstracts/s (median) |")
    print("|---|---|---|---|---|")
    print(f"| full, first pass (cold caches) | {first:.2f} | {n / first:,.0f} | — | — |")
    for name, times in timings.items():
        best, median = times[0], times[len(times) // 2]
        print(f"| {name} | {best:.2f} | {n / best:,.0f} | {median:.2f} | {n / median:,.0f} |")
    print(f"peak resident memory: {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
