# The README's two commands: `make demo` (the main job) and `make test` (every test).
# Both install the Debian packages they need first (scripts/ensure-deps.sh).
SWIFT ?= swift
BIN = .build/release/zkscope

.PHONY: deps build release demo test unit integration lint rules format bench clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product zkscope

demo: release
	$(BIN) demo

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

# The shipped Prometheus alert rules: valid, and their unit tests pass (promtool comes with Debian's prometheus).
rules:
	promtool check rules deploy/prometheus/zkscope-alerts.yml
	promtool test rules deploy/prometheus/zkscope-alerts.test.yml

format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

# Unit suites run in parallel; the CPU-heavy `…LoadTests` suites run one at a time after them (so they never
# starve a test that measures a deadline); suites that start real ensembles run one at a time last.
# SASLFullExchangeTests (Cyrus's own server side, in the test process) runs with the serial ones: beside the
# parallel suites it made the tests that hold NIO to a deadline fail together (1 run of 18, and 4 of 10 with
# polling on its own threads; 0 of 12 without it), though its own tests take milliseconds.
test: deps lint rules
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2 --skip 'IntegrationTests|LoadTests|SASLFullExchangeTests'
	$(SWIFT) test --skip-build --no-parallel --filter 'LoadTests|SASLFullExchangeTests'
	$(SWIFT) test --skip-build --no-parallel --filter IntegrationTests

# The benchmarks live in their own executable, zkscope-bench, which drives the zkscope built beside it.
bench: deps
	$(SWIFT) build -c release --product zkscope
	$(SWIFT) build -c release --product zkscope-bench
	.build/release/zkscope-bench walk
	.build/release/zkscope-bench dashboard
	.build/release/zkscope-bench fleet

clean:
	rm -rf .build
