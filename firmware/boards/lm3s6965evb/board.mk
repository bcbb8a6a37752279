# Board layer of the LM3S6965 evaluation board (QEMU -M lm3s6965evb): include from a port
# makefile, then compile BOARD_LM3S_SRCS with BOARD_LM3S_CFLAGS and link with BOARD_LM3S_LDFLAGS.
# Set BOARD_LM3S_DIR first to spell the paths your way (make drops a leading "./" from the
# names in MAKEFILE_LIST, which the fallback below reads).
BOARD_LM3S_DIR ?= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

BOARD_LM3S_CC := arm-none-eabi-gcc
BOARD_LM3S_SIZE := arm-none-eabi-size
BOARD_LM3S_ARCH := -mcpu=cortex-m3 -mthumb
BOARD_LM3S_CFLAGS := $(BOARD_LM3S_ARCH) -Os -std=c11 -Wall -Wextra -Werror \
  -ffunction-sections -fdata-sections -fno-common -g -I$(BOARD_LM3S_DIR)
# newlib-nano supplies memcpy/memset/strlen and libgcc the 64-bit helpers; no crt0, no syscalls.
BOARD_LM3S_LDFLAGS := $(BOARD_LM3S_ARCH) --specs=nano.specs -nostartfiles \
  -T $(BOARD_LM3S_DIR)/lm3s6965evb.ld -Wl,--gc-sections -Wl,--no-warn-rwx-segments
BOARD_LM3S_SRCS := $(addprefix $(BOARD_LM3S_DIR)/,startup.c board.c uart0.c systick_clock.c)
