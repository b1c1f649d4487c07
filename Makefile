# kg — two commands set everything up on a fresh machine:
#   make demo   install into .venv and run the main job on examples/ (embedded store)
#   make test   install, set up the real validators and servers, run the whole test suite

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DEMO_STORE ?= demo-store
# prov:generatedAtTime of the committed exports, so `make exports` is reproducible
EXPORTS_EPOCH ?= 1767225600
PYTEST_ARGS ?=

.PHONY: install demo test reliability fuzz exports lexicon vocab kgo model bench clean

install: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[draw,test,train]'
	touch $@

demo: install
	rm -rf $(DEMO_STORE)
	$(BIN)/kg load examples/ --store $(DEMO_STORE)
	$(BIN)/kg stats --store $(DEMO_STORE)
	mkdir -p demo-out
	$(BIN)/kg export --store $(DEMO_STORE) -o demo-out/graph.ttl
	$(BIN)/kg export --store $(DEMO_STORE) -o demo-out/graph.jsonld
	$(BIN)/kg export --store $(DEMO_STORE) -o demo-out/graph.nq
	$(BIN)/kg query --store $(DEMO_STORE) -f examples/queries/authors.rq

test: install tools
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Kill-and-resume at scale: `kg load` of 10,000 records SIGKILLed at 20 points, each resumed
# store compared quad for quad with a clean one (make test runs 1,000 records, 4 points).
reliability: install
	KG_KILL_RECORDS=10000 KG_KILL_POINTS=20 $(BIN)/python -m pytest -q tests/test_resume.py

# Reader fuzzing beyond make test: the property tests of every reader (random and mutated
# inputs; only InputError may escape) over FUZZ_SEEDS different hypothesis seeds.
FUZZ_SEEDS ?= 20
fuzz: install
	for seed in $$(seq 1 $(FUZZ_SEEDS)); do \
	  $(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-seed=$$seed tests/test_reader_*.py \
	    -k "random or mutated or hostile or only_gives or input_errors" || exit 1; \
	done

# The committed exports of examples/ (checked by tests/test_exports_dir.py).
exports: install
	SOURCE_DATE_EPOCH=$(EXPORTS_EPOCH) $(BIN)/kg convert examples/ -o exports/examples.ttl
	SOURCE_DATE_EPOCH=$(EXPORTS_EPOCH) $(BIN)/kg convert examples/ -o exports/examples.jsonld
	SOURCE_DATE_EPOCH=$(EXPORTS_EPOCH) $(BIN)/kg convert examples/ -o exports/examples.nq

# Generated files: the kgo namespace module, the ASJC scheme, the clinical lexicon.
kgo: install
	$(BIN)/python tools/kgo_codegen.py

vocab: install
	$(BIN)/python tools/build_asjc.py --corpus $(SHARED)/corpus/asjc --out ontology/vocab/asjc.ttl

lexicon: install
	$(BIN)/python tools/build_lexicon.py --sources $(SHARED)/vocab-sources --out ontology/lexicon

# The chemical/disease tagger, retrained from the BC5CDR training split (byte-identical output).
model: install
	$(BIN)/kg dev train ner --train $(SHARED)/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt \
		--out kg/extraction/data/ner-bc5cdr.json.gz \
		--gilda $(SHARED)/vocab-sources/gilda_mesh_mappings.tsv \
		--diseases $(SHARED)/vocab-sources/DO_NCIthesaurus_subset.obo

# matchers.py needs pyahocorasick (not a kg dependency); crf_runtime.py trains its .crfsuite
# model into build/bench once (about 25 s) and reuses it while the shipped model is the same.
bench: install
	$(BIN)/python bench/readers.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/bench_ner.py
	$(BIN)/python -m pip install -q pyahocorasick
	$(BIN)/python bench/matchers.py --corpus $(SHARED)/corpus
	$(BIN)/python bench/crf_runtime.py --dev $(SHARED)/corpus/bc5cdr/CDR_DevelopmentSet.PubTator.txt \
		--model build/bench/ner-bc5cdr.crfsuite \
		--train $(SHARED)/corpus/bc5cdr/CDR_TrainingSet.PubTator.txt \
		--gilda $(SHARED)/vocab-sources/gilda_mesh_mappings.tsv \
		--diseases $(SHARED)/vocab-sources/DO_NCIthesaurus_subset.obo

clean:
	rm -rf $(DEMO_STORE) demo-out kg-store .pytest_cache

include mk/tools.mk
