# briefgen: `make` sets up .venv and builds the essay into build/; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SYSTEM_PACKAGES = poppler-utils libreoffice-impress libreoffice-calc libreoffice-writer chromium fonts-crosextra-carlito fonts-liberation2 default-jre-headless

.PHONY: all build memo handout deck test test-fast test-unit clean system-deps bench

all: build

$(BIN)/briefgen: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	$(BIN)/python -m briefgen.build.warmup .  # the cache a first build would make (font subsets, patterns)
	@touch $@

build: $(BIN)/briefgen
	$(BIN)/briefgen build sources/essay.md

memo: $(BIN)/briefgen
	$(BIN)/briefgen build sources/essay.md --only memo

handout: $(BIN)/briefgen
	$(BIN)/briefgen build sources/essay.md --only handout,handout-pdf

deck: $(BIN)/briefgen
	$(BIN)/briefgen build sources/essay.md --only deck

# The tests read outputs back with the real tools: poppler, LibreOffice Impress,
# Chromium and the Nu HTML checker (Java). Installed from Debian when missing.
system-deps:
	@missing=$$(dpkg-query -W -f='$${db:Status-Abbrev} $${Package}\n' $(SYSTEM_PACKAGES) 2>&1 | awk '$$1 != "ii" {print $$NF}' | tr '\n' ' '); \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	fi

test: system-deps $(BIN)/briefgen
	$(BIN)/ruff check briefgen tests bench tools
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/briefgen
	$(BIN)/python -m pytest -q -m "not slow"

# In-process tests only (no LibreOffice, Chromium, poppler or Java): see tests/support/markers.py.
test-unit: $(BIN)/briefgen
	$(BIN)/python -m pytest -q -m "not e2e"

bench: $(BIN)/briefgen
	$(BIN)/python -m pip install --quiet pypandoc-binary matplotlib
	$(BIN)/python bench/run.py

# Removes only what briefgen wrote (its manifests say what); your own files in build/ stay.
clean:
	@if [ -x $(BIN)/briefgen ]; then $(BIN)/briefgen clean; else echo "nothing to clean (no .venv)"; fi
