# Steward's build. `make run` and `make test` install what is missing on
# Debian/Ubuntu first (see deps), so a fresh machine needs only Go and make.

GO        ?= go
TAGS      := migrated_fynedo,sqlite_fts5
GOFLAGS_T := -tags $(TAGS)
BIN       := bin/steward
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
STATICCHECK_VERSION := v0.8.2

# System packages: Fyne (cgo, GL, X11, Wayland), SQLite's compiler, the test
# LAN (avahi, iproute2), the window smoke test (Xvfb, imagemagick), reports
# (poppler-utils), inventory (hwdata for pci.ids, lshw to compare against),
# packaging (desktop-file-utils, mingw-w64 for the Windows build).
APT_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols \
	xvfb xauth x11-utils avahi-daemon avahi-utils iproute2 poppler-utils imagemagick hwdata lshw \
	desktop-file-utils gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 fonts-dejavu-core

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run test bench lint build deps clean fuzz catalog

all: build

## deps: install the system packages (Debian/Ubuntu) and Go tools that are missing.
deps:
	@if command -v apt-get >/dev/null 2>&1; then \
		missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "Installing:" $$missing; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		fi; \
	else \
		echo "Not Debian/Ubuntu: install Go 1.26, a C compiler, pkg-config and the OpenGL/X11 (or Xcode command line tools) headers Fyne needs: https://docs.fyne.io/started/"; \
	fi
	@# avahi-daemon must never run in the default network namespace: the tests start their own.
	@$(GO) mod download

## build: compile bin/steward.
build: deps
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_T) -ldflags '$(LDFLAGS)' -o $(BIN) .

## run: build and open Steward on its default database.
run: build
	LANG=$${LANG:-C.UTF-8} ./$(BIN)

## test: every test, including the network-namespace LAN (as root) and the Xvfb smoke test.
test: deps
	LANG=C.UTF-8 CGO_ENABLED=1 $(GO) test $(GOFLAGS_T) -count=1 -timeout 60m ./...

## bench: the benchmarks recorded in BENCHMARKS.md.
bench: deps
	LANG=C.UTF-8 CGO_ENABLED=1 $(GO) test $(GOFLAGS_T) -run '^$$' -bench . -benchmem -timeout 60m ./...

## lint: gofmt, go vet, staticcheck.
lint: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet $(GOFLAGS_T) ./...
	@command -v staticcheck >/dev/null 2>&1 || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	PATH="$$PATH:$$($(GO) env GOPATH)/bin" staticcheck -tags $(TAGS) ./...

## catalog: rebuild the bundled end-of-life catalog (assets/eol/catalog.json) from
## endoflife.date's product files (MIT); ENDOFLIFE_SRC is their folder.
ENDOFLIFE_SRC ?= ../shared/data/endoflife/products
catalog:
	$(GO) run ./assets/eol/gen -src $(ENDOFLIFE_SRC) -out assets/eol/catalog.json

clean:
	rm -rf bin dist test-artifacts
