"""`kg extract` and `kg eval`: the clinical findings of abstracts, and the extractor's scores."""

from __future__ import annotations

import json

import click

from kg import api
from kg.cli import main
from kg.errors import KgError
from kg.readers import READERS


@main.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@click.option("--from", "reader", type=click.Choice(list(READERS)), default=None,
              help="The input format; detected from the content when not given.")
@click.option("--encoding", default="auto", show_default=True, help="Text encoding of the input.")
def extract(file, reader, encoding) -> None:
    """Print the clinical findings of an abstract as JSON.

    FILE (or stdin) is either plain text — read as one abstract, printed as one JSON object —
    or a file of records in any format kg reads, printed as JSON Lines, one object per record
    (its id, title and findings). Nothing is written to the store.

    \b
    Example:
      echo "Twelve patients received cisplatin 75 mg/m2 intravenously on day 1." | kg extract
    """
    from kg.findings import findings_as_dict
    for label, title, findings in api.extract(file, fmt=reader, encoding=encoding):
        if isinstance(findings, KgError):
            click.echo(f"kg: skipped: {findings}", err=True)
            continue
        document = {"record": label, "title": title, **findings_as_dict(findings)}
        if title is None and label in ("<stdin>", file):
            document.pop("record")
            document.pop("title")
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            click.echo(json.dumps(document, ensure_ascii=False))


@main.group(name="eval")
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
      kg eval bc5cdr ../shared/corpus/bc5cdr/CDR_DevelopmentSet.PubTator.txt
    """
    from kg.extract.evaluate import score_bc5cdr
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
      kg eval devset tests/data/devset/oncology.json --corpus ../shared/corpus
    """
    from kg.extract.devset_corpus import score_devset
    report = score_devset(gold, corpus)
    click.echo(json.dumps(report.as_dict(), indent=1) if as_json else report.format_table())


@main.group()
def train() -> None:
    """Train the learned components shipped in the package."""


@train.command(name="ner")
@click.option("--train", "train_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="A PubTator training file (the BC5CDR training split).")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The model file to write (kg/extract/data/ner-bc5cdr.json.gz ships).")
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
      kg train ner --train ../shared/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt \\
                   --out kg/extract/data/ner-bc5cdr.json.gz
    """
    from pathlib import Path

    from kg.extract import train_ner as trainer
    try:
        model, documents, seconds = trainer.train_from_files(
            Path(train_file), Path(out), gilda=Path(gilda) if gilda else trainer.DEFAULT_GILDA,
            diseases=Path(diseases) if diseases else trainer.DEFAULT_DISEASES)
    except ImportError:
        raise KgError("training needs python-crfsuite: pip install 'kg[train]'") from None
    click.echo(f"trained on {documents} documents in {seconds:.1f} s: {len(model.weights)} "
               f"features, {out} ({Path(out).stat().st_size:,} bytes)")
