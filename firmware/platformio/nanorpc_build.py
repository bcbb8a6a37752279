"""PlatformIO pre-build script of the real-board envs (platformio.ini: [arduino_board]).

Gives them the include folders of the demo app and the Arduino port, and demo_device_paths.h
(the demo profile's path hashes, written from proto/demo_device.proto by the same generator as
the offline envs). The library comes by lib_deps (firmware/nanorpc/library.json).
The nanopb .pb.c/.pb.h files come from Nanopb's own PlatformIO hook (custom_nanopb_protos);
their folder is added here too, so the firmware sources find them whatever that hook exports.
"""
import filecmp
import os
import subprocess

Import('env')  # noqa: F821 (SCons injects Import)

project_dir = env.subst('$PROJECT_DIR')  # noqa: F821
build_dir = env.subst('$BUILD_DIR')  # noqa: F821
gen_dir = os.path.join(build_dir, 'nanorpc-gen')
os.makedirs(gen_dir, exist_ok=True)

# Regenerate on every build, but replace the header only when it changed: no needless rebuilds.
header = os.path.join(gen_dir, 'demo_device_paths.h')
fresh = header + '.new'
subprocess.run(
    [
        env.subst('$PYTHONEXE'),  # noqa: F821
        os.path.join(project_dir, 'scripts', 'firmware', 'gen_path_hashes.py'),
        os.path.join(project_dir, 'proto', 'demo_device.proto'),
        fresh,
    ],
    check=True,
)
if os.path.exists(header) and filecmp.cmp(fresh, header, shallow=False):
    os.remove(fresh)
else:
    os.replace(fresh, header)

env.Append(  # noqa: F821
    CPPPATH=[
        os.path.join(project_dir, 'firmware', 'app'),
        os.path.join(project_dir, 'firmware', 'ports', 'arduino'),
        gen_dir,
        os.path.join(build_dir, 'nanopb', 'generated-src'),
    ]
)
