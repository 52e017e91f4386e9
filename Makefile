# Makefile: builds cfconsole, cfsim and the tests (plain make + pkg-config).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BUILD   ?= build

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)

# Install missing Debian packages before anything else needs them (a no-op when
# everything is present). Skipped for targets that need no libraries.
NOBOOT_GOALS := clean uninstall help
ifeq ($(filter-out $(NOBOOT_GOALS),$(or $(MAKECMDGOALS),all)),)
else
BOOTSTRAP := $(shell ./scripts/bootstrap.sh 1>&2 || echo failed)
ifneq ($(BOOTSTRAP),)
$(error bootstrap failed: see the messages above)
endif
endif

PKGS      := ncursesw libcurl libcjson libconfig libmicrohttpd
# ncursesw's .pc adds -D_XOPEN_SOURCE=600 (and _DEFAULT_SOURCE); we define
# _XOPEN_SOURCE=700 ourselves, so drop its feature macros to avoid a redefinition.
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARNINGS := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wwrite-strings \
	-Wpointer-arith -Wcast-qual -Wundef
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

ifeq ($(SAN),asan)
# GCC's "undefined" leaves out float-cast-overflow ((int)1e300 from an API
# answer is undefined behaviour): ask for it by name.
SANFLAGS := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined,float-cast-overflow
else ifeq ($(SAN),tsan)
SANFLAGS := -fsanitize=thread
else
SANFLAGS :=
endif

PROJECT_CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED \
	-D_DEFAULT_SOURCE $(WARNINGS) -pthread -MMD -MP -Iinclude -Isrc \
	-DCFCONSOLE_VERSION='"$(VERSION)"' \
	-DCFCONSOLE_THEMEDIR='"$(DATADIR)/cfconsole/themes"' \
	$(PKG_CFLAGS) $(SANFLAGS)
ALL_CFLAGS  := $(PROJECT_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pthread $(SANFLAGS) $(LDFLAGS)

# Rebuild everything when the compiler flags change (PREFIX, SAN, CFLAGS...):
# objects depend on a stamp file rewritten only when the flags differ. The
# version define is left out so a new commit does not rebuild the world.
FLAGS_STAMP := $(BUILD)/cflags.stamp
FLAGS_NOW := $(CC) $(filter-out -DCFCONSOLE_VERSION=%,$(ALL_CFLAGS))
ifneq ($(FLAGS_NOW),$(file <$(FLAGS_STAMP)))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_STAMP),$(FLAGS_NOW))
endif

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

# Sources, by layer. Each layer is a static library so tests link only what
# they use; the layering rule (ui -> core -> cf) is also the link order.
CF_SRC   := $(sort $(wildcard src/cf/*.c))
CORE_SRC := $(sort $(wildcard src/core/*.c))
UI_SRC   := $(sort $(wildcard src/ui/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
SIM_SRC  := $(sort $(filter-out src/sim/main.c,$(wildcard src/sim/*.c)))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBCF   := $(BUILD)/libcf.a
LIBCORE := $(BUILD)/libcore.a
LIBUI   := $(BUILD)/libui.a
LIBCLI  := $(BUILD)/libcli.a
LIBSIM  := $(BUILD)/libsim.a
LIBTEST := $(BUILD)/libtesttools.a
APP_LIBS := $(LIBUI) $(LIBCLI) $(LIBCORE) $(LIBCF)

CFCONSOLE := $(BUILD)/cfconsole
CFSIM     := $(BUILD)/cfsim

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
INTEG_SRC := $(sort $(wildcard tests/integration/test_*.c))
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
UI_TESTS  := $(sort $(wildcard tests/ui/*/*-test))
CONFORMANCE_TESTS := $(sort $(wildcard tests/conformance/*-test))
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
INTEG_BIN := $(patsubst tests/integration/%.c,$(BUILD)/tests/integration/%,$(INTEG_SRC))

.PHONY: all check check-unit check-integration check-ui check-conformance check-asan check-tsan \
	demo install uninstall clean help bench bench-bin format format-check
.DEFAULT_GOAL := all
# Keep test and bench objects (make would delete them as intermediates).
.SECONDARY:

all: $(CFCONSOLE) $(CFSIM)

help:
	@echo "targets: all check check-asan check-tsan format format-check demo install uninstall clean"
	@echo "options: V=1 (verbose) WERROR=1 (warnings are errors) PREFIX DESTDIR"

$(BUILD)/obj/%.o: %.c $(FLAGS_STAMP)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c $(FLAGS_STAMP)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/tools -c -o $@ $<

define make_lib
$(1): $(call obj,$(2))
	$$(call msg,AR,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)rm -f $$@
	$$(Q)$$(AR) rcs $$@ $$^ $$(if $$^,,$$(BUILD)/obj/empty.o)
endef

# An archive with no members is still a valid archive; create it from an
# empty object so the link line stays the same while a layer is empty.
$(BUILD)/obj/empty.o:
	@mkdir -p $(dir $@)
	$(Q)printf '' | $(CC) -x c -c -o $@ -

$(eval $(call make_lib,$(LIBCF),$(CF_SRC)))
$(eval $(call make_lib,$(LIBCORE),$(CORE_SRC)))
$(eval $(call make_lib,$(LIBUI),$(UI_SRC)))
$(eval $(call make_lib,$(LIBCLI),$(CLI_SRC)))
$(eval $(call make_lib,$(LIBSIM),$(SIM_SRC)))
$(eval $(call make_lib,$(LIBTEST),$(TOOL_SRC)))
$(LIBCF) $(LIBCORE) $(LIBUI) $(LIBCLI) $(LIBSIM) $(LIBTEST): | $(BUILD)/obj/empty.o

$(CFCONSOLE): $(call obj,src/main.c) $(APP_LIBS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(call obj,src/main.c) $(APP_LIBS) $(PKG_LIBS) -lm

$(CFSIM): $(call obj,src/sim/main.c) $(LIBSIM)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(LIBTEST) $(APP_LIBS) $(LIBSIM)
	$(call msg,LINK,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBTEST) $(APP_LIBS) $(LIBSIM) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(BUILD)/tests/integration/%: $(BUILD)/obj/tests/integration/%.o $(LIBTEST) $(APP_LIBS)
	$(call msg,LINK,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBTEST) $(APP_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIBTEST) $(APP_LIBS)
	$(call msg,LINK,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBTEST) $(APP_LIBS) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(BUILD)/obj/bench/%.o: bench/%.c $(FLAGS_STAMP)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/tools -c -o $@ $<

$(BUILD)/obj/tests/tools/%.o: tests/tools/%.c $(FLAGS_STAMP)
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/tools -c -o $@ $<

# make check: the format check, then unit, integration (against cfsim) and
# screen tests. tests/tools/run-tests.sh runs each test, prints every
# failure's output and ends with "N passed, N failed"; any failure makes
# make fail.
check: format-check all $(UNIT_BIN) $(INTEG_BIN)
	$(Q)BUILD=$(BUILD) ./tests/tools/run-tests.sh $(UNIT_BIN) $(INTEG_BIN) \
		$(CONFORMANCE_TESTS) $(UI_TESTS)

# Every C source against .clang-format (clang-format 14), but any listed in
# .clang-format-pending (none today).
format-check:
	$(call msg,FORMAT,check)
	$(Q)./scripts/format-check.sh

format:
	$(Q)./scripts/format-check.sh --fix

check-unit: $(UNIT_BIN)
	$(Q)BUILD=$(BUILD) ./tests/tools/run-tests.sh $(UNIT_BIN)

check-integration: all $(INTEG_BIN)
	$(Q)BUILD=$(BUILD) ./tests/tools/run-tests.sh $(INTEG_BIN)

check-ui: all
	$(Q)BUILD=$(BUILD) ./tests/tools/run-tests.sh $(UI_TESTS)

check-conformance: all $(INTEG_BIN)
	$(Q)BUILD=$(BUILD) ./tests/tools/run-tests.sh $(CONFORMANCE_TESTS)

check-asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan SAN=asan CFLAGS='-O1 -g' check

check-tsan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-tsan SAN=tsan CFLAGS='-O1 -g' check

demo: all
	$(Q)./scripts/demo.sh $(BUILD)

# Benchmarks are run by hand (never in CI): make bench, or bench/<name>.sh.
bench-bin: all $(BENCH_BIN)

bench: bench-bin
	$(Q)for b in bench/*.sh; do BUILD=$(BUILD) $$b || exit 1; done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/cfconsole/themes
	install -m 755 $(CFCONSOLE) $(CFSIM) $(DESTDIR)$(BINDIR)/
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(wildcard themes/*.theme) $(DESTDIR)$(DATADIR)/cfconsole/themes/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cfconsole $(DESTDIR)$(BINDIR)/cfsim
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -rf $(DESTDIR)$(DATADIR)/cfconsole

clean:
	rm -rf build build-asan build-tsan

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
