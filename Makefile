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
CMAKE_BUILD_TYPE ?= RelWithDebInfo

ifeq ($(KDIR),)
$(error no Debian 6.1 kernel build tree under /lib/modules/6.1.*/build: run scripts/install-deps or pass KDIR=)
endif

.PHONY: all modules userland install clean check demo deps selftests

all: modules userland

modules:
	@echo "hive: building modules against $(KDIR)"
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userland:
	cmake -S userland -B $(BUILD)/userland -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE)
	cmake --build $(BUILD)/userland -j$$(nproc)

selftests: userland
	$(MAKE) -C selftests/hive BUILD=$(BUILD)/selftests

install: modules userland
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra modules_install
	depmod -a $(shell scripts/kernel-release $(KDIR))
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)/userland --prefix /usr

deps:
	scripts/install-deps

check: deps
	scripts/check

demo: deps
	scripts/demo

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
