# What every build of the firmware compiles (host, QEMU, boards), and how the generated files
# and the nanopb runtime come to be. Include it from a Makefile; paths derive from this file's
# own location, so it works from any directory.
#
# Provides: NANORPC_SRCS DEMO_APP_SRCS NANOPB_SRCS FIRMWARE_INCLUDES FIRMWARE_DEFINES
#           FIRMWARE_GENERATED NANOPB_STAMP, and the rules that make the last two (the unit
#           tests and fuzz targets compile these lists); pio_image, the one way the firmware
#           images are built (PlatformIO, platformio.ini at the repository root).

# Including this file must not change the includer's default goal.
_firmware_saved_goal := $(.DEFAULT_GOAL)

FIRMWARE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
REPO_DIR := $(FIRMWARE_DIR)/..
PROTO_DIR := $(REPO_DIR)/proto
FIRMWARE_SCRIPTS := $(REPO_DIR)/scripts/firmware
GEN_DIR := $(FIRMWARE_DIR)/build/gen

NANOPB_VERSION := 0.4.7
NANOPB_DIR := $(FIRMWARE_DIR)/third_party/nanopb-$(NANOPB_VERSION)
NANOPB_STAMP := $(NANOPB_DIR)/.verified
NANOPB_GENERATOR ?= nanopb_generator.py
PYTHON ?= python3

NANOPB_SRCS := $(addprefix $(NANOPB_DIR)/,pb_common.c pb_decode.c pb_encode.c)

# The library reads and writes the envelope with nanopb's low-level calls: it needs no
# generated code (firmware/README.md, Footprint).
NANORPC_SRCS := \
	$(addprefix $(FIRMWARE_DIR)/nanorpc/src/,fnv1a.c frame_parser.c request_decoder.c \
	response_encoder.c subscription_pool.c device.c)

# demo_device.proto imports nanorpc.proto, so its generated header includes nanorpc.pb.h; the
# tests decode the device's output with NanoRPCResponse_fields.
DEMO_APP_SRCS := \
	$(addprefix $(FIRMWARE_DIR)/app/,demo_app.c demo_payload.c demo_temperature.c) \
	$(GEN_DIR)/demo_device.pb.c $(GEN_DIR)/nanorpc.pb.c

# nanorpc/include holds the public headers; nanorpc/src the library's internal ones, which
# only the unit tests and fuzz targets of this folder reach (`#include "nanorpc/request.h"`).
# A firmware project that uses the library (PlatformIO lib_deps) sees nanorpc/include only.
FIRMWARE_INCLUDES := -I$(FIRMWARE_DIR)/nanorpc/include -I$(FIRMWARE_DIR)/nanorpc/src \
	-I$(FIRMWARE_DIR)/app -I$(GEN_DIR) -I$(NANOPB_DIR)

# Only buffer streams are used, and the library never reports nanopb's error texts (every
# message a device sends is its own), so the wire is unchanged. Savings: README.md, Footprint.
FIRMWARE_DEFINES := -DPB_BUFFER_ONLY -DPB_NO_ERRMSG

FIRMWARE_GENERATED := $(GEN_DIR)/nanorpc.pb.h $(GEN_DIR)/nanorpc.pb.c \
	$(GEN_DIR)/demo_device.pb.h $(GEN_DIR)/demo_device.pb.c $(GEN_DIR)/demo_device_paths.h

$(NANOPB_STAMP): $(FIRMWARE_SCRIPTS)/fetch-nanopb.sh
	$(FIRMWARE_SCRIPTS)/fetch-nanopb.sh $(NANOPB_DIR)

# One generator run writes both .pb files of a proto (grouped target).
$(GEN_DIR)/nanorpc.pb.h $(GEN_DIR)/nanorpc.pb.c &: $(PROTO_DIR)/nanorpc.proto \
		$(FIRMWARE_DIR)/nanorpc/proto/nanorpc.options
	@mkdir -p $(GEN_DIR)
	$(NANOPB_GENERATOR) -q -I$(PROTO_DIR) -D $(GEN_DIR) \
		-f $(FIRMWARE_DIR)/nanorpc/proto/nanorpc.options $(PROTO_DIR)/nanorpc.proto

$(GEN_DIR)/demo_device.pb.h $(GEN_DIR)/demo_device.pb.c &: $(PROTO_DIR)/demo_device.proto \
		$(PROTO_DIR)/nanorpc.proto
	@mkdir -p $(GEN_DIR)
	$(NANOPB_GENERATOR) -q -I$(PROTO_DIR) -D $(GEN_DIR) $(PROTO_DIR)/demo_device.proto

# The same header as `nanorpc-hil gen c` (harness/test/codegen/python-parity.test.ts), without
# needing the harness built.
$(GEN_DIR)/demo_device_paths.h: $(PROTO_DIR)/demo_device.proto $(FIRMWARE_SCRIPTS)/gen_path_hashes.py
	$(PYTHON) $(FIRMWARE_SCRIPTS)/gen_path_hashes.py $< $@

# The images (host program, QEMU demo, footprint probe, board probe) are built by PlatformIO
# only, so make and PlatformIO cannot drift apart; make copies each to the path the harness
# targets and test scripts use. PlatformIO decides what to rebuild, so the goals that call
# this are phony and quick when nothing changed. scripts/pio sets PlatformIO up on first use.
PIO ?= $(REPO_DIR)/scripts/pio
PIO_BUILD_DIR := $(FIRMWARE_DIR)/build/platformio/build

# $(call pio_image,ENV,FILE,DEST): `pio run -e ENV`, then its FILE to DEST (kept when equal).
define pio_image
	@$(PIO) run --silent --project-dir $(REPO_DIR) --environment $(1)
	@mkdir -p $(dir $(3))
	@cmp -s $(PIO_BUILD_DIR)/$(1)/$(2) $(3) || cp $(PIO_BUILD_DIR)/$(1)/$(2) $(3)
endef

.DEFAULT_GOAL := $(_firmware_saved_goal)
