"""The kg ontology, SHACL shapes, JSON-LD context, SKOS vocabularies and lexicon tables, as package data."""
