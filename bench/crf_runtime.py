"""The hand-written CRF runtime against python-crfsuite's own tagger, same model, same features.

    .venv/bin/python bench/crf_runtime.py \\
        --dev ../shared/corpus/bc5cdr/CDR_DevelopmentSet.PubTator.txt \\
        --model /work/crf-bench-out/ner-bc5cdr.crfsuite [--rounds 7]

    # the .crfsuite file, if missing: kg's own trainer (kg.training.train_ner), run unchanged,
    # with the file it trains kept (about 25 s on one core); the model it exports is written
    # beside it and compared byte for byte with the shipped one
    .venv/bin/python bench/crf_runtime.py --dev ... --model M.crfsuite \\
        --train ../shared/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt

Two taggers of chemical and disease mentions, both fed by the same model:

* hand-written: `kg.extraction.ner.Tagger` on the exported weights (`--json`, the shipped
  `kg/extraction/data/ner-bc5cdr.json.gz` by default): per-word-type emission vectors summed with
  numpy, pruned Viterbi (`kg/extraction/crf.py`);
* pycrfsuite: `pycrfsuite.Tagger` on the `.crfsuite` file that the trainer wrote and from which
  those weights were exported, given for every token the feature strings the trainer feeds the
  CRF (`kg.training.corpus_features.sequence_features`, per-type features cached across calls as
  the trainer does), with the evidence (name lists, word statistics) of the same model file.
  Its labels become spans as conlleval reads them, and the spans go through the same document
  consistency and MeSH step as the hand-written tagger's (`Tagger._finish`).

Correctness (one pass, before the timing): per token, the labels of both; per abstract, whether
the label sequences are identical; strict span+type F1 on the development split for each (as
`kg eval bc5cdr`); where labels differ, the score margin of the two label paths under each
model (a difference of rounding, or pycrfsuite's path breaking the BIOES scheme that the
hand-written decoder enforces).

Timing: pinned to one CPU, CPU time (time.process_time) of whole passes over the development
abstracts.  Each path first runs once from fresh objects (new tagger, empty caches, the
tokenizer's chunk cache cleared): the "first pass".  Then `--rounds` rounds, in each of which
every path runs one pass, in an order that rotates from round to round; the median and best of
those passes are reported as abstracts/s.  Paths:

  whole path, text -> entities:
    hand-written  Tagger.tag, one abstract a call
    hand-written  Tagger.tag_many (batch 64), as kg's pipeline calls it
    pycrfsuite    tokenize + sequence_features + Tagger.tag + spans + _finish, one a call
  text -> CRF spans (before the shared consistency and MeSH step):
    hand-written  Tagger.spans_many([text])
    pycrfsuite    tokenize + sequence_features + Tagger.tag + spans
  from prepared input (warm; what each runtime does once its features are made):
    hand-written  scoring: EmissionTable.scores(ids); + Viterbi: LinearChain.decode
    pycrfsuite    scoring: Tagger.set(ItemSequence) (attribute lookup and state scores);
                  + Viterbi: Tagger.tag() on the sequence set
  Viterbi alone: the hand-written one also timed directly on prepared scores; for both, the
  difference of the medians of "scoring + Viterbi" and "scoring".
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kg.extraction import tokens as kg_tokens
from kg.training.corpus_features import sequence_features
from kg.extraction.crf import FORBIDDEN
from kg.training.evaluate import score_documents
from kg.extraction.meshnames import MeshNormaliser
from kg.extraction.ner import KIND_NAMES, MAX_MENTION_CHARS, Tagger, default_model_path
from kg.extraction.ner_model import NerModel, load_model, model_evidence
from kg.training.pubtator import read_pubtator
from kg.extraction.tokens import Token, tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# -- the .crfsuite model ---------------------------------------------------------------------
def train_keeping_crfsuite(train: Path, model: Path, gilda: Path, diseases: Path) -> Path:
    """Run kg's trainer unchanged and keep the .crfsuite file it trains (it normally goes to a
    temporary directory); the exported model is written to `model` with suffix .json.gz."""
    import pycrfsuite

    from kg.training import train_ner

    original = pycrfsuite.Trainer.train

    def train_and_keep(self, path, holdout=-1):  # type: ignore[no-untyped-def]
        original(self, path, holdout)
        shutil.copyfile(path, model)

    pycrfsuite.Trainer.train = train_and_keep
    exported = model.with_suffix(".json.gz")
    try:
        began = time.process_time()
        wall = time.perf_counter()
        _, documents, _ = train_ner.train_from_files(train, exported, gilda=gilda,
                                                     diseases=diseases)
        print(f"trained on {documents} documents: {time.process_time() - began:.1f} s CPU, "
              f"{time.perf_counter() - wall:.1f} s wall; {model} "
              f"({model.stat().st_size:,} bytes), exported {exported}")
    finally:
        pycrfsuite.Trainer.train = original
    return exported


# -- the pycrfsuite tagger -------------------------------------------------------------------
def label_spans(toks: Sequence[Token], labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the entities of a BIOES label sequence, read as conlleval does: an
    entity ends at E/S or where the next label does not continue it (I/E of the same kind);
    an I or E that continues nothing opens one."""
    out = []
    first = -1
    kind = ""
    for i, label in enumerate(labels):
        part, k = ("O", "") if label == "O" else (label[0], label[2:])
        if first >= 0 and not (part in ("I", "E") and k == kind):
            out.append((first, i - 1, kind))
            first = -1
        if first < 0 and part != "O":
            first, kind = i, k
        if first >= 0 and part in ("E", "S"):
            out.append((first, i, kind))
            first = -1
    if first >= 0:
        out.append((first, len(labels) - 1, kind))
    spans = []
    for i, j, k in out:
        start, end = toks[i].start, toks[j].end
        if end - start <= MAX_MENTION_CHARS:
            spans.append((start, end, KIND_NAMES.get(k, k)))
    return spans


class CrfsuiteTagger:
    """`Tagger`'s interface (`tag`, `spans`) over pycrfsuite.Tagger with the trainer's features."""

    def __init__(self, model: NerModel, crfsuite_path: Path) -> None:
        import pycrfsuite

        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(crfsuite_path))
        self.evidence = model_evidence(model)
        self.cache: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.normaliser = MeshNormaliser(model.names)   # what Tagger._finish uses

    def features(self, text: str) -> tuple[tuple[Token, ...], list[list[str]]]:
        toks = tokenize(text)
        return toks, sequence_features([t.text for t in toks], self.evidence, self.cache)

    def labels(self, text: str) -> tuple[tuple[Token, ...], list[str]]:
        toks, xseq = self.features(text)
        return toks, (self.crf.tag(xseq) if toks else [])

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return label_spans(*self.labels(text))

    def tag(self, text: str):  # type: ignore[no-untyped-def]
        return Tagger._finish(self, text, self.spans(text))  # type: ignore[arg-type]


# -- the hand-written runtime's labels ------------------------------------------------------
def hand_labels(tagger: Tagger, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(emissions, label indexes) of one text, as `Tagger.spans_many` computes them."""
    tagger.encoder.refresh()
    batch = tagger.encoder.encode(text)
    emissions = tagger.table.scores(batch.ids)
    return emissions, tagger.chain.decode(emissions)


def path_score(tagger: Tagger, emissions: np.ndarray, labels: Sequence[int]) -> float:
    """Score of a label path under the hand-written runtime's chain (forbidden steps: -1e9)."""
    chain = tagger.chain
    if not len(labels):
        return 0.0
    score = chain.start[labels[0]] + chain.stop[labels[-1]]
    score += float(emissions[np.arange(len(labels)), labels].sum())
    score += float(sum(chain.trans[a, b] for a, b in zip(labels, labels[1:])))
    return float(score)


def compare(model: NerModel, hand: Tagger, crfs: CrfsuiteTagger, texts: list[str]) -> dict:
    """Token-by-token comparison of the two taggers' labels over `texts`."""
    index = {label: i for i, label in enumerate(model.labels)}
    tokens = differing_tokens = differing_docs = broken = 0
    spans_agree = 0
    margins = []
    for text in texts:
        emissions, mine = hand_labels(hand, text)
        toks, theirs = crfs.labels(text)
        if len(toks) != len(mine):
            raise SystemExit(f"token counts differ ({len(toks)} vs {len(mine)}): {text[:60]!r}")
        theirs_i = [index[x] for x in theirs]
        tokens += len(toks)
        mine_l = [model.labels[i] for i in mine.tolist()]
        # the hand-written runtime's own spans are those of its labels read the same way
        spans_agree += hand.spans_many([text])[0] == label_spans(toks, mine_l)
        diff = sum(a != b for a, b in zip(mine_l, theirs))
        if diff:
            differing_tokens += diff
            differing_docs += 1
            theirs_score = path_score(hand, emissions, theirs_i)
            if theirs_score <= FORBIDDEN / 2:
                broken += 1
            crfs.crf.set(crfs.features(text)[1])
            margins.append((path_score(hand, emissions, mine.tolist()) - theirs_score,
                            crfs.crf.probability(theirs) / crfs.crf.probability(mine_l),
                            diff, theirs_score <= FORBIDDEN / 2))
    return {"tokens": tokens, "differing_tokens": differing_tokens, "abstracts": len(texts),
            "differing_abstracts": differing_docs, "pycrfsuite_path_breaks_scheme": broken,
            "hand_spans_consistent": spans_agree, "margins": margins}


# -- timing ----------------------------------------------------------------------------------
def fresh_caches() -> None:
    """Clear the process-wide caches the taggers share (the tokenizer's chunk cache)."""
    kg_tokens._split_short.cache_clear()


def clock(fn: Callable[[], object]) -> float:
    began = time.process_time()
    fn()
    return time.process_time() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, required=True,
                        help="PubTator file to tag (the BC5CDR development split)")
    parser.add_argument("--model", type=Path, required=True,
                        help="the .crfsuite model file (made with --train if missing)")
    parser.add_argument("--json", type=Path, default=None,
                        help="the exported model for the hand-written runtime and for both "
                             "taggers' evidence (default: the shipped model)")
    parser.add_argument("--train", type=Path, default=None,
                        help="PubTator training file: train the .crfsuite model if missing")
    parser.add_argument("--gilda", type=Path,
                        default=SHARED / "vocab-sources/gilda_mesh_mappings.tsv")
    parser.add_argument("--diseases", type=Path,
                        default=SHARED / "vocab-sources/DO_NCIthesaurus_subset.obo")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    args = parser.parse_args()
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    json_path = args.json or default_model_path()
    if not args.model.exists():
        if args.train is None:
            parser.error(f"{args.model} does not exist: give --train to make it")
        exported = train_keeping_crfsuite(args.train, args.model, args.gilda, args.diseases)
        same = exported.read_bytes() == Path(json_path).read_bytes()
        print(f"exported model {'==' if same else '!='} {json_path} (byte for byte)")
        if not same:
            print("WARNING: the .crfsuite file is not the model behind --json", file=sys.stderr)

    docs = read_pubtator(args.dev)
    texts = [d.text for d in docs]
    n = len(texts)

    began = time.process_time()
    model = load_model(json_path)
    load_json = time.process_time() - began
    build_hand = clock(lambda: Tagger(model))
    build_crfs = clock(lambda: CrfsuiteTagger(model, args.model))
    print(f"{n} abstracts, {sum(len(kg_tokens.token_texts(t)) for t in texts):,} tokens; "
          f"model {json_path} ({Path(json_path).stat().st_size:,} bytes), "
          f"{args.model} ({args.model.stat().st_size:,} bytes)")
    print(f"load: json model {load_json:.2f} s; then Tagger(model) {build_hand:.2f} s, "
          f"pycrfsuite open + evidence + MeSH names {build_crfs:.2f} s (CPU)")

    # -- correctness ---------------------------------------------------------------------
    hand = Tagger(model)
    crfs = CrfsuiteTagger(model, args.model)
    cmp = compare(model, hand, crfs, texts)
    identical = cmp["differing_tokens"] == 0
    print(f"\nlabels: {cmp['tokens']:,} tokens, {cmp['differing_tokens']} differ, in "
          f"{cmp['differing_abstracts']} of {cmp['abstracts']} abstracts -> "
          f"{'IDENTICAL' if identical else 'NOT identical'}")
    print(f"  hand-written spans = its labels read as conlleval: {cmp['hand_spans_consistent']} "
          f"of {n} abstracts")
    if cmp["margins"]:
        print(f"  abstracts where pycrfsuite's path breaks the BIOES scheme: "
              f"{cmp['pycrfsuite_path_breaks_scheme']}")
        print("  per differing abstract: hand-written score(own) - score(pycrfsuite's) | "
              "pycrfsuite P(own)/P(hand-written's) | tokens | breaks scheme")
        for gap, ratio, diff, bad in cmp["margins"][:20]:
            print(f"    {gap:12.6g} | {ratio:10.6f} | {diff:3d} | {bad}")
    reports = {}
    for name, tagger in (("hand-written", Tagger(model)),
                         ("pycrfsuite", CrfsuiteTagger(model, args.model))):
        report = score_documents(docs, tagger, str(args.dev))  # type: ignore[arg-type]
        reports[name] = report
        cells = "  ".join(f"{k} F1 {report.spans[k].f1:.4f} (P {report.spans[k].precision:.4f}"
                          f" R {report.spans[k].recall:.4f})" for k in ("Chemical", "Disease"))
        print(f"F1 span+type, {name:<13} {cells}")
        print(" " * 27 + "  ".join(f"{k} TP {report.spans[k].tp} FP {report.spans[k].fp} "
                                    f"FN {report.spans[k].fn}" for k in ("Chemical", "Disease")))
    same_f1 = all(reports["hand-written"].spans[k] == reports["pycrfsuite"].spans[k]
                  for k in ("Chemical", "Disease", "all"))
    print(f"F1 {'identical' if same_f1 else 'DIFFERENT'} (same TP/FP/FN counts: {same_f1})")

    # -- timing --------------------------------------------------------------------------
    # Prepared inputs for the scoring/decoding stages (their own, warm objects).
    hand_prep = Tagger(model)
    hand_ids = []
    for text in texts:
        hand_prep.encoder.refresh()
        hand_ids.append(hand_prep.encoder.encode(text).ids)
    hand_emissions = [hand_prep.table.scores(ids) for ids in hand_ids]
    crfs_prep = CrfsuiteTagger(model, args.model)
    import pycrfsuite
    crfs_items = [pycrfsuite.ItemSequence(crfs_prep.features(t)[1]) for t in texts]
    crf = crfs_prep.crf
    nonempty = [x for x in crfs_items if len(x.items())]

    def hand_scoring() -> None:
        for ids in hand_ids:
            hand_prep.table.scores(ids)

    def hand_scoring_viterbi() -> None:
        for ids in hand_ids:
            hand_prep.chain.decode(hand_prep.table.scores(ids))

    def crfs_scoring() -> None:
        for x in nonempty:
            crf.set(x)

    def crfs_scoring_viterbi() -> None:
        for x in nonempty:
            crf.set(x)
            crf.tag()

    def hand_viterbi_only() -> None:
        for e in hand_emissions:
            hand_prep.chain.decode(e)

    # Whole-path and spans paths: each gets fresh objects for its first pass, then keeps them.
    def make_paths() -> dict[str, Callable[[], object]]:
        h1, h2, h3 = Tagger(model), Tagger(model), Tagger(model)
        c1, c2 = CrfsuiteTagger(model, args.model), CrfsuiteTagger(model, args.model)
        return {
            "hand-written tag (one a call)": lambda: [h1.tag(t) for t in texts],
            f"hand-written tag_many (batch {args.batch})":
                lambda: h2.tag_many(texts, batch=args.batch),
            "pycrfsuite tag (one a call)": lambda: [c1.tag(t) for t in texts],
            "hand-written spans_many([text])": lambda: [h3.spans_many([t]) for t in texts],
            "pycrfsuite spans": lambda: [c2.spans(t) for t in texts],
            "hand-written scoring (prepared ids)": hand_scoring,
            "hand-written scoring + Viterbi": hand_scoring_viterbi,
            "hand-written Viterbi alone (prepared scores)": hand_viterbi_only,
            "pycrfsuite scoring: set(ItemSequence)": crfs_scoring,
            "pycrfsuite scoring + Viterbi: set + tag()": crfs_scoring_viterbi,
        }

    paths = make_paths()
    names = list(paths)
    cold_paths = names[:5]
    first: dict[str, float] = {}
    for name in cold_paths:
        fresh_caches()
        first[name] = clock(paths[name])
    spent: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            spent[name].append(clock(paths[name]))

    print(f"\nCPU time, one pinned core: first pass (fresh objects and caches), then the median "
          f"and best of {args.rounds} interleaved rounds; abstracts/s over {n} abstracts")
    print(f"{'path':<46}{'first':>9}{'median':>9}{'best':>9}")
    rate = {}
    for name in names:
        med = statistics.median(spent[name])
        rate[name] = (n / first[name] if name in first else None, n / med, n / min(spent[name]))
        f = f"{rate[name][0]:9.0f}" if rate[name][0] else f"{'-':>9}"
        print(f"{name:<46}{f}{rate[name][1]:9.0f}{rate[name][2]:9.0f}")
    med = {name: statistics.median(spent[name]) for name in names}
    print(f"{'hand-written Viterbi alone (difference)':<46}{'-':>9}"
          f"{n / (med['hand-written scoring + Viterbi'] - med['hand-written scoring (prepared ids)']):9.0f}")
    print(f"{'pycrfsuite Viterbi alone (difference)':<46}{'-':>9}"
          f"{n / (med['pycrfsuite scoring + Viterbi: set + tag()'] - med['pycrfsuite scoring: set(ItemSequence)']):9.0f}")

    def ratio(a: str, b: str) -> str:
        firsts = (f"first {rate[a][0] / rate[b][0]:.2f}x, " if rate[a][0] and rate[b][0] else "")
        return f"{firsts}median {rate[a][1] / rate[b][1]:.2f}x, best {rate[a][2] / rate[b][2]:.2f}x"

    print("\nhand-written ÷ pycrfsuite (abstracts/s):")
    print(f"  whole path, both one a call:           {ratio(names[0], names[2])}")
    print(f"  whole path, tag_many ÷ pycrfsuite tag: {ratio(names[1], names[2])}")
    print(f"  text -> CRF spans, one a call:         {ratio(names[3], names[4])}")
    print(f"  scoring + Viterbi, prepared input:     {ratio(names[6], names[9])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
