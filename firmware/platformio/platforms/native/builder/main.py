"""SCons build script of the native platform: a host program built with the gcc on PATH
($BUILD_DIR/program), which `pio run -t exec` runs and `pio test` runs on the host."""
from SCons.Script import AlwaysBuild, Default, DefaultEnvironment

env = DefaultEnvironment()
env.Replace(AR="ar", AS="as", CC="gcc", CXX="g++", RANLIB="ranlib", SIZETOOL="size")
env.Append(CFLAGS=["-std=c11"])

program = env.BuildProgram()
AlwaysBuild(env.Alias("exec", program, "$PROGPATH"))
Default([program])
