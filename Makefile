# The two commands a new machine needs:
#   make run    installs what is missing, builds, and starts millrace on its embedded defaults
#   make test   installs what is missing, builds, and runs every test (unit, sanitizer, end to end)
# Other targets: build, asan, bench, format, clean.

BUILD     ?= build
ASAN      ?= build-asan
JOBS      ?= $(shell nproc)
CMAKE_GEN := -G Ninja

# Let ccache reuse objects across checkouts in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: run test build asan deps bench format clean

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMILLRACE_UNIT_TESTS=OFF

$(ASAN)/build.ninja:
	cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DMILLRACE_SANITIZE=ON -DMILLRACE_BENCH=OFF

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS)

asan: deps $(ASAN)/build.ninja
	ninja -C $(ASAN) -j $(JOBS) unit_tests

run: build
	$(BUILD)/src/server/millrace server

test: build asan
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure --timeout 900 -L 'e2e|crash'
	cd $(ASAN) && ctest -j $(JOBS) --output-on-failure --timeout 900 -L unit

bench: build
	bench/run-all

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN)
