"""PlatformIO pre-build script: C code from the .proto files of a NanoRPC firmware.

For each file of the env option `custom_nanorpc_protos` (paths relative to the project):
  - nanopb's generator (Debian's nanopb_generator.py, the same as the make builds) writes
    <stem>.pb.h and <stem>.pb.c, with <stem>.options beside the .proto if there is one;
  - when the file has rpcs with `option (nanorpc).request_path`, `nanorpc-hil gen c` writes
    <stem>_paths.h (each path, its FNV-1a hash, the count) and the handler table
    <stem>_handlers.h / <stem>_handlers.c, which the firmware fills by defining the functions
    the header declares (firmware/README.md, "Generated C for the dispatcher"). The command is
    this repository's built harness, else the project's node_modules/.bin/nanorpc-hil
    (nanorpc_gen_c.py); without either the build stops: run `npm run build` first.
nanorpc.proto (proto/ of this repository, always on the import path) is generated too, with the
library's own options (firmware/nanorpc/proto/nanorpc.options), whenever a listed file imports
it: the generated header of such a file includes nanorpc.pb.h. The files go to
$BUILD_DIR/nanorpc-gen/NanoRPCGenerated/, a library folder (with its library.json) in a
library storage added for this build: the Library Dependency Finder builds it as soon as a
source includes one of its headers, with nanopb's and the NanoRPC library's include folders,
exactly like a library of lib_deps. Regenerated on every build, replaced only when they change
(no needless rebuilds).

Options (platformio.ini):
  custom_nanorpc_protos      .proto files, one per line
  custom_nanorpc_proto_path  more folders for `import` (relative to the project), one per line
"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

Import('env')  # noqa: F821 (SCons injects Import)

env = env  # noqa: F821,PLW0127 (the SCons environment PlatformIO exports)
# This script's folder (SCons runs it with exec(): no __file__), then firmware/ above it.
SCRIPT = next(s for s in env.GetExtraScripts('pre') if s.endswith('nanorpc_codegen.py'))
FIRMWARE_DIR = os.path.dirname(os.path.dirname(SCRIPT))
REPO_DIR = os.path.dirname(FIRMWARE_DIR)
SCHEMA_DIR = os.path.join(REPO_DIR, 'proto')
NANORPC_OPTIONS = os.path.join(FIRMWARE_DIR, 'nanorpc', 'proto', 'nanorpc.options')
sys.path.insert(0, os.path.dirname(SCRIPT))
from nanorpc_gen_c import GenCError, gen_c, gen_c_command, has_request_paths  # noqa: E402


LIBRARY_JSON = """{
  "name": "NanoRPCGenerated",
  "version": "0.0.0",
  "description": "nanopb code, request-path hashes and handler tables generated for this build (nanorpc_codegen.py)",
  "build": {"includeDir": ".", "srcDir": "."}
}
"""


def option_list(name):
    return [item for item in env.GetProjectOption(name, '').split() if item]


def project_path(path):
    return os.path.normpath(os.path.join(env.subst('$PROJECT_DIR'), path))


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.stderr.write('nanorpc_codegen: %s failed\n' % ' '.join(args))
        env.Exit(1)


def fail(message):
    sys.stderr.write('nanorpc_codegen: %s\n' % message)
    env.Exit(1)


def generate(proto, proto_path, scratch, gen_c_argv):
    """nanopb's files of `proto`, and gen c's when it has request paths (gen_c_argv is set)."""
    stem = os.path.splitext(os.path.basename(proto))[0]
    options = NANORPC_OPTIONS if stem == 'nanorpc' else os.path.splitext(proto)[0] + '.options'
    args = ['nanopb_generator.py', '-q', '-D', scratch]
    args += ['-I%s' % folder for folder in proto_path]
    if os.path.isfile(options):
        args += ['-f', options]
    run(args + [proto])
    if has_request_paths(proto):
        try:
            gen_c(gen_c_argv, proto, scratch, proto_path)
        except GenCError as error:
            fail(error)


def find_gen_c(protos):
    """The nanorpc-hil command, when some .proto has request paths (else None: not needed)."""
    if not any(has_request_paths(p) for p in protos):
        return None
    try:
        return gen_c_command(REPO_DIR, env.subst('$PROJECT_DIR'))
    except GenCError as error:
        fail(error)


def replace_changed(scratch, gen_dir):
    fresh_names = set(os.listdir(scratch))
    for name in fresh_names:
        fresh, current = os.path.join(scratch, name), os.path.join(gen_dir, name)
        if not (os.path.exists(current) and filecmp.cmp(fresh, current, shallow=False)):
            shutil.copyfile(fresh, current)
    # A file no .proto gives any more (a stale handler table would still be compiled).
    for name in set(os.listdir(gen_dir)) - fresh_names:
        os.remove(os.path.join(gen_dir, name))


def imports_schema(proto):
    with open(proto, encoding='utf-8') as text:
        return 'import "nanorpc.proto"' in text.read()


protos = [project_path(p) for p in option_list('custom_nanorpc_protos')]
schema = os.path.join(SCHEMA_DIR, 'nanorpc.proto')
if any(imports_schema(p) for p in protos) and schema not in protos:
    protos.insert(0, schema)
if protos:
    proto_path = [os.path.dirname(p) for p in protos]
    proto_path += [project_path(p) for p in option_list('custom_nanorpc_proto_path')]
    proto_path.append(SCHEMA_DIR)
    proto_path = list(dict.fromkeys(proto_path))
    storage = os.path.join(env.subst('$BUILD_DIR'), 'nanorpc-gen')
    gen_dir = os.path.join(storage, 'NanoRPCGenerated')
    os.makedirs(gen_dir, exist_ok=True)
    gen_c_argv = find_gen_c(protos)
    with tempfile.TemporaryDirectory(dir=env.subst('$BUILD_DIR')) as scratch:
        for proto in protos:
            generate(proto, proto_path, scratch, gen_c_argv)
        with open(os.path.join(scratch, 'library.json'), 'w', encoding='utf-8') as manifest:
            manifest.write(LIBRARY_JSON)
        replace_changed(scratch, gen_dir)
    env.Append(LIBSOURCE_DIRS=[storage])
