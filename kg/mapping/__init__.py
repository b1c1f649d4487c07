"""Mapping of records and findings to quads: bibliographic, clinical and provenance tables."""
