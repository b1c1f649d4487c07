"""kg: literature records and the clinical facts in their abstracts as an RDF knowledge graph."""

__version__ = "0.1.0"
