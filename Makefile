# Herald's two commands: `make serve` and `make test`. See README.md.
BUILD      ?= build
TEST_BUILD ?= build/asan
PORT       ?= 8080
DATA       ?= var
REFERENCE  ?= ../shared/reference/seed-article.txt
JOBS       ?= $(shell nproc)

.PHONY: setup build serve test test-build format format-check lint clean

setup:
	@bash scripts/setup.sh

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

# Unit and integration tests, built with AddressSanitizer and UBSan.
test: test-build
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h')

# clang-tidy 19: Debian's default clang-tidy 14 cannot parse <expected>.
lint: $(TEST_BUILD)/build.ninja
	git ls-files 'src/*.cc' | grep -v _test.cc | \
	  xargs -P $(JOBS) -n 1 clang-tidy-19 -p $(TEST_BUILD) --quiet

format-check:
	clang-format --dry-run --Werror $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h')

clean:
	rm -rf $(BUILD)
