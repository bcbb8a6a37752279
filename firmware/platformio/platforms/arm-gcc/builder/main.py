"""SCons build script of the arm-gcc platform: a bare-metal Cortex-M image linked by the
arm-none-eabi-gcc on PATH with newlib-nano, no crt0 and no syscalls (the firmware brings its own
startup code and linker script: board_build.ldscript). Writes firmware.elf, its link map
(firmware.map, read by the footprint report) and firmware.bin."""
from SCons.Script import AlwaysBuild, Default, DefaultEnvironment

env = DefaultEnvironment()
board = env.BoardConfig()
arch = ["-mcpu=%s" % board.get("build.cpu"), "-mthumb"]

env.Replace(
    AR="arm-none-eabi-ar",
    AS="arm-none-eabi-as",
    CC="arm-none-eabi-gcc",
    CXX="arm-none-eabi-g++",
    OBJCOPY="arm-none-eabi-objcopy",
    RANLIB="arm-none-eabi-ranlib",
    SIZETOOL="arm-none-eabi-size",
    PROGNAME="firmware",
    PROGSUFFIX=".elf",
    # flash = text + data, RAM = data + bss, as firmware/scripts/footprint.sh counts them
    SIZEPROGREGEXP=r"^(?:\.text|\.data|\.ARM\.exidx)\s+(\d+).*",
    SIZEDATAREGEXP=r"^(?:\.data|\.bss|\.noinit)\s+(\d+).*",
    SIZECHECKCMD="$SIZETOOL -A -d $SOURCES",
    SIZEPRINTCMD="$SIZETOOL -B -d $SOURCES",
)
env.Append(
    ASFLAGS=arch,
    CCFLAGS=arch + ["-Os", "-g", "-ffunction-sections", "-fdata-sections", "-fno-common"],
    CFLAGS=["-std=c11"],
    # -nostartfiles must reach the linker, which build_flags would not do.
    LINKFLAGS=arch
    + [
        "--specs=nano.specs",
        "-nostartfiles",
        "-Wl,--gc-sections",
        "-Wl,--no-warn-rwx-segments",
        "-Wl,-Map=${BUILD_DIR}/${PROGNAME}.map",
    ],
)

program = env.BuildProgram()
binary = env.Command(
    "$BUILD_DIR/${PROGNAME}.bin",
    program,
    env.VerboseAction("$OBJCOPY -O binary $SOURCE $TARGET", "Building $TARGET"),
)
size = env.Alias("size", program, env.VerboseAction("$SIZEPRINTCMD", "Calculating size $SOURCE"))
AlwaysBuild(size)
Default([program, binary, size])
