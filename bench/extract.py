"""Clinical extraction throughput on one core: BC5CDR abstracts through the full extractor.

    python bench/extract.py [--repeat 3] [--corpus ../shared/corpus]

Reads the 1,000 BC5CDR abstracts (training and development splits), then times, in this
process pinned to one core, CPU time (best of --repeat):
  full      extract_many: lexicon + tagger (batched) + rules for study, arms, outcomes
  tagger    the chemical/disease tagger alone (tag_many)
  lexicon   the lexicon matcher alone
  rules     everything but the tagger (extract_findings with use_tagger=False)
and reports abstracts/s for each, with peak resident memory.
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


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
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
    extract_many(pairs[:50], lexicon=lexicon)  # warm caches
    timings = {
        "full (lexicon + tagger + rules)": best(args.repeat, lambda: extract_many(pairs, lexicon=lexicon)),
        "rules + lexicon, no tagger": best(args.repeat, lambda: [extract_findings(t, a, lexicon=lexicon, use_tagger=False) for t, a in pairs]),
        "tagger alone (tag_many)": best(args.repeat, lambda: tagger.tag_many([t for p in pairs for t in p])),
        "lexicon alone": best(args.repeat, lambda: [lexicon.find(t) for p in pairs for t in p]),
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(docs)} BC5CDR abstracts, one core, CPU time, best of {args.repeat}")
    print("| path | seconds | abstracts/s |")
    print("|---|---|---|")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.2f} | {len(docs) / seconds:,.0f} |")
    print(f"peak resident memory: {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
