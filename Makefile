# make        builds the drafts (print and screen files) of every edition
#             under input/ into out/; a released edition is left as it is
#             (bin/bulletin release EDITION makes one final)
# make test   vets, checks formatting and runs every test
# make bench  measures the build: wall time and peak memory
GO ?= go
BIN := bin/bulletin
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

.PHONY: all build editions test test-tools bench fuzz clean

all: editions

build:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/bulletin

editions: build
	./$(BIN) build --out out

# Programs the tests need, from Debian's packages when missing (quiet and
# instant when installed): Ghostscript reads every written file
# (print_test.go), poppler's pdftotext reads the tagged files in reading
# order (tagged_test.go), qemu-user runs the build for the other
# architecture (arch_test.go).
TEST_TOOLS := gs:ghostscript pdftotext:poppler-utils qemu-aarch64:qemu-user
test-tools:
	@missing=; for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	  if [ -n "$$missing" ]; then echo "installing$$missing (Debian packages) for the tests"; \
	    apt-get update -qq >/dev/null && apt-get install -y -qq $$missing >/dev/null; fi

test: test-tools
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./cmd/bulletin ./fonts ./pipeline/...

# Each fuzz target for FUZZTIME (default 1m), one after the other; see
# docs/limits.md. A target is Name:package.
FUZZTIME ?= 1m
FUZZ := \
	FuzzParseSettings:./pipeline/source FuzzParseArticle:./pipeline/source \
	FuzzLoad:./pipeline/source FuzzCheckPNG:./pipeline/source \
	FuzzOrientation:./pipeline/source FuzzArticle:./pipeline/markdown \
	FuzzBreakLines:./pipeline/typeset FuzzBook:./pipeline/typeset \
	FuzzPoints:./pipeline/hyph FuzzNarrowed:./fonts \
	FuzzVerify:./pipeline/publish FuzzCheck:./internal/fontcheck \
	FuzzParseSubscribers:./pipeline/deliver FuzzParseSettings:./pipeline/deliver \
	FuzzMessageLines:./pipeline/mail FuzzSettings:./pipeline/scaffold \
	FuzzShow:./pipeline/render
fuzz:
	@set -e; for t in $(FUZZ); do \
	  echo "$(GO) test -run '^$$' -fuzz '^$${t%%:*}$$' -fuzztime $(FUZZTIME) $${t#*:}"; \
	  $(GO) test -run '^$$' -fuzz "^$${t%%:*}\$$" -fuzztime $(FUZZTIME) "$${t#*:}"; \
	done

clean:
	rm -rf bin out
