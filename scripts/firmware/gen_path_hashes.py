#!/usr/bin/env python3
"""Writes a C header with the NanoRPC paths of a .proto service and their FNV-1a hashes.

Reads the `option (nanorpc).request_path = "...";` of every rpc from the .proto text, so the
firmware's handler table is keyed by hashes computed at build time from the same schema the
harness and the emulator use. Fails on a duplicate path, a hash collision or a path longer
than the schema's max_size. `nanorpc-hil gen c` writes the same header (and the handler table
skeleton); harness/test/codegen/python-parity.test.ts keeps the two equal.

usage: gen_path_hashes.py PROTO OUTPUT_HEADER [--max-path-length 50]
"""
import argparse
import os
import re
import sys

RPC = re.compile(
    r"\brpc\s+(\w+)\s*\(\s*(stream\s+)?([\w.]+)\s*\)\s*returns\s*\(\s*(stream\s+)?([\w.]+)\s*\)"
    r"\s*(\{(?:[^{}]|\{[^{}]*\})*\}|;)",
    re.S,
)
REQUEST_PATH = re.compile(r'option\s*\(\s*nanorpc\s*\)\s*\.\s*request_path\s*=\s*"((?:[^"\\]|\\.)*)"\s*;')


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    # Line comments, but not inside string literals (paths contain slashes).
    return re.sub(r'("(?:[^"\\\n]|\\.)*")|//[^\n]*', lambda m: m.group(1) or "", text)


def proto_unescape(literal: str) -> bytes:
    """The bytes of a .proto string literal's content (protobuf text escapes)."""
    simple = {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\", '"': b'"', "'": b"'"}
    out = bytearray()
    i = 0
    while i < len(literal):
        ch = literal[i]
        if ch != "\\" or i + 1 == len(literal):
            out += ch.encode("utf-8")
            i += 1
            continue
        nxt = literal[i + 1]
        hex_match = re.match(r"[xX]([0-9a-fA-F]{1,2})", literal[i + 1 :])
        oct_match = re.match(r"[0-7]{1,3}", literal[i + 1 :])
        if hex_match:
            out.append(int(hex_match.group(1), 16))
            i += 1 + len(hex_match.group(0))
        elif oct_match:
            out.append(int(oct_match.group(0), 8) & 0xFF)
            i += 1 + len(oct_match.group(0))
        else:
            out += simple.get(nxt, nxt.encode("utf-8"))
            i += 2
    return bytes(out)


def c_string(raw: bytes) -> str:
    """A C string literal holding exactly `raw` (octal escapes cannot run into the next char)."""
    return '"' + "".join(
        chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F) else f"\\{b:03o}" for b in raw
    ) + '"'


def macro_name(prefix: str, path: str) -> str:
    return prefix + "_PATH_" + re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_").upper()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("proto")
    parser.add_argument("output")
    parser.add_argument("--max-path-length", type=int, default=50)
    args = parser.parse_args()

    with open(args.proto, encoding="utf-8") as f:
        text = strip_comments(f.read())
    stem = os.path.splitext(os.path.basename(args.proto))[0]
    prefix = re.sub(r"[^A-Za-z0-9]+", "_", stem).upper()

    entries = []
    errors = []
    for rpc in RPC.finditer(text):
        name, req_stream, req_type, resp_stream, resp_type, body = rpc.groups()
        found = REQUEST_PATH.search(body)
        if not found:
            continue
        raw = proto_unescape(found.group(1))
        path = raw.decode("utf-8", errors="replace")
        if not raw:
            errors.append(f"rpc {name}: empty request_path")
        if len(raw) > args.max_path_length:
            errors.append(f"rpc {name}: path {path!r} is longer than {args.max_path_length} bytes")
        signature = f"rpc {name}({req_stream or ''}{req_type}) returns ({resp_stream or ''}{resp_type})"
        entries.append((macro_name(prefix, path), raw, fnv1a32(raw), signature))

    if not entries:
        errors.append(f"{args.proto}: no rpc with (nanorpc).request_path")
    for i, (macro, raw, digest, _) in enumerate(entries):
        path = raw.decode("utf-8", errors="replace")
        for other_macro, other_raw, other_digest, _ in entries[:i]:
            other_path = other_raw.decode("utf-8", errors="replace")
            if raw == other_raw:
                errors.append(f"path {path!r} is served by two rpcs")
            elif digest == other_digest:
                errors.append(f"hash collision: {path!r} and {other_path!r} both hash to 0x{digest:08x}")
            elif macro == other_macro:
                errors.append(f"paths {path!r} and {other_path!r} give the same name {macro}")
    if errors:
        for error in errors:
            print(f"gen_path_hashes: {error}", file=sys.stderr)
        return 1

    guard = prefix + "_PATHS_H"
    lines = [
        # The same bytes as `nanorpc-hil gen c` (harness/test/codegen checks it): no tool name.
        f"/* Generated from {os.path.basename(args.proto)} (its (nanorpc).request_path options): do not edit.",
        " * Each path and its FNV-1a 32 hash; nanorpc-hil gen c and gen_path_hashes.py write this. */",
        f"#ifndef {guard}",
        f"#define {guard}",
        "",
    ]
    for macro, raw, digest, signature in entries:
        lines.append(f"/* {signature} */")
        lines.append(f"#define {macro} {c_string(raw)}")
        lines.append(f"#define {macro}_HASH 0x{digest:08x}u")
    lines += ["", f"#define {prefix}_PATH_COUNT {len(entries)}", "", f"#endif /* {guard} */", ""]

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
