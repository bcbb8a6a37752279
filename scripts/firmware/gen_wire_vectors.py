#!/usr/bin/env python3
"""Writes a C header with the NanoRPC wire vectors of a JSON file (core/test/fixtures/
wire-vectors.json), so the firmware's unit tests check every vector the TypeScript codec does.

usage: gen_wire_vectors.py VECTORS_JSON OUTPUT_HEADER
"""
import json
import os
import sys

REQUEST_TYPES = {"TYPE_UNSPECIFIED": 0, "TYPE_PING": 1, "TYPE_REQUEST": 2, "TYPE_SUBSCRIBE": 3}
RESPONSE_TYPES = {"TYPE_UNSPECIFIED": 0, "TYPE_PONG": 1, "TYPE_RESPONSE": 2, "TYPE_UPDATE": 3}
STATUSES = {
    "STATUS_UNSPECIFIED": 0,
    "STATUS_OK": 1,
    "STATUS_NOT_FOUND": 2,
    "STATUS_NOT_AUTHORIZED": 3,
    "STATUS_INTERNAL_ERROR": 4,
}
KNOWN_FIELDS = {
    "request_id", "request_type", "path", "path_hash", "data_utf8", "data_hex",
    "response_type", "response_status", "response_message",
}


def c_bytes(data: bytes) -> str:
    if not data:
        return "NULL, 0"
    return "(const uint8_t[]){" + ", ".join(f"0x{b:02x}" for b in data) + f"}}, {len(data)}"


def c_string(text):
    if text is None:
        return "NULL"
    raw = text.encode("utf-8")
    return '"' + "".join(
        chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F) else f"\\{b:03o}" for b in raw
    ) + '"'


def vector_entry(frame: dict) -> str:
    fields = frame["fields"]
    unknown = set(fields) - KNOWN_FIELDS
    if unknown:
        raise ValueError(f"vector {frame['name']}: unknown fields {sorted(unknown)}")
    is_request = frame["message"] == "NanoRPCRequest"
    if not is_request and frame["message"] != "NanoRPCResponse":
        raise ValueError(f"vector {frame['name']}: unknown message {frame['message']}")
    data = b""
    if "data_utf8" in fields:
        data = fields["data_utf8"].encode("utf-8")
    if "data_hex" in fields:
        data = bytes.fromhex(fields["data_hex"])
    if is_request:
        kind = REQUEST_TYPES[fields.get("request_type", "TYPE_UNSPECIFIED")]
        status = 0
    else:
        kind = RESPONSE_TYPES[fields.get("response_type", "TYPE_UNSPECIFIED")]
        status = STATUSES[fields.get("response_status", "STATUS_UNSPECIFIED")]
    body = bytes.fromhex(frame["body_hex"])
    whole = bytes.fromhex(frame["frame_hex"])
    if not whole.endswith(body):
        raise ValueError(f"vector {frame['name']}: frame_hex does not end with body_hex")
    return (
        "    {"
        + ", ".join(
            [
                c_string(frame["name"]),
                "true" if is_request else "false",
                str(int(fields.get("request_id", 0))),
                str(kind),
                str(status),
                "true" if "path_hash" in fields else "false",
                f"{int(fields.get('path_hash', 0))}u",
                c_string(fields.get("path")),
                c_string(fields.get("response_message")),
                c_bytes(data),
                c_bytes(whole),
                str(len(whole) - len(body)),
            ]
        )
        + "},"
    )


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        vectors = json.load(f)
    lines = [
        f"/* Generated from {os.path.basename(sys.argv[1])} by scripts/firmware/gen_wire_vectors.py:",
        " * do not edit. */",
        "#ifndef WIRE_VECTORS_H",
        "#define WIRE_VECTORS_H",
        "",
        "#include <stdbool.h>",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "typedef struct wire_vector {",
        "    const char *name;",
        "    bool is_request;",
        "    int32_t request_id;",
        "    uint32_t type; /* request_type or response_type */",
        "    uint32_t status;",
        "    bool has_path_hash;",
        "    uint32_t path_hash;",
        "    const char *path;",
        "    const char *message;",
        "    const uint8_t *data;",
        "    size_t data_length;",
        "    const uint8_t *frame;",
        "    size_t frame_length;",
        "    size_t prefix_length;",
        "} wire_vector_t;",
        "",
        "static const wire_vector_t wire_vectors[] = {",
    ]
    lines += [vector_entry(frame) for frame in vectors["frames"]]
    lines += ["};", "", "typedef struct fnv1a_vector {", "    const char *text;", "    uint32_t hash;",
              "} fnv1a_vector_t;", "", "static const fnv1a_vector_t fnv1a_vectors[] = {"]
    lines += [f"    {{{c_string(text)}, {value}u}}," for text, value in vectors["fnv1a32"].items()]
    lines += ["};", "", "#endif /* WIRE_VECTORS_H */", ""]
    os.makedirs(os.path.dirname(os.path.abspath(sys.argv[2])), exist_ok=True)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
