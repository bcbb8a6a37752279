# The demo device for QEMU's lm3s6965evb (Cortex-M3), its board probe image, their tests and
# the footprint report. A makefile fragment: firmware/Makefile includes it, and
# ports/qemu-lm3s6965/Makefile wraps it to run alone. Targets:
#
#   qemu             build/qemu-lm3s6965/nanorpc-demo.elf (the device under QEMU)
#   qemu-test        boot it under QEMU and exchange raw frames over its pty ("N passed, M failed")
#   qemu-probe       build/qemu-lm3s6965/board-probe.elf (board layer only: echo, clock, reset)
#   qemu-probe-test  boot the probe under QEMU and check the board layer
#   footprint        flash/RAM table of the image and of the library + nanopb runtime alone
#
# Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and python3.

ifndef FIRMWARE_DIR
include $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))/../../sources.mk
endif
# Every path below starts with $(FIRMWARE_DIR), so the object rule can mirror the tree.
QEMU_PORT_DIR := $(FIRMWARE_DIR)/ports/qemu-lm3s6965
BOARD_LM3S_DIR := $(FIRMWARE_DIR)/boards/lm3s6965evb
include $(BOARD_LM3S_DIR)/board.mk

QEMU_BUILD_DIR := $(FIRMWARE_DIR)/build/qemu-lm3s6965
QEMU_SCRIPTS := $(FIRMWARE_DIR)/scripts
QEMU_ELF := $(QEMU_BUILD_DIR)/nanorpc-demo.elf
QEMU_PROBE_ELF := $(QEMU_BUILD_DIR)/board-probe.elf
# Library + nanopb runtime with a do-nothing port: what the library alone costs (footprint).
QEMU_LIBONLY_ELF := $(QEMU_BUILD_DIR)/library-only.elf

# The library's defaults (256-byte frame, 4 subscriptions, 1 session) are the board's limits.
QEMU_CFLAGS := $(BOARD_LM3S_CFLAGS) -MMD -MP $(FIRMWARE_INCLUDES) $(FIRMWARE_DEFINES)
# Our sources (library, app, port, board) build with warnings as errors, nanopb's runtime and
# generated code as they come.
QEMU_STRICT := -Wshadow -Wstrict-prototypes -Wmissing-prototypes
QEMU_LAX := -Wno-error
qemu_flags = $(if $(filter $(NANOPB_SRCS) $(GEN_DIR)/%,$(1)),$(QEMU_LAX),$(QEMU_STRICT))

QEMU_MAIN_SRCS := $(QEMU_PORT_DIR)/main.c
QEMU_LIBONLY_SRCS := $(QEMU_PORT_DIR)/library_only_main.c
QEMU_PROBE_SRCS := $(BOARD_LM3S_DIR)/probe_main.c

# build/qemu-lm3s6965/obj/<path under firmware/>.o
qemu_objects = $(patsubst $(FIRMWARE_DIR)/%.c,$(QEMU_BUILD_DIR)/obj/%.o,$(1))
QEMU_OBJS := $(call qemu_objects,$(BOARD_LM3S_SRCS) $(QEMU_MAIN_SRCS) $(NANORPC_SRCS) \
	$(DEMO_APP_SRCS) $(NANOPB_SRCS))
QEMU_PROBE_OBJS := $(call qemu_objects,$(BOARD_LM3S_SRCS) $(QEMU_PROBE_SRCS))
QEMU_LIBONLY_OBJS := $(call qemu_objects,$(BOARD_LM3S_SRCS) $(QEMU_LIBONLY_SRCS) \
	$(NANORPC_SRCS) $(NANOPB_SRCS))

.PHONY: qemu qemu-test qemu-probe qemu-probe-test footprint
qemu: $(QEMU_ELF)
qemu-probe: $(QEMU_PROBE_ELF)

qemu-test: $(QEMU_ELF)
	$(PYTHON) $(QEMU_SCRIPTS)/qemu-ping-test.py $(QEMU_ELF)

qemu-probe-test: $(QEMU_PROBE_ELF)
	$(PYTHON) $(QEMU_SCRIPTS)/board-probe-test.py $(QEMU_PROBE_ELF)

footprint: $(QEMU_ELF) $(QEMU_LIBONLY_ELF)
	$(QEMU_SCRIPTS)/footprint.sh $(QEMU_ELF) $(QEMU_LIBONLY_ELF)

# Each image also writes a link map: footprint.sh attributes sizes to components from it.
$(QEMU_BUILD_DIR)/%.elf: $(BOARD_LM3S_DIR)/lm3s6965evb.ld
	@echo "  LD      $@"
	@$(BOARD_LM3S_CC) $(BOARD_LM3S_LDFLAGS) -Wl,-Map=$(@:.elf=.map) -o $@ $(filter %.o,$^)
	@$(BOARD_LM3S_SIZE) $@

$(QEMU_ELF): $(QEMU_OBJS)
$(QEMU_PROBE_ELF): $(QEMU_PROBE_OBJS)
$(QEMU_LIBONLY_ELF): $(QEMU_LIBONLY_OBJS)

$(QEMU_BUILD_DIR)/obj/%.o: $(FIRMWARE_DIR)/%.c | $(FIRMWARE_GENERATED) $(NANOPB_STAMP)
	@mkdir -p $(@D)
	@echo "  ARM-CC  $<"
	@$(BOARD_LM3S_CC) $(QEMU_CFLAGS) $(call qemu_flags,$<) -c -o $@ $<

-include $(QEMU_OBJS:.o=.d) $(QEMU_PROBE_OBJS:.o=.d) $(QEMU_LIBONLY_OBJS:.o=.d)
