"""Throughput of the chemical/disease tagger on BC5CDR abstracts, on one core, with a baseline.

    .venv/bin/python bench/bench_ner.py [--corpus ../shared/corpus/bc5cdr] [--trials 5]
    .venv/bin/python bench/bench_ner.py --hostile [--sizes 100000,1000000] [--random 300]

Pins itself to one CPU and tags the 1,000 training and development abstracts: once with cold
caches, then `--trials` more passes, timing each pass in CPU seconds.  Prints the best pass
(least disturbed by other work on the machine) and the median, as abstracts/s and tokens/s,
for `Tagger.tag` (one abstract per call) and `Tagger.tag_many` (batched), next to a naive
dictionary tagger (longest match of annotated and gilda names over the same tokens), and the
peak resident memory.

With --hostile it measures the tagger's worst cases instead (see bench/hostile.py): how its
time grows from 100 kB to 1 MB of one word and of other pathological texts, and its slowest
call on random texts.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import resource
import statistics
import time

from kg.training.name_lists import read_gilda
from kg.extraction.ner import Entity, load_tagger
from kg.extraction.tokens import token_texts, tokenize
from kg.training.evaluate import score_documents
from kg.training.pubtator import read_pubtator

import hostile  # bench/hostile.py, beside this script

ROOT = Path(__file__).resolve().parents[1]


class NaiveDictionaryTagger:
    """Baseline: every longest run of up to 8 tokens that is a known name, case-folded."""

    def __init__(self, names: dict[tuple[str, ...], str]) -> None:
        self.names = names

    def tag(self, text: str) -> tuple[Entity, ...]:
        toks = tokenize(text)
        lowers = [t.text.lower() for t in toks]
        out = []
        i = 0
        while i < len(toks):
            for size in range(min(8, len(toks) - i), 0, -1):
                kind = self.names.get(tuple(lowers[i:i + size]))
                if kind:
                    start, end = toks[i].start, toks[i + size - 1].end
                    out.append(Entity(start=start, end=end, text=text[start:end], type=kind,
                                      mesh=None))
                    i += size
                    break
            else:
                i += 1
        return tuple(out)


def build_naive(train_path: Path, gilda_path: Path) -> NaiveDictionaryTagger:
    names: dict[tuple[str, ...], str] = {}
    for row in read_gilda(gilda_path):
        if row.kind:
            names.setdefault(tuple(w.lower() for w in token_texts(row.name)), row.kind)
    for doc in read_pubtator(train_path):
        for m in doc.mentions:
            names[tuple(w.lower() for w in token_texts(m.text))] = m.type
    for stop in (("a",), ("an",), ("as",), ("at",), ("be",), ("in",), ("on",), ("of",)):
        names.pop(stop, None)
    return NaiveDictionaryTagger(names)


def timed(label: str, fn, texts: list[str], tokens: int,
          trials: int) -> tuple[str, float, float, float, float]:
    """(label, best seconds, best abstracts/s, median abstracts/s, best tokens/s)."""
    spent = []
    for _ in range(trials):
        began = time.process_time()
        fn(texts)
        spent.append(time.process_time() - began)
    best = min(spent)
    return label, best, len(texts) / best, len(texts) / statistics.median(spent), tokens / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/bc5cdr")
    parser.add_argument("--gilda", type=Path,
                        default=ROOT.parent / "shared/vocab-sources/gilda_mesh_mappings.tsv")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    hostile.add_options(parser)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.hostile:
        hostile.report({"tagger": load_tagger().tag}, sizes=args.sizes, count=args.random)
        return 0
    train = args.corpus / "CDR_TrainingSet.PubTator.txt"
    dev = args.corpus / "CDR_DevelopmentSet.PubTator.txt"
    docs = read_pubtator(train) + read_pubtator(dev)
    texts = [d.text for d in docs]
    tokens = sum(len(token_texts(t)) for t in texts)

    began = time.process_time()
    tagger = load_tagger()
    load_s = time.process_time() - began
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def one_by_one(ts: list[str]) -> None:
        for t in ts:
            tagger.tag(t)

    rows = [timed("tag, cold caches", one_by_one, texts, tokens, 1)]
    rows.append(timed("tag, one abstract a call", one_by_one, texts, tokens, args.trials))
    rows.append(timed(f"tag_many, batch={args.batch}",
                      lambda ts: tagger.tag_many(ts, batch=args.batch), texts, tokens,
                      args.trials))
    rss_tagger = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    naive = build_naive(train, args.gilda)
    rows.append(timed("naive dictionary lookup", lambda ts: [naive.tag(t) for t in ts],
                      texts, tokens, args.trials))
    rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{len(texts)} abstracts, {tokens} tokens a pass, one core, CPU time; best of "
          f"{args.trials} passes (median in brackets)")
    print(f"model load: {load_s:.2f} s; peak RSS after load {rss_loaded:.0f} MiB, "
          f"after tagging {rss_tagger:.0f} MiB, with the baseline {rss_all:.0f} MiB")
    print(f"{'run':<28}{'seconds':>9}{'abstracts/s':>22}{'tokens/s':>12}")
    for label, spent, docs_s, median_s, toks_s in rows:
        print(f"{label:<28}{spent:>9.2f}{docs_s:>12.0f} ({median_s:>6.0f}){toks_s:>12.0f}")
    print(f"speed against the naive dictionary: tag {rows[1][2] / rows[3][2]:.2f}x, "
          f"tag_many {rows[2][2] / rows[3][2]:.2f}x")
    dev_docs = read_pubtator(dev)
    for name, tg in (("crf tagger", tagger), ("naive dictionary", naive)):
        report = score_documents(dev_docs, tg, str(dev))  # type: ignore[arg-type]
        cells = "  ".join(f"{k} F1 {report.spans[k].f1:.4f}" for k in ("Chemical", "Disease"))
        print(f"dev span+type, {name:<17} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
