# selfcheck — see README.md. Every target is phony; the binary is rebuilt each time.
.PHONY: run build test fuzz bench lint fmt clean tools

GO        ?= go
BIN       ?= ./selfcheck
FUZZTIME  ?= 30s
BENCHTIME ?= 1x

build:
	$(GO) build -o $(BIN) ./app

# run: the service on an embedded SQLite file under ./data, demo data seeded on
# first start, the WeChat simulator at /simulator.
run: build
	SELFCHECK_DEMO=1 $(BIN) serve

# test: every test, on SQLite and on a real MariaDB (started by
# scripts/services.sh unless MYSQL_TEST_DSN is set), with the race detector.
# Fuzz targets run their seed corpora only; `make fuzz` fuzzes.
test:
	$(GO) vet ./...
	./scripts/services.sh $(GO) test -race -count=1 -timeout 14m ./...

# fuzz: each fuzz target for FUZZTIME.
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

# bench: the benchmarks of BENCHMARKS.md, on a MariaDB with default durability.
bench:
	./scripts/bench.sh

lint:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN) ./data
