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
# The images are PlatformIO's (platformio.ini: env qemu_lm3s6965, qemu_probe,
# qemu_library_only; the compiler and linker flags are those of the local platform
# firmware/platformio/platforms/arm-gcc); these goals build them and copy each with its link map.
# Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and python3.

ifndef FIRMWARE_DIR
include $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))/../../sources.mk
endif

QEMU_BUILD_DIR := $(FIRMWARE_DIR)/build/qemu-lm3s6965
QEMU_SCRIPTS := $(FIRMWARE_DIR)/scripts
QEMU_ELF := $(QEMU_BUILD_DIR)/nanorpc-demo.elf
QEMU_PROBE_ELF := $(QEMU_BUILD_DIR)/board-probe.elf
# Library + nanopb runtime with a do-nothing port: what the library alone costs (footprint).
QEMU_LIBONLY_ELF := $(QEMU_BUILD_DIR)/library-only.elf

.PHONY: qemu qemu-test qemu-probe qemu-probe-test qemu-library-only footprint
qemu:
	$(call pio_image,qemu_lm3s6965,firmware.elf,$(QEMU_ELF))
	@cp $(PIO_BUILD_DIR)/qemu_lm3s6965/firmware.map $(QEMU_ELF:.elf=.map)

qemu-probe:
	$(call pio_image,qemu_probe,firmware.elf,$(QEMU_PROBE_ELF))

qemu-library-only:
	$(call pio_image,qemu_library_only,firmware.elf,$(QEMU_LIBONLY_ELF))
	@cp $(PIO_BUILD_DIR)/qemu_library_only/firmware.map $(QEMU_LIBONLY_ELF:.elf=.map)

qemu-test: qemu
	$(PYTHON) $(QEMU_SCRIPTS)/qemu-ping-test.py $(QEMU_ELF)

qemu-probe-test: qemu-probe
	$(PYTHON) $(QEMU_SCRIPTS)/board-probe-test.py $(QEMU_PROBE_ELF)

footprint: qemu qemu-library-only
	$(QEMU_SCRIPTS)/footprint.sh $(QEMU_ELF) $(QEMU_LIBONLY_ELF)
