"""RDF plumbing: namespaces (kgo generated from ontology/kg.ttl), vocabularies, sinks, JSON-LD, bulk export, SHACL, result rendering; imports: kg.errors, kg.resources."""
