"""Clinical findings from titles and abstracts, at run time: text, lexicon, tagger, rules; imports: kg.findings, kg.concepts, kg.errors, kg.resources, kg.cache."""
