# SPDX-License-Identifier: GPL-2.0
#
# nsconform: Linux namespace conformance suite.
#   make                 build every suite into $(O) (default: build/)
#   make SUITES="uts ipc" build only those suites
#   make check           the project's own tests, then every suite, natively
#                        and in an environment matrix (container, userns, ...)
#   make bench           nsbench, the namespace-operation benchmark
#   make bench-jobs      whole runs at -j1 against -j2, interleaved (BENCH_JOBS_ARGS="-n 10")
#   make install INSTALL_PATH=DIR / make gen_tar   kselftest-style tree
#
# kselftest_harness.h comes from a kernel tree: KSFT_DIR=<tree>/tools/testing/selftests,
# or by default from Debian's linux-source-6.12 tarball, extracted once into $(O).

O ?= build
BUILD := $(abspath $(O))
SRC := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

KSFT_TARBALL ?= /usr/src/linux-source-6.12.tar.xz
KSFT_TOP := linux-source-6.12
ifeq ($(KSFT_DIR),)
KSFT_DIR := $(BUILD)/ksft/$(KSFT_TOP)/tools/testing/selftests
KSFT_ORIGIN := $(KSFT_TARBALL)
KSFT_FROM_TARBALL := 1
else
KSFT_DIR := $(abspath $(KSFT_DIR))
KSFT_ORIGIN := $(KSFT_DIR)
endif
KSFT_HEADER := $(KSFT_DIR)/kselftest_harness.h
KSFT_STAMP := $(BUILD)/ksft-origin.txt

ALL_SUITES := $(sort $(patsubst suites/%/,%,$(dir $(wildcard suites/*/*_test.c))))
SUITES ?= $(ALL_SUITES)

CC ?= cc
CFLAGS ?= -O2 -g
NSC_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-Wno-unused-parameter -Wno-missing-field-initializers -Wno-format-truncation \
	-I$(SRC)/lib -I$(SRC)/harness -isystem $(KSFT_DIR)
LDLIBS := -lcap -lpthread
# Static by default: a fork or exec of a static program costs far less (no
# loader, fewer mappings and page faults), which is most of what a namespace
# test does -- about a quarter of the suite's wall time here. The same
# binaries also run unchanged in a --kernel guest. LDFLAGS= builds dynamic.
LDFLAGS ?= -static
# relink when LDFLAGS change
LDFLAGS_STAMP = $(BUILD)/ldflags.stamp

LIB_SRCS := $(wildcard lib/*.c harness/*.c)
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB_HDRS := $(wildcard lib/*.h harness/*.h)
LIBNSC := $(BUILD)/libnsc.a

TEST_SRCS := $(foreach s,$(SUITES),$(wildcard suites/$(s)/*_test.c))
TEST_BINS := $(patsubst %.c,$(BUILD)/%,$(TEST_SRCS))
# *_helper.c: small programs tests exec (static, so they work in a chroot)
HELPER_SRCS := $(foreach s,$(SUITES),$(wildcard suites/$(s)/*_helper.c))
HELPER_BINS := $(patsubst %.c,$(BUILD)/%,$(HELPER_SRCS))
SUITE_FILES := $(foreach s,$(SUITES),$(addprefix $(BUILD)/suites/$(s)/,$(notdir $(wildcard suites/$(s)/config suites/$(s)/settings))))
TOOL_BINS := $(BUILD)/bin/nsc-exec $(BUILD)/bin/nsc-env $(BUILD)/bin/nsbench $(BUILD)/bin/stats_test
SELFTEST_BINS := $(patsubst selftest/%.c,$(BUILD)/selftest/%,$(wildcard selftest/*_test.c))
# suites/<s>/*_util.c (any suite .c but tests and helper programs): compiled
# once per suite into $(BUILD)/obj/suites/<s>/, linked into its tests
suite_util_srcs = $(filter-out %_test.c %_helper.c,$(wildcard suites/$(1)/*.c))
SUITE_UTIL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(foreach s,$(SUITES),$(call suite_util_srcs,$(s))))

.PHONY: all check selftest bench bench-jobs install gen_tar clean list-suites
all: $(KSFT_STAMP) $(SUITE_UTIL_OBJS) $(TEST_BINS) $(HELPER_BINS) $(SUITE_FILES) $(TOOL_BINS) $(SELFTEST_BINS)
	@sed -n 's/^header=/  HARNESS /p;s/^sha256=/          sha256 /p' $(KSFT_STAMP)

# ---- the harness header ----
$(KSFT_STAMP):
	@mkdir -p $(BUILD)
ifdef KSFT_FROM_TARBALL
	@if [ ! -r "$(KSFT_TARBALL)" ]; then \
	  echo "error: kselftest_harness.h not found: install the Debian package linux-source-6.12" \
	       "(apt-get install linux-source-6.12) or set KSFT_DIR=<kernel tree>/tools/testing/selftests" >&2; \
	  exit 1; fi
	@echo "  EXTRACT kselftest headers and kunit from $(KSFT_TARBALL)"
	@rm -rf $(BUILD)/ksft && mkdir -p $(BUILD)/ksft
	@tar -I 'xz -T2' -xf $(KSFT_TARBALL) -C $(BUILD)/ksft --wildcards \
	  '$(KSFT_TOP)/tools/testing/selftests/kselftest_harness.h' \
	  '$(KSFT_TOP)/tools/testing/selftests/kselftest.h' \
	  '$(KSFT_TOP)/tools/testing/selftests/run_kselftest.sh' \
	  '$(KSFT_TOP)/tools/testing/selftests/kselftest/*' \
	  '$(KSFT_TOP)/tools/testing/kunit/*'
else
	@if [ ! -r "$(KSFT_HEADER)" ]; then \
	  echo "error: $(KSFT_HEADER) not found: KSFT_DIR must be <kernel tree>/tools/testing/selftests" \
	       "(or unset it and install the Debian package linux-source-6.12)" >&2; \
	  exit 1; fi
endif
	@sum=$$(sha256sum $(KSFT_HEADER) | cut -d' ' -f1); \
	 printf 'header=%s\norigin=%s\nsha256=%s\n' "$(KSFT_HEADER)" "$(KSFT_ORIGIN)" "$$sum" > $@; \
	 echo "  HARNESS $(KSFT_HEADER) (from $(KSFT_ORIGIN)) sha256=$$sum"

# ---- objects ----
$(BUILD)/obj/%.o: %.c $(LIB_HDRS) $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -c -o $@ $<

$(LDFLAGS_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(LDFLAGS)' | cmp -s - $@ 2>/dev/null || echo '$(LDFLAGS)' > $@

.PHONY: FORCE
FORCE:

$(LIBNSC): $(LIB_OBJS)
	@rm -f $@
	@$(AR) rcs $@ $^

# A suite's tests link its util objects (SUITE_UTIL_OBJS); its objects and
# binaries also depend on that suite's own headers (suites/<s>/*.h).
.SECONDEXPANSION:
SUITE_HDRS = $(wildcard $(dir suites/$*)*.h)
SUITE_OBJS = $(patsubst %.c,$(BUILD)/obj/%.o,$(call suite_util_srcs,$(patsubst %/,%,$(dir $*))))

$(BUILD)/obj/suites/%.o: suites/%.c $(LIB_HDRS) $$(SUITE_HDRS) $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -c -o $@ $<

$(BUILD)/suites/%_test: suites/%_test.c $$(SUITE_OBJS) $(LIBNSC) $(LIB_HDRS) $$(SUITE_HDRS) $(KSFT_STAMP) $(LDFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $< $(SUITE_OBJS) $(LIBNSC) $(LDFLAGS) $(LDLIBS)

$(BUILD)/selftest/%_test: selftest/%_test.c $(LIBNSC) $(LIB_HDRS) $(KSFT_STAMP) $(LDFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $< $(LIBNSC) $(LDFLAGS) $(LDLIBS)

$(BUILD)/suites/%_helper: suites/%_helper.c $(LIB_HDRS) $$(SUITE_HDRS) $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (static)"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -static -o $@ $<

$(BUILD)/suites/%/config: suites/%/config
	@mkdir -p $(dir $@) && cp $< $@
$(BUILD)/suites/%/settings: suites/%/settings
	@mkdir -p $(dir $@) && cp $< $@

$(BUILD)/bin/nsc-exec: harness/bin/nsc-exec.c $(LIBNSC) $(LIB_HDRS) $(LDFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $< $(LIBNSC) $(LDFLAGS)

$(BUILD)/bin/nsc-env: harness/bin/nsc-env.c $(LIBNSC) $(LIB_HDRS) $(LDFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $< $(LIBNSC) $(LDFLAGS)

# nsbench: the operation table and its modules (bench/*.c but the stats
# self-test), JSON through json-c
BENCH_SRCS := $(filter-out bench/%_test.c,$(wildcard bench/*.c))
$(BUILD)/bin/nsbench: $(BENCH_SRCS) bench/nsbench.h bench/stats.h $(LIBNSC) $(LIB_HDRS) $(LDFLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      nsbench ($(words $(BENCH_SRCS)) files)"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $(BENCH_SRCS) $(LIBNSC) $(LDFLAGS) $(LDLIBS) -ljson-c -lm

$(BUILD)/bin/stats_test: bench/stats_test.c bench/stats.c bench/stats.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ bench/stats_test.c bench/stats.c -lm

list-suites:
	@echo $(ALL_SUITES)

# ---- the project's own tests, then the suites ----
# self-tests, every suite with the leak check, then every suite in the
# environment matrix (run_tests.sh --check, NSC_CHECK_ENVS)
check: all
	@NSC_BUILD=$(BUILD) ./run_tests.sh --check --no-install

selftest: all
	@O=$(BUILD) ./selftest/run.sh

bench: $(BUILD)/bin/nsbench
	@$(BUILD)/bin/nsbench $(BENCH_ARGS)

# -j1 against -j2 over whole runs, interleaved (bench/jobs.sh)
bench-jobs: all
	@NSC_BUILD=$(BUILD) $(SRC)/bench/jobs.sh $(BENCH_JOBS_ARGS)

# ---- kselftest-style install tree and tarball ----
INSTALL_PATH ?= $(BUILD)/kselftest_install
install: all
	@O=$(BUILD) SUITES="$(SUITES)" ./harness/ksft_install.sh "$(INSTALL_PATH)"

gen_tar: all
	@O=$(BUILD) SUITES="$(SUITES)" ./harness/ksft_install.sh "$(BUILD)/kselftest_install" --tar "$(BUILD)/kselftest-packages/nsconform.tar.gz"

clean:
	rm -rf $(BUILD)

# ---- LAVA: the suite as a LAVA overlay, and a real lava-run job (lava/) ----
LAVA_OVERLAY := $(BUILD)/lava/nsconform-overlay.tar.gz
LAVA_PLANT := $(BUILD)/lava/plant/suites/lavaplant/plant_test
.PHONY: lava-overlay lava-check
lava-overlay: all
	@$(SRC)/lava/mkoverlay $(BUILD) $(LAVA_OVERLAY)

# planted results for lava-check only, never part of the suite
$(LAVA_PLANT): lava/check/plant_test.c lava/check/settings $(LIBNSC) $(LIB_HDRS) $(KSFT_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(NSC_CFLAGS) -o $@ $< $(LIBNSC) -static $(LDLIBS)
	@cp lava/check/settings $(dir $@)

# boots a Debian kernel under QEMU with Debian's lava-dispatcher (as root;
# LAVA_CHECK_ARGS="--kernel FILE.deb"), see README "Running in a LAVA lab"
lava-check: all $(LAVA_PLANT)
	@NSC_BUILD=$(BUILD) $(SRC)/lava/check/run.sh $(LAVA_CHECK_ARGS)
