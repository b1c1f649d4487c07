"""`kg dev`: developer commands that score and train the extractor on corpora (BC5CDR, the dev set). imports: kg.training, kg.errors, kg.cli."""

from __future__ import annotations

import json

import click


@click.group(hidden=True)
def dev() -> None:
    """Developer commands: score the extractor, train its tagger (they read ../shared)."""


@dev.group(name="eval")
def evaluate() -> None:
    """Score the extractor on annotated corpora."""


@evaluate.command(name="bc5cdr")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_bc5cdr(file, as_json) -> None:
    """Score chemical and disease mentions on a BC5CDR PubTator FILE.

    Prints precision, recall and F1 per class for strict span-and-type matches, and for the
    MeSH ids of the mentions (on the matched mentions, and end to end).

    \b
    Example:
      kg dev eval bc5cdr ../shared/corpus/bc5cdr/CDR_DevelopmentSet.PubTator.txt
    """
    from kg.training.evaluate import score_bc5cdr
    report = score_bc5cdr(file)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.format_table())


@evaluate.command(name="devset")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), default="../shared/corpus",
              show_default=True, help="Where the annotated abstracts are read from, in place.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores (and each abstract's "
                                                       "misses) as JSON.")
def eval_devset(gold, corpus, as_json) -> None:
    """Score the extractor on a hand-annotated development set (tests/data/devset/*.json):
    precision, recall and F1 for drugs, doses, routes, schedules, arm sizes, responses with
    counts and negations.

    \b
    Example:
      kg dev eval devset tests/data/devset/oncology.json --corpus ../shared/corpus
    """
    from kg.training.devset_corpus import score_devset
    report = score_devset(gold, corpus)
    click.echo(json.dumps(report.as_dict(), indent=1) if as_json else report.format_table())


@dev.group()
def train() -> None:
    """Train the learned components shipped in the package."""


@train.command(name="ner")
@click.option("--train", "train_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A PubTator training file (the BC5CDR training split).")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The model file to write (kg/extraction/data/ner-bc5cdr.json.gz ships).")
@click.option("--gilda", type=click.Path(exists=True, dir_okay=False), default=None,
              help="gilda's mesh_mappings.tsv (default: ../shared/vocab-sources).")
@click.option("--diseases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The Disease Ontology OBO file for more disease names (default: "
                   "../shared/vocab-sources).")
def train_ner(train_file, out, gilda, diseases) -> None:
    """Train the chemical/disease tagger (a CRF; needs python-crfsuite) and write its model.
    Deterministic: the same corpus and name lists give the same bytes.

    \b
    Example:
      kg dev train ner --train ../shared/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt \\
                   --out kg/extraction/data/ner-bc5cdr.json.gz
    """
    from pathlib import Path

    from kg.training import train_ner as trainer
    model, documents, seconds = trainer.train_from_files(
        Path(train_file), Path(out), gilda=Path(gilda) if gilda else trainer.DEFAULT_GILDA,
        diseases=Path(diseases) if diseases else trainer.DEFAULT_DISEASES)
    click.echo(f"trained on {documents} documents in {seconds:.1f} s: {len(model.weights)} "
               f"features, {out} ({Path(out).stat().st_size:,} bytes)")
