# selfcheck — see README.md. Every target is phony; the binary is rebuilt each time.
.PHONY: run build test fuzz bench lint fmt clean tools static release image

GO        ?= go
BIN       ?= ./selfcheck
FUZZTIME  ?= 30s
BENCHTIME ?= 1x

# Release builds: one place for the flags. The Dockerfile builds through
# `make static`, so the image's binary is built exactly like `make release`'s.
# BUILD_DATE is the commit's time, so rebuilding a commit stamps the same values.
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT     ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
BUILD_DATE ?= $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null || echo unknown)
LDFLAGS     = -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildDate=$(BUILD_DATE)
OUT        ?= ./selfcheck
PLATFORMS  ?= linux/amd64 linux/arm64

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
	./scripts/services.sh $(GO) test -race -count=1 -timeout 25m ./...

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

# static: a static (CGO_ENABLED=0), path-trimmed, version-stamped binary at
# OUT for the GOOS/GOARCH in the environment. The Dockerfile runs this.
static:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(OUT) ./app

# release: static binaries for every platform of PLATFORMS into dist/, with
# their SHA256SUMS (check with `cd dist && sha256sum -c SHA256SUMS`).
release:
	rm -rf dist && mkdir -p dist
	@set -e; for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; \
	  echo "building dist/selfcheck-$(VERSION)-$$os-$$arch"; \
	  GOOS=$$os GOARCH=$$arch $(MAKE) --no-print-directory static \
	    OUT=dist/selfcheck-$(VERSION)-$$os-$$arch VERSION='$(VERSION)' COMMIT='$(COMMIT)' BUILD_DATE='$(BUILD_DATE)'; \
	done
	cd dist && sha256sum selfcheck-* > SHA256SUMS && cat SHA256SUMS

# image: the container image (needs a Docker engine); see docs/deploy.md.
image:
	docker build --build-arg VERSION='$(VERSION)' --build-arg COMMIT='$(COMMIT)' \
	  --build-arg BUILD_DATE='$(BUILD_DATE)' -t selfcheck:$(VERSION) .

clean:
	rm -rf $(BIN) ./data ./dist
