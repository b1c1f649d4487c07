"""Corpora, scoring and training of the extractor, for `kg dev` and bench/ only; imports: kg.extraction, kg.readers, kg.findings, kg.concepts, kg.errors, kg.resources, kg.cache."""
