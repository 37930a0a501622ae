# curate: `make` builds and runs the whole pipeline on the real corpora (fetched from Debian;
# the bundled ones when they cannot be); `make test` tests.
# One target per stage runs it for one domain: `make textbooks DOMAIN=cpp`.

SHELL := /bin/bash
DOMAIN ?=
# auto: the real corpora once `make corpora` has fetched them (it leaves corpora/real/.fetched),
# else the bundled ones; `make` with no target tries to fetch them first. full or bundled force one.
CORPORA ?= auto
ifeq ($(CORPORA),auto)
CORPORA := $(if $(wildcard corpora/real/.fetched),full,bundled)
AUTO_CORPORA := yes
endif
THREADS ?= $(shell nproc)
SWIFT ?= swift
CURATE := .build/release/curate

ifeq ($(CORPORA),full)
PIPELINES := pipelines/full
OUT := out/full
else
PIPELINES := pipelines
OUT := out
endif

DOMAIN_FLAG := $(if $(DOMAIN),--domain $(DOMAIN),)
RUN_FLAGS := --pipelines $(PIPELINES) --out $(OUT) --threads $(THREADS)

# Debian packages the build and the stages need.
APT_PACKAGES := libxml2-dev libzstd-dev zlib1g-dev libsqlite3-dev liblapacke-dev pkg-config libxml2-utils zstd \
	g++ gdb valgrind shellcheck cmake time universal-ctags

# What the tests use besides: a browser to render the report, zip for test EPUBs.
TEST_APT_PACKAGES := chromium zip slurm-wlm munge

# llama.cpp's OpenAI-compatible server for the rewrite tests: compiled from source once per
# machine (about 10 minutes on 2 idle cores), then installed from a wheel cache outside the
# repository. GGML_NATIVE=OFF keeps the wheel usable on any x86-64 machine sharing the cache.
WHEELS ?= $(HOME)/.cache/curate-wheels
LLAMA_SERVER := llama-cpp-python[server]==0.3.36

# Status 3 means "completed, some inputs rejected": the summary says which; not a failure.
ACCEPT_REJECTIONS := status=$$?; if [ $$status -eq 3 ]; then echo "(some inputs were rejected: make catalog Q=rejected)"; else exit $$status; fi

.PHONY: all deps test-deps apt-install build run traces-record test check fuzz corpora bench books compile-share clean catalog validate traces

# With CORPORA left to auto and nothing fetched yet, `make` fetches the real corpora (Debian's
# documentation and source packages) and runs on them; without a package mirror it says so in
# one line and runs on the bundled corpora.
ifeq ($(AUTO_CORPORA)-$(CORPORA),yes-bundled)
all:
	@if $(MAKE) --no-print-directory corpora > corpora-fetch.log 2>&1; then \
		rm -f corpora-fetch.log; $(MAKE) --no-print-directory all CORPORA=full; \
	else \
		echo "real corpora could not be fetched (see corpora-fetch.log): running on the bundled corpora"; \
		$(MAKE) --no-print-directory all CORPORA=bundled; \
	fi
else
all: run
	@$(CURATE) catalog summary --out $(OUT)
	@$(CURATE) report --out $(OUT)
endif

deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"
	bash Tests/install-test-deps.sh
	CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$(THREADS) python3 -m pip wheel --quiet \
		--disable-pip-version-check --wheel-dir $(WHEELS) --find-links $(WHEELS) '$(LLAMA_SERVER)' gguf
	python3 -m pip install --quiet --disable-pip-version-check --no-index --find-links $(WHEELS) '$(LLAMA_SERVER)' gguf

apt-install:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:" $$missing; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing Debian packages; run:"; echo "  sudo apt-get install -y" $$missing; exit 1; \
		fi; \
	fi

build: deps
	$(SWIFT) build -c release --product curate

run: build traces-record $(if $(filter full,$(CORPORA)),corpora,)
	@$(CURATE) run $(RUN_FLAGS) $(DOMAIN_FLAG) || { $(ACCEPT_REJECTIONS); }

# Compile each trace case with g++ and clang, record gdb, sanitizer and valgrind traces under
# $(OUT)/traces-raw/ and check them against each case's facts; again only when a case changes.
TRACE_CASES := $(shell find corpora/traces -type f 2>/dev/null)
traces-record: $(OUT)/traces-raw/.recorded
$(OUT)/traces-raw/.recorded: $(TRACE_CASES) | build
	@$(CURATE) traces record --cases corpora/traces --out $(OUT)/traces-raw
	@touch $@

# Any other target is a stage: `make quality DOMAIN=cpp` runs it. The stages and their order
# are listed once, in Sources/CurateKit/Stages.swift; curate names them when a name is unknown.
STAGE_RUN = @$(CURATE) run $(RUN_FLAGS) $(DOMAIN_FLAG) --stage $@ || { $(ACCEPT_REJECTIONS); }

traces: traces-record
	$(STAGE_RUN)

.DEFAULT:
	@$(MAKE) --no-print-directory build
	$(STAGE_RUN)

validate: build
	@$(CURATE) validate --pipelines $(PIPELINES)

# libFuzzer with AddressSanitizer on every parser of outside input (ParserProbe), FUZZ_SECONDS
# each, at nice 19; crashing inputs land in out/fuzz/<target>/crashes/. Not part of `test`.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

# Q=summary|rejected|skipped|runs, or Q="sample ID"
Q ?= summary
catalog: build
	@$(CURATE) catalog $(Q) --out $(OUT)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

# The inner loop: the unit tests that need only the build's Debian packages. Skipped: those
# that run Chromium, Python (packages, scripts or the llama.cpp server) and the recording of
# traces under every sanitizer, which alone takes minutes, and the run on a local Slurm (about
# two minutes; it needs root), and the comparisons over the real corpora when `make corpora`
# has fetched them. `make test` runs them all.
CHECK_SKIP := HTMLReportTests/reportRendersInHeadlessChromium IndexedDatasetTests/anIndependentReader \
	ConverterStageTests/pythonSafetensors TokenizerCompatibilityTests RewriteServerTests RewriteLlamaServerTests \
	TracesRecordingTests ReportFindingsTests/sectionReadsRightInHeadlessChromium SlurmClusterTests \
	QualityBatchTests/batchedVerdictsEqualSingleOnCppreference RedactionRealCorpusScan
check: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel $(foreach name,$(CHECK_SKIP),--skip '$(name)')

# Real books from Debian's documentation packages, unpacked without root under corpora/real/,
# and the C++ source trees of corpora/cpp-sources.txt under corpora/real/sources/.
corpora:
	bash corpora/fetch-real.sh
	bash corpora/fetch-sources.sh
	@touch corpora/real/.fetched

bench: build
	bash Benchmarks/run.sh

# Rebuild the bundled EPUB books from their sources in corpora/epub-src/.
books:
	bash corpora/build-epubs.sh

# Share of cppreference's C++ pairs that compile with g++ -std=c++20 -fsyntax-only.
compile-share: build corpora
	PIPELINES=pipelines/full bash Benchmarks/textbooks/compile-share.sh \
		corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html/en/cpp

clean:
	rm -rf out .build .build-fuzz
