# Schoolveilig — the two commands of the README, plus the benchmark.
#   make demo   installs what is missing, builds, runs the demo into output/demo and writes the
#               packs of every meeting from it into output/demo/overzichten
#   make test   runs the test suite
#   make bench  ingest benchmark (1M and 5M rows) against sqlite3's own .import

SWIFT ?= swift
OUTPUT ?= output/demo

.PHONY: setup build demo test bench clean

setup:
	bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product schoolveilig

PACKS ?= kerngroep bestuurlijk stadsdeel po-wijk stedelijke-voorzieningen schoolgesprek
DEMO_AS_OF ?= 2026-09-30

demo: build
	.build/release/schoolveilig demo --output $(OUTPUT) --as-of $(DEMO_AS_OF)
	@for pipeline in $(PACKS); do \
	  .build/release/schoolveilig --db $(OUTPUT)/schoolveilig.sqlite run $$pipeline --as-of $(DEMO_AS_OF) \
	    --output $(OUTPUT)/overzichten/$$pipeline >/dev/null || exit $$?; \
	done
	@echo "overzichten: $(OUTPUT)/overzichten/ (bijvoorbeeld $(OUTPUT)/overzichten/kerngroep/kerngroep_2026-Q3.xlsx)"

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	bash scripts/bench.sh

clean:
	rm -rf .build output/demo
