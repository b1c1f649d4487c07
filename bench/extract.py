"""Clinical extraction throughput on one core: BC5CDR abstracts through the full extractor.

    python bench/extract.py [--repeat 7] [--corpus ../shared/corpus]

Reads the 1,000 BC5CDR abstracts (training and development splits) and, in this process
pinned to one core, measures CPU time:
  first pass  extract_many over all of them once, right after loading: the tagger's per-word
              and per-chunk caches start empty (a new corpus, every word unseen)
  full        extract_many again (caches warm): lexicon + tagger (batched) + rules
  tagger      the chemical/disease tagger alone (tag_many)
  lexicon     the lexicon matcher alone
  rules       everything but the tagger (extract_findings with use_tagger=False)
For the repeated paths it reports the best and the median of --repeat runs (a shared machine
drifts by a third and more between runs), as abstracts/s, with peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def runs(repeat: int, work) -> list[float]:
    """CPU seconds of each of ``repeat`` runs of ``work``, sorted."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return sorted(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from kg.extract.lexicon import load_lexicon
    from kg.extract.ner import load_tagger
    from kg.extract.pipeline import extract_findings, extract_many
    from kg.extract.pubtator import read_pubtator
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
    timings = {
        "full (lexicon + tagger + rules)": runs(args.repeat, lambda: extract_many(pairs, lexicon=lexicon)),
        "rules + lexicon, no tagger": runs(args.repeat, lambda: [extract_findings(t, a, lexicon=lexicon, use_tagger=False) for t, a in pairs]),
        "tagger alone (tag_many)": runs(args.repeat, lambda: tagger.tag_many([t for p in pairs for t in p])),
        "lexicon alone": runs(args.repeat, lambda: [lexicon.find(t) for p in pairs for t in p]),
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(docs)
    print(f"{n} BC5CDR abstracts, one core, CPU time; best and median of {args.repeat} runs")
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
