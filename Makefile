# Steward's build. `make run` and `make test` install what is missing on
# Debian/Ubuntu first (see deps), so a fresh machine needs only Go and make.

GO        ?= go
TAGS      := migrated_fynedo,sqlite_fts5
GOFLAGS_T := -tags $(TAGS)
BIN       := bin/steward
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
STATICCHECK_VERSION := v0.8.2

# SQLite is compiled into Steward (go-sqlite3). Without its memory
# statistics its allocations skip a global mutex: the sorts of a
# 100,000-asset bulk insert run faster (BENCHMARKS.md, issue 2). Added to
# the caller's CGO_CFLAGS (Go's own default is -O2 -g).
CGO_CFLAGS ?= -O2 -g
export CGO_CFLAGS += -DSQLITE_DEFAULT_MEMSTATUS=0

# System packages: Fyne (cgo, GL, X11, Wayland), SQLite's compiler, the test
# LAN (avahi, iproute2), the window smoke test (Xvfb, imagemagick), reports
# (poppler-utils), inventory (hwdata for pci.ids, lshw to compare against),
# packaging (desktop-file-utils, mingw-w64 for the Windows build, librsvg2-bin
# to redraw the icons, xz-utils for the Linux tarball, x11-utils for the
# packaged-binary smoke test), the shared register's tests (postgresql: its
# server binaries; the tests start their own throwaway cluster).
APT_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols \
	xvfb xauth x11-utils avahi-daemon avahi-utils iproute2 poppler-utils imagemagick hwdata lshw \
	desktop-file-utils gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 fonts-dejavu-core \
	librsvg2-bin xz-utils zbar-tools postgresql

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# apt-get install "$@" with no service started by the packages' scripts
# (avahi-daemon, postgresql): /usr/sbin/policy-rc.d answers 101 ("not
# allowed") while they install, and whatever was there before is put back
# afterwards, however the install ends. On a machine with systemd the
# services are still enabled for the next boot, as Debian installs them:
# `sudo systemctl disable --now postgresql avahi-daemon` if you do not want
# them. (Debian's postgresql also makes a "main" cluster; nothing starts it.)
export NO_SERVICES_INSTALL := set -e; p=/usr/sbin/policy-rc.d; saved=""; \
	if [ -e "$$p" ] || [ -L "$$p" ]; then saved=$$(mktemp); cp -a "$$p" "$$saved"; fi; \
	trap 'if [ -n "$$saved" ]; then mv -f "$$saved" "$$p"; else rm -f "$$p"; fi' EXIT; \
	printf '\043!/bin/sh\n\043 make deps: no service starts while packages install\nexit 101\n' > "$$p"; chmod 755 "$$p"; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$$@"

.PHONY: all run test bench lint build deps clean fuzz icons fyne-tool package package-linux package-darwin install uninstall windows check-packages vet-darwin build-windows catalog

all: build

## deps: install the system packages (Debian/Ubuntu) and Go tools that are missing.
deps:
	@if command -v apt-get >/dev/null 2>&1; then \
		missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "Installing:" $$missing; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) sh -c "$$NO_SERVICES_INSTALL" sh $$missing; \
		fi; \
	else \
		echo "Not Debian/Ubuntu: install Go 1.26, a C compiler, pkg-config and the OpenGL/X11 (or Xcode command line tools) headers Fyne needs: https://docs.fyne.io/started/"; \
	fi
	@# avahi-daemon must never run in the default network namespace, nor PostgreSQL's
	@# service on a port: the tests start their own (packages are installed with a
	@# policy-rc.d that forbids starting any service, see NO_SERVICES_INSTALL).
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

## fuzz: run every Fuzz* target for FUZZTIME each (default 30s). `make test`
## already runs each target's seed corpus (testdata/fuzz and f.Add) as a test.
FUZZTIME ?= 30s
fuzz: deps
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for f in $$(LANG=C.UTF-8 CGO_ENABLED=1 $(GO) test $(GOFLAGS_T) -list '^Fuzz' $$dir | grep '^Fuzz'); do \
			echo "== $$dir $$f ($(FUZZTIME))"; \
			LANG=C.UTF-8 CGO_ENABLED=1 $(GO) test $(GOFLAGS_T) -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done

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
	rm -rf bin dist test-artifacts steward_windows_amd64.syso

## icons: redraw the app icon PNGs (and the Windows .ico) from icons/*.svg.
## The results are committed, so a plain build needs no SVG converter.
ICON_SIZES_SMALL := 16 24
ICON_SIZES       := 32 48 64 128 256 512
icons:
	@command -v rsvg-convert >/dev/null || $(MAKE) deps
	mkdir -p icons/png
	for s in $(ICON_SIZES_SMALL); do rsvg-convert -w $$s -h $$s icons/steward-small.svg -o icons/png/steward-$$s.png; done
	for s in $(ICON_SIZES); do rsvg-convert -w $$s -h $$s icons/steward.svg -o icons/png/steward-$$s.png; done
	convert $(foreach s,16 24 32 48 64 128 256,icons/png/steward-$(s).png) icons/steward.ico

# ---- Packages -------------------------------------------------------------
# The app's identity (name, ID, version, build) lives in FyneApp.toml.
APP_ID      := org.steward.Steward
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
PKG_LDFLAGS := -s -w -X main.version=$(APP_VERSION)+git.$(VERSION)
# The fyne CLI (fyne.io/tools). The module proxy here refuses version lists
# and @latest, so it is built from a scratch module at an exact version.
FYNE_TOOLS_VERSION := v1.7.0
FYNE := $(shell $(GO) env GOPATH)/bin/fyne
# Linux tarball: versioned name, plus a fixed-name link for scripts and CI.
PKG_NAME  := steward-$(APP_VERSION)-linux-amd64
PKG_LINUX := dist/$(PKG_NAME).tar.xz
PKG_STAGE := dist/linux/$(PKG_NAME)
ICON_ALL  := 16 24 32 48 64 128 256 512
# Windows cross build with Debian's mingw-w64.
WIN_CC      := x86_64-w64-mingw32-gcc
WIN_WINDRES := x86_64-w64-mingw32-windres
WIN_V       := $(subst ., ,$(APP_VERSION))

## fyne-tool: build the fyne CLI $(FYNE_TOOLS_VERSION) into $(FYNE) if it is missing.
fyne-tool:
	@if ! $(FYNE) version 2>/dev/null | grep -q 'cli version: $(FYNE_TOOLS_VERSION)$$'; then \
		echo "Building fyne.io/tools $(FYNE_TOOLS_VERSION) into $(FYNE)"; \
		tmp=$$(mktemp -d) && cd $$tmp && \
		printf 'module fynetool\n\ngo 1.26.0\n' > go.mod && \
		GOFLAGS=-mod=mod $(GO) get fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION) && \
		GOFLAGS=-mod=mod $(GO) install fyne.io/tools/cmd/fyne && \
		cd / && rm -rf $$tmp; \
	fi

## package: the installable package for this OS: Linux tarball, or Steward.app on a Mac.
ifeq ($(shell uname -s),Darwin)
package: package-darwin
else
package: package-linux
endif

## package-linux: dist/steward-VERSION-linux-amd64.tar.xz (binary, .desktop, icons,
## an install Makefile), also reachable as dist/steward-linux-amd64.tar.xz; the
## unpacked tree is dist/steward-linux-amd64/ (binary: usr/local/bin/steward).
package-linux: deps fyne-tool
	rm -rf dist/linux && mkdir -p dist/linux/_src
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_T) -ldflags '$(PKG_LDFLAGS)' -o dist/linux/steward .
	@# fyne package bumps Build in the FyneApp.toml it reads: give it a copy.
	cp FyneApp.toml dist/linux/_src/ && printf 'package main\n' > dist/linux/_src/main.go
	cd dist/linux && $(FYNE) package -os linux --release --src _src --exe $(CURDIR)/dist/linux/steward \
		--name Steward --app-id $(APP_ID) --icon $(CURDIR)/icons/png/steward-512.png \
		--app-version $(APP_VERSION) --app-build $(APP_BUILD)
	mkdir -p $(PKG_STAGE) && tar -xJf dist/linux/Steward.tar.xz -C $(PKG_STAGE)
	@# fyne uses usr/ when the build machine has no /usr/local: always ship usr/local.
	if [ ! -d $(PKG_STAGE)/usr/local ]; then mkdir $(PKG_STAGE)/usr/local && \
		mv $(PKG_STAGE)/usr/bin $(PKG_STAGE)/usr/share $(PKG_STAGE)/usr/local/; fi
	rm -rf $(PKG_STAGE)/usr/local/share/pixmaps
	for s in $(ICON_ALL); do install -Dm0644 icons/png/steward-$$s.png \
		$(PKG_STAGE)/usr/local/share/icons/hicolor/$${s}x$${s}/apps/$(APP_ID).png; done
	install -Dm0644 icons/steward.svg $(PKG_STAGE)/usr/local/share/icons/hicolor/scalable/apps/$(APP_ID).svg
	install -m0644 packaging/linux/Makefile $(PKG_STAGE)/Makefile
	desktop-file-validate $(PKG_STAGE)/usr/local/share/applications/$(APP_ID).desktop
	XZ_OPT=-T0 tar -C dist/linux --sort=name --owner=0 --group=0 -cJf $(PKG_LINUX) $(PKG_NAME)
	ln -sf $(PKG_NAME).tar.xz dist/steward-linux-amd64.tar.xz
	ln -sfn linux/$(PKG_NAME) dist/steward-linux-amd64
	@echo "Built $(PKG_LINUX)"

## package-darwin: dist/Steward.app (run on a Mac with the Xcode command line tools).
package-darwin: fyne-tool
	mkdir -p dist/darwin/_src
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_T) -ldflags '$(PKG_LDFLAGS)' -o dist/darwin/steward .
	cp FyneApp.toml dist/darwin/_src/ && printf 'package main\n' > dist/darwin/_src/main.go
	cd dist/darwin && $(FYNE) package -os darwin --release --src _src --exe $(CURDIR)/dist/darwin/steward \
		--name Steward --app-id $(APP_ID) --icon $(CURDIR)/icons/png/steward-512.png \
		--app-version $(APP_VERSION) --app-build $(APP_BUILD)
	rm -rf dist/Steward.app && mv dist/darwin/Steward.app dist/
	@echo "Built dist/Steward.app"

## install: build the Linux package and install it for you (~/.local/bin,
## ~/.local/share/applications, ~/.local/share/icons). uninstall removes it.
install: package-linux
	$(MAKE) -C $(PKG_STAGE) user-install
uninstall:
	$(MAKE) -C packaging/linux user-uninstall

## windows: cross-build dist/steward.exe (GUI subsystem, icon, manifest and
## version resources) with mingw-w64; cgo (GLFW, SQLite) included.
windows: deps
	rm -rf dist/windows && mkdir -p dist/windows
	cp icons/steward.ico dist/windows/
	for f in steward.rc steward.exe.manifest; do sed -e 's/@V1@/$(word 1,$(WIN_V))/g' -e 's/@V2@/$(word 2,$(WIN_V))/g' \
		-e 's/@V3@/$(or $(word 3,$(WIN_V)),0)/g' -e 's/@V4@/$(APP_BUILD)/g' -e 's/@VERSION@/$(APP_VERSION)/g' \
		packaging/windows/$$f.in > dist/windows/$$f || exit 1; done
	cd dist/windows && $(WIN_WINDRES) -O coff -i steward.rc -o $(CURDIR)/steward_windows_amd64.syso
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WIN_CC) $(GO) build $(GOFLAGS_T) \
		-ldflags '$(PKG_LDFLAGS) -H=windowsgui' -o dist/steward.exe . ; \
		rc=$$?; rm -f steward_windows_amd64.syso; exit $$rc
	@echo "Built dist/steward.exe"

## vet-darwin: go vet for macOS of every package that builds without cgo
## (Fyne and SQLite need cgo, so the window and the store are left out).
vet-darwin:
	@# Tests count too: a package whose tests use the SQLite store (the
	@# PostgreSQL store's cross-engine tests) needs cgo as well.
	@pkgs=$$(GOOS=darwin CGO_ENABLED=0 $(GO) list -e $(GOFLAGS_T) -f '{{.ImportPath}} {{join .Deps " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | \
		grep -v -E -e 'fyne.io/fyne' -e 'mattn/go-sqlite3' -e ' steward/(assets/sqlite|app)( |$$)' | cut -d' ' -f1); \
	echo "GOOS=darwin go vet:" $$pkgs; \
	GOOS=darwin CGO_ENABLED=0 $(GO) vet $(GOFLAGS_T) $$pkgs

## build-windows: compile every package (not tests) for Windows, cgo included
## (mingw-w64): catches Windows-only code, e.g. the inventory's WMI and
## registry paths, even in packages steward.exe does not link yet.
build-windows: deps
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WIN_CC) $(GO) build $(GOFLAGS_T) ./...

## check-packages: build the Linux and Windows packages and check them
## (desktop-file-validate, install into a scratch HOME, portable mode, PE
## subsystem and resources). CI runs this.
check-packages: package-linux windows vet-darwin build-windows
	sh packaging/check.sh
	@# The window smoke test (main_smoke_test.go), run on the packaged binary.
	STEWARD_BIN=$(CURDIR)/dist/steward-linux-amd64/usr/local/bin/steward LANG=C.UTF-8 CGO_ENABLED=1 \
		$(GO) test $(GOFLAGS_T) -count=1 -run '^TestWindowSmoke$$' .
