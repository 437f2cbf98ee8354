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

# Ghostscript reads every written file in the tests (print_test.go); it comes
# from Debian's package when missing; so does poppler's pdftotext, which
# reads the tagged files in reading order (tagged_test.go). Quiet and instant when installed.
test-tools:
	@command -v gs >/dev/null 2>&1 || { echo "installing ghostscript (Debian package) for the tests"; \
	  apt-get update -qq >/dev/null && apt-get install -y -qq ghostscript >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { echo "installing poppler-utils (Debian package) for the tests"; \
	  apt-get update -qq >/dev/null && apt-get install -y -qq poppler-utils >/dev/null; }

test: test-tools
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./cmd/bulletin ./fonts ./pipeline/...

# Each fuzz target for FUZZTIME (default 1m); see README.
FUZZTIME ?= 1m
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseSettings$$' -fuzztime $(FUZZTIME) ./pipeline/source
	$(GO) test -run '^$$' -fuzz '^FuzzParseArticle$$' -fuzztime $(FUZZTIME) ./pipeline/source
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./pipeline/source
	$(GO) test -run '^$$' -fuzz '^FuzzCheckPNG$$' -fuzztime $(FUZZTIME) ./pipeline/source
	$(GO) test -run '^$$' -fuzz '^FuzzOrientation$$' -fuzztime $(FUZZTIME) ./pipeline/source
	$(GO) test -run '^$$' -fuzz '^FuzzArticle$$' -fuzztime $(FUZZTIME) ./pipeline/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzBreakLines$$' -fuzztime $(FUZZTIME) ./pipeline/typeset
	$(GO) test -run '^$$' -fuzz '^FuzzBook$$' -fuzztime $(FUZZTIME) ./pipeline/typeset
	$(GO) test -run '^$$' -fuzz '^FuzzPoints$$' -fuzztime $(FUZZTIME) ./pipeline/hyph
	$(GO) test -run '^$$' -fuzz '^FuzzNarrowed$$' -fuzztime $(FUZZTIME) ./fonts
	$(GO) test -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME) ./pipeline/publish
	$(GO) test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) ./internal/fontcheck
	$(GO) test -run '^$$' -fuzz '^FuzzParseSubscribers$$' -fuzztime $(FUZZTIME) ./pipeline/deliver
	$(GO) test -run '^$$' -fuzz '^FuzzParseSettings$$' -fuzztime $(FUZZTIME) ./pipeline/deliver
	$(GO) test -run '^$$' -fuzz '^FuzzMessageLines$$' -fuzztime $(FUZZTIME) ./pipeline/mail
	$(GO) test -run '^$$' -fuzz '^FuzzSettings$$' -fuzztime $(FUZZTIME) ./pipeline/scaffold

clean:
	rm -rf bin out
