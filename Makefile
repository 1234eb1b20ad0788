# Schoolveilig — the two commands of the README, plus the benchmark.
#   make demo   installs what is missing, builds, runs the demo into output/demo: fictional
#               deliveries ingested, then the packs of every meeting in output/demo/overzichten
#   make test   runs the test suite
#   make bench  ingest benchmark (1M and 5M rows) against sqlite3's own .import
#   make bench-stores  SQLite beside PostgreSQL: a national-size store (9,000 schools, 5 years;
#               BENCH_ROWS=1000000,10000000) loaded into each, then a nightly run timed
#   make lint   swift-format in strict lint mode (.swift-format); make format rewrites in place

SWIFT ?= swift
OUTPUT ?= output/demo

.PHONY: setup build demo test bench bench-stores lint format clean

FORMATTED = Sources Tests Benchmarks Fuzz Package.swift

setup:
	bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product schoolveilig

demo: build
	.build/release/schoolveilig demo --output $(OUTPUT)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	bash scripts/bench.sh

bench-stores: setup
	bash scripts/bench-stores.sh

lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

format:
	$(SWIFT) format format --in-place --recursive $(FORMATTED)

clean:
	rm -rf .build output/demo
