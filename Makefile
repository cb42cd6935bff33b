# SPDX-License-Identifier: GPL-2.0
# hive: top-level build.  `make` builds hive.ko against the newest installed
# Debian 6.1 kernel build tree (KDIR=... overrides) and the userland.
#
#   make              modules + userland
#   make modules      hive.ko only          make userland   userland only
#   make install      modules (depmod), binaries, man pages, systemd unit
#   make check        everything CI runs    make demo       3-node VM demo
#   make clean

KDIR ?= $(lastword $(sort $(wildcard /lib/modules/6.1.*/build)))
BUILD ?= $(CURDIR)/build
DESTDIR ?=
PREFIX ?= /usr/local
CMAKE_BUILD_TYPE ?= RelWithDebInfo
# ccache, where installed, serves repeated builds (make check sets where).
CCACHE := $(shell command -v ccache 2>/dev/null)
CMAKE_LAUNCHER := $(if $(CCACHE),-DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE))

.PHONY: all modules userland install clean check demo bench deps selftests kdir

all: modules userland

# Checked when a target needs it, so `make check` on a fresh machine can
# install the headers first.
kdir:
	@test -n "$(KDIR)" || { echo "hive: no Debian 6.1 kernel build tree under /lib/modules/6.1.*/build: run scripts/install-deps or pass KDIR=" >&2; exit 1; }
	@echo "hive: kernel build tree $(KDIR)"

modules: kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userland:
	cmake -S userland -B $(BUILD)/userland -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) $(CMAKE_LAUNCHER)
	cmake --build $(BUILD)/userland -j$$(nproc)

selftests: userland
	$(MAKE) -C selftests/hive BUILD=$(BUILD)/selftests

install: modules userland
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	depmod $(if $(DESTDIR),-b $(DESTDIR)) -a $$(scripts/kernel-release $(KDIR))
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)/userland --prefix $(PREFIX)

deps:
	scripts/install-deps

check: deps
	scripts/check

demo: deps
	scripts/demo

bench: deps
	scripts/bench

clean: kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
