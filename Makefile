# netlab - a scriptable network lab.  `make demo`, `make test`; see README.md.

PREFIX    ?= /usr/local
CC        ?= cc
CFLAGS    ?= -O2 -g
# netlab's version: the one place it is written (netlab -v, --version,
# netlab._VERSION; spec/man_spec.lua checks the man page's header).
VERSION  := $(shell cat VERSION)
# core/ is grouped by family (ARCHITECTURE.md), the printers one level
# deeper (core/print/<family>/); each folder is on the
# include path, so a file names another's header by its name alone.
CORE_DIRS = $(sort $(dir $(wildcard core/*/*.c core/*/*.h core/*/*/*.c core/*/*/*.h)))
NETLAB_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE $(addprefix -I,$(CORE_DIRS)) -Ibindings \
                -DNETLAB_RELEASE='"$(VERSION)"'
PKGS      = lua5.4 libedit libnl-route-3.0 libnl-idiag-3.0 libpcap
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Lua is linked statically, as Debian's lua5.4 is: a faster VM, a faster
# start, and C modules find the Lua API in the binary (-Wl,-E).
LUA_LIBS   = -l:liblua5.4.a $(shell pkg-config --libs-only-l --static lua5.4 2>/dev/null | sed 's/-llua5.4//')
# libpcap is not linked: core/packets/pcap_dl.c loads it at the first capture
# (it brings libdbus and libsystemd, which would cost every start-up).
PKG_LIBS   = -L$(shell pkg-config --variable=libdir lua5.4 2>/dev/null) $(LUA_LIBS) \
             $(shell pkg-config --libs libedit libnl-route-3.0 libnl-idiag-3.0 2>/dev/null)

# Debian packages: to build and run, for the programs the labs run (the
# packages of scripts/netlab/programs.lua), to test, to benchmark against peers.
DEB_BUILD = gcc make pkg-config liblua5.4-dev libpcap-dev libnl-route-3-dev \
            libnl-idiag-3-dev libedit-dev
DEB_LABS  = iproute2 procps net-tools lsof python3 netcat-openbsd
# DEB_TEST: what the suite runs (spec/build_spec.lua checks it against spec/),
# xmllint and dot to check the SVG and dot drawings, headless Chromium and
# its WebDriver for lab:web's page (spec/web_browser_spec.lua).
DEB_TEST  = $(DEB_LABS) lua-unit lua-socket tcpdump tshark curl man-db groff-base iputils-ping \
            traceroute libxml2-utils graphviz chromium chromium-driver
DEB_BENCH = lua5.4 lua-socket iperf3 hyperfine util-linux hping3 python3-scapy curl \
            tcpdump netcat-openbsd
DEB_FUZZ  = clang libclang-rt-14-dev
DEB_VALGRIND = valgrind

SRCS = $(wildcard core/*/*.c core/*/*/*.c) $(wildcard bindings/*.c)
HDRS = $(wildcard core/*/*.h core/*/*/*.h) $(wildcard bindings/*.h)
OBJS = $(SRCS:%.c=build/%.o)
ASAN_OBJS = $(SRCS:%.c=build/asan/%.o)
$(OBJS) $(ASAN_OBJS): VERSION
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined

.PHONY: all deps labs-deps test-deps demo test asan valgrind fuzz bench docs install uninstall clean format

LUA_SRCS = $(shell find scripts -name '*.lua')

all: netlab build/luac.stamp

# Precompiled bytecode of scripts/ (bindings/searcher.c loads it while it
# is as new as the source).
build/luac.stamp: netlab $(LUA_SRCS) mk/luac.lua
	./netlab mk/luac.lua $(CURDIR)/scripts build/luac
	@touch $@

netlab: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -Wl,-E

build/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(NETLAB_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

netlab-asan: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(PKG_LIBS) -Wl,-E

build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_FLAGS) $(NETLAB_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Each target checks its packages with the build's in one go: as an
# ordinary user, one message with one `sudo apt-get install` line.
deps:
	@sh mk/deps.sh $(DEB_BUILD)

labs-deps:
	@sh mk/deps.sh $(DEB_BUILD) $(DEB_LABS)

test-deps:
	@sh mk/deps.sh $(DEB_BUILD) $(DEB_TEST)

# Installs what is missing (netlab's and the labs' packages), builds, and
# runs a first lab.
demo: labs-deps
	@$(MAKE) --no-print-directory all
	./netlab labs/handshake.lua

# Installs what is missing, builds, and runs the whole suite, with room
# for 4096 fds where the hard limit allows (fd_spec lists fds past 1023;
# Debian's soft limit is 1024).
NOFILE = [ "$$(ulimit -n)" = unlimited ] || [ "$$(ulimit -n)" -ge 4096 ] || \
         ulimit -n 4096 2>/dev/null || ulimit -n $$(ulimit -Hn);
test: test-deps
	@$(MAKE) --no-print-directory all
	$(NOFILE) ./netlab spec/run.lua

# The suite under AddressSanitizer and UBSan.
asan: test-deps
	@$(MAKE) --no-print-directory netlab-asan
	$(NOFILE) ASAN_OPTIONS=detect_leaks=1 NETLAB_SPEC_BIN=./netlab-asan \
	  ./netlab-asan spec/run.lua

# The suite under valgrind (mk/valgrind.sh): no leak from netlab's code.
valgrind: test-deps
	@sh mk/deps.sh $(DEB_VALGRIND)
	@$(MAKE) --no-print-directory all
	sh mk/valgrind.sh

# libFuzzer targets (spec/fuzz/*_fuzz.c) over core/, with ASan and UBSan:
# each runs FUZZ_TIME seconds from its seed corpus; a crash stops make.
FUZZ_TIME ?= 60
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS = $(patsubst %.c,build/fuzz/%.o,$(wildcard core/*/*.c core/*/*/*.c))
FUZZ_BINS = $(patsubst spec/fuzz/%.c,build/fuzz/%,$(wildcard spec/fuzz/*_fuzz.c))
.SECONDARY: $(FUZZ_OBJS)

build/fuzz/core/%.o: core/%.c $(HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(NETLAB_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/%_fuzz: spec/fuzz/%_fuzz.c $(FUZZ_OBJS)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer $(NETLAB_CFLAGS) $(PKG_CFLAGS) -o $@ $< \
	  $(FUZZ_OBJS) $(shell pkg-config --libs libnl-route-3.0 libnl-idiag-3.0 2>/dev/null)

fuzz: deps
	@sh mk/deps.sh $(DEB_FUZZ)
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@for t in $(FUZZ_BINS); do \
	  n=$$(basename $$t); mkdir -p build/fuzz/corpus/$$n; \
	  echo "== $$n, $(FUZZ_TIME) s"; \
	  $$t -max_total_time=$(FUZZ_TIME) -timeout=5 -rss_limit_mb=2048 \
	    build/fuzz/corpus/$$n spec/fuzz/seeds/$$n || exit 1; \
	done

bench: deps
	@sh mk/deps.sh $(DEB_BENCH)
	@$(MAKE) --no-print-directory all
	sh bench/run.sh

# docs/api.md is generated from the one-line docs help() shows.
docs: netlab
	./netlab mk/apidoc.lua > docs/api.md

LUADIR = $(DESTDIR)$(PREFIX)/share/netlab/lua
DOCDIR = $(DESTDIR)$(PREFIX)/share/doc/netlab
# The documents the man page names, kept where README.md's links expect them.
DOCS   = README.md ARCHITECTURE.md docs/api.md docs/labs.md

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(LUADIR)/netlab $(LUADIR)/socket \
	  $(DESTDIR)$(PREFIX)/share/netlab/labs
	install -m 755 netlab $(DESTDIR)$(PREFIX)/bin/netlab
	install -m 644 scripts/*.lua $(LUADIR)/
	install -m 644 scripts/netlab/*.lua $(LUADIR)/netlab/
	install -d $(LUADIR)/netlab/exercises
	install -m 644 scripts/netlab/exercises/*.lua $(LUADIR)/netlab/exercises/
	install -d $(LUADIR)/netlab/web
	install -m 644 scripts/netlab/web/* $(LUADIR)/netlab/web/
	install -m 644 scripts/socket/*.lua $(LUADIR)/socket/
	./netlab mk/luac.lua $(LUADIR) $(DESTDIR)$(PREFIX)/share/netlab/luac \
	  $(PREFIX)/share/netlab/lua
	install -m 644 labs/*.lua $(DESTDIR)$(PREFIX)/share/netlab/labs/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 docs/netlab.1 $(DESTDIR)$(PREFIX)/share/man/man1/netlab.1
	install -d $(DOCDIR)/docs
	for f in $(DOCS); do install -m 644 $$f $(DOCDIR)/$$f || exit 1; done
	install -d $(DOCDIR)/examples
	install -m 644 examples/*.lua $(DOCDIR)/examples/

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/netlab $(DESTDIR)$(PREFIX)/share/netlab \
	  $(DESTDIR)$(PREFIX)/share/man/man1/netlab.1 $(DOCDIR)

clean:
	rm -rf build netlab netlab-asan

format:
	clang-format -i $(SRCS) $(HDRS)
