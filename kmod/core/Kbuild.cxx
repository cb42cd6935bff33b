# SPDX-License-Identifier: GPL-2.0
# Compiling the freestanding C++ core inside Kbuild.
#
# The kernel's C flags, minus those that mean nothing (or something else) to
# C++, plus what freestanding C++ needs.  Everything else KBUILD_CFLAGS sets
# (retpolines, return thunks, SLS, stack protector, -mcmodel=kernel, no FPU,
# ftrace entries) applies to the core as to C objects.  The object then goes
# through objtool like any C object of the module, through $(cmd_objtool).

HIVE_CXX ?= $(CROSS_COMPILE)g++

hive_c_only_flags := -std=gnu11 -std=gnu89 -Wstrict-prototypes \
	-Wdeclaration-after-statement -Wmissing-prototypes \
	-Wold-style-definition -Wno-pointer-sign -Wimplicit-int \
	-Werror=implicit-int -Werror=implicit-function-declaration \
	-Werror=strict-prototypes -Werror=incompatible-pointer-types \
	-Werror=designated-init -Wno-alloc-size-larger-than \
	-Wmissing-include-dirs -Wno-unused-but-set-variable \
	-Wnested-externs -Wno-main -Wpacked-not-aligned

hive_cxxflags = $(filter-out $(hive_c_only_flags), \
			     $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE)) \
	-std=gnu++20 -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
	-fno-use-cxa-atexit -fno-sized-deallocation -nostdinc -nostdinc++ \
	-isystem $(shell $(HIVE_CXX) -print-file-name=include) \
	-I$(src)/kmod/core/include -I$(src)/kmod/uapi

# Sanitizers come from scripts/Makefile.lib per object, not KBUILD_CFLAGS.
ifdef CONFIG_KASAN
hive_cxxflags += $(CFLAGS_KASAN)
endif

quiet_cmd_cxx_o_cpp = CXX $(quiet_modtag) $@
      cmd_cxx_o_cpp = $(HIVE_CXX) -Wp,-MMD,$(depfile) $(hive_cxxflags) \
		      -c -o $@ $< $(cmd_objtool)

$(obj)/kmod/core/hive_core.o: $(src)/kmod/core/hive_core.cpp FORCE
	$(call if_changed_dep,cxx_o_cpp)

targets += kmod/core/hive_core.o
