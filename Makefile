# Herald's two commands: `make serve` and `make test`. See README.md.
BUILD      ?= build
TEST_BUILD ?= build/asan
PORT       ?= 8080
DATA       ?= var
REFERENCE  ?= ../shared/reference/seed-article.txt
JOBS       ?= $(shell nproc)

.PHONY: setup build serve test test-build torture format format-check lint clean

# Debian packages, then the lid.176 language model (checked by sha256), kept in
# models/ and installed under the data directory beside the committed abuse model.
setup:
	@bash scripts/setup.sh
	@bash scripts/fetch-models.sh models
	@mkdir -p $(DATA)/models && cp -p models/lid.176.ftz $(DATA)/models/lid.176.ftz

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=OFF

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Installs what is missing, builds, loads the demo on first run, serves on :8080.
serve: build
	@if [ ! -f $(DATA)/herald.db ]; then \
	  ref=""; [ -f "$(REFERENCE)" ] && ref="--reference $(REFERENCE)"; \
	  $(BUILD)/herald demo load --data $(DATA) $$ref; \
	fi
	$(BUILD)/herald serve --data $(DATA) --port $(PORT)

$(TEST_BUILD)/build.ninja:
	cmake -S . -B $(TEST_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON

test-build: setup $(TEST_BUILD)/build.ninja
	cmake --build $(TEST_BUILD) -j $(JOBS)

# Unit, integration, browser and fuzz-replay tests, built with AddressSanitizer
# and UBSan; then every libFuzzer target runs for 10 s (clang, build/fuzz).
test: test-build
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300
	bash scripts/fuzz.sh 10

# The long versions of the attack tests (docs/RELIABILITY.md), run as the
# test binaries themselves (longer than ctest's per-test timeout allows):
# 100 SIGKILL rounds under write load, a 100,000-comment flood, sqlmap
# against every endpoint, and each fuzz target for TORTURE_FUZZ_SECONDS.
TORTURE_ROUNDS ?= 100
TORTURE_FLOOD ?= 100000
TORTURE_FUZZ_SECONDS ?= 300
torture: test-build
	HERALD_TORTURE_ROUNDS=$(TORTURE_ROUNDS) $(TEST_BUILD)/herald_integration_tests \
	  --gtest_filter='CrashTest.*:Backup.*'
	HERALD_FLOOD_COMMENTS=$(TORTURE_FLOOD) $(TEST_BUILD)/herald_integration_tests \
	  --gtest_filter='FloodTest.*'
	HERALD_BIN=$(TEST_BUILD)/herald bash tests/attack/sqlmap.sh
	bash scripts/fuzz.sh $(TORTURE_FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'fuzz/*.cc' 'fuzz/*.h')

# clang-tidy 19: Debian's default clang-tidy 14 cannot parse <expected>.
lint: $(TEST_BUILD)/build.ninja
	git ls-files 'src/*.cc' | grep -v _test.cc | \
	  xargs -P $(JOBS) -n 1 clang-tidy-19 -p $(TEST_BUILD) --quiet

format-check:
	clang-format --dry-run --Werror $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'fuzz/*.cc' 'fuzz/*.h')

clean:
	rm -rf $(BUILD)

# >>> abuse model: `make model` (see models/README.md) >>>
MODERATION_DATA ?= ../shared/data/moderation
.PHONY: model
# Re-trains the shipped abuse model from the shared labelled data, when present.
model: build
	@if [ -d "$(MODERATION_DATA)" ]; then \
	  $(BUILD)/herald moderation train \
	    --data $(MODERATION_DATA)/davidson-hate-offensive/labeled_data.csv \
	    --data $(MODERATION_DATA)/olid-offenseval2019/olid-training-v1.0.tsv \
	    --data $(MODERATION_DATA)/fox-news-comments/data.tsv:4 \
	    --threads 2 --out models/abuse.ftz; \
	else \
	  echo "make model: $(MODERATION_DATA) not found; models/abuse.ftz left as it is"; \
	fi
# <<< abuse model <<<

# >>> bench-comments: comment screening and POST benchmarks (bench/comments/) >>>
.PHONY: bench-comments
# Builds release into build/bench (BUILD=... to reuse another), installs wrk and
# sqlite3 when missing, runs herald_screening_bench and wrk against a local
# server, and writes bench/comments/RESULTS.md.
bench-comments:
	@command -v wrk >/dev/null 2>&1 || { s=""; [ "$$(id -u)" -eq 0 ] || s=sudo; \
	  $$s apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -qq wrk; }
	BUILD=$(if $(filter command line environment,$(origin BUILD)),$(BUILD),build/bench) \
	  bash bench/comments/run.sh
# <<< bench-comments <<<

# >>> bench: every benchmark, then docs/BENCHMARKS.md (bench/run.sh) >>>
.PHONY: bench bench-pages
# Release build in build/bench; nginx and wrk are installed when missing.
# QUICK=1 runs each measurement for 3 s (a few minutes in all).
bench:
	QUICK=$(QUICK) bash bench/run.sh

# The public page benchmark alone (bench/pages/RESULTS.md).
bench-pages:
	QUICK=$(QUICK) bash bench/pages/run.sh
# <<< bench <<<

# >>> fuzz: libFuzzer targets (fuzz/README.md) >>>
FUZZ_SECONDS ?= 60
.PHONY: fuzz
# Builds build/fuzz with clang-19 and runs every target for FUZZ_SECONDS each;
# FUZZ_TARGETS="markdown image" runs only those.
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
# <<< fuzz <<<
