"""PlatformIO pre-build script of the real-board envs (platformio.ini: [arduino_board]).

Gives them the include folders of the demo app and the Arduino port, and what
`nanorpc-hil gen c` writes from proto/demo_device.proto: demo_device_paths.h and the handler
table demo_device_handlers.h/.c that the demo app fills (the same generator as the offline envs,
nanorpc_gen_c.py; the harness must be built: `npm run build`). Those three files are a library
folder of this build (NanoRPCPaths, with its library.json), which the Library Dependency Finder
compiles as soon as the app includes demo_device_handlers.h, with the NanoRPC library's include
folder. The library itself comes by lib_deps (firmware/nanorpc/library.json).
The nanopb .pb.c/.pb.h files come from Nanopb's own PlatformIO hook (custom_nanopb_protos);
their folder is added here too, so the firmware sources find them whatever that hook exports.
"""
import filecmp
import os
import shutil
import sys
import tempfile

Import('env')  # noqa: F821 (SCons injects Import)

env = env  # noqa: F821,PLW0127 (the SCons environment PlatformIO exports)
# This script's folder (SCons runs it with exec(): no __file__).
SCRIPT = next(s for s in env.GetExtraScripts('pre') if s.endswith('nanorpc_build.py'))
sys.path.insert(0, os.path.dirname(SCRIPT))
from nanorpc_gen_c import GenCError, gen_c, gen_c_command  # noqa: E402

LIBRARY_JSON = """{
  "name": "NanoRPCPaths",
  "version": "0.0.0",
  "description": "request-path hashes and the handler table of demo_device.proto (nanorpc_build.py)",
  "build": {"includeDir": ".", "srcDir": "."}
}
"""

project_dir = env.subst('$PROJECT_DIR')
build_dir = env.subst('$BUILD_DIR')
storage = os.path.join(build_dir, 'nanorpc-gen')
gen_dir = os.path.join(storage, 'NanoRPCPaths')
os.makedirs(gen_dir, exist_ok=True)

# Regenerate on every build, but replace a file only when it changed: no needless rebuilds.
with tempfile.TemporaryDirectory(dir=build_dir) as scratch:
    try:
        gen_c(gen_c_command(project_dir, project_dir),
              os.path.join(project_dir, 'proto', 'demo_device.proto'), scratch)
    except GenCError as error:
        sys.stderr.write('nanorpc_build: %s\n' % error)
        env.Exit(1)
    with open(os.path.join(scratch, 'library.json'), 'w', encoding='utf-8') as manifest:
        manifest.write(LIBRARY_JSON)
    for name in os.listdir(scratch):
        fresh, current = os.path.join(scratch, name), os.path.join(gen_dir, name)
        if not (os.path.exists(current) and filecmp.cmp(fresh, current, shallow=False)):
            shutil.copyfile(fresh, current)

env.Append(
    LIBSOURCE_DIRS=[storage],
    CPPPATH=[
        os.path.join(project_dir, 'firmware', 'app'),
        os.path.join(project_dir, 'firmware', 'ports', 'arduino'),
        os.path.join(build_dir, 'nanopb', 'generated-src'),
    ],
)
