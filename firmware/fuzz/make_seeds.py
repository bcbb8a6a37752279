#!/usr/bin/env python3
"""Writes raw seed inputs for the fuzz targets, and the dictionary nanorpc.dict.

Seeds come from the wire vectors (every frame_hex) and from the frames the scenario suite
sends: send-raw steps (hex, with or without lengthPrefix, or a request), and the request,
subscribe, unsubscribe and ping steps, whose payloads (hex, utf8, or json of a demo message)
are encoded here. Each frame is a seed alone, and each scenario file's frames together form one
more (a subscribe before a publish reaches the update path).

    make_seeds.py OUT_DIR   writes OUT_DIR/device_rx/ and OUT_DIR/serial_resync/

run.sh --seed then keeps a minimal subset with libFuzzer's -merge=1 in corpus/<target>/.
"""
import glob
import hashlib
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

TYPES = {"UNSPECIFIED": 0, "PING": 1, "REQUEST": 2, "SUBSCRIBE": 3}
# The demo messages' fields by JSON name: (field number, kind). Names are unique over the demo
# schema (proto/demo_device.proto), so one table serves every path.
DEMO_FIELDS = {
    "a": (1, "int32"), "b": (2, "int32"), "action": (1, "enum"),
    "minMilliCelsius": (1, "sint32"), "count": (1, "uint32"),
    "startMilliCelsius": (2, "sint32"), "stepMilliCelsius": (3, "sint32"),
}
LED_ACTIONS = {"ACTION_READ": 0, "ACTION_OFF": 1, "ACTION_ON": 2, "ACTION_TOGGLE": 3}


def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value) if value else b""


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data if data else b""


def fnv1a(text):
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def frame(body):
    return varint(len(body)) + body


def request(request_id, kind, path=None, path_hash=None, data=b""):
    body = field_varint(1, request_id) + field_varint(2, kind)
    if path_hash is not None:
        body += varint(3 << 3) + varint(path_hash)
    if path is not None:
        body += field_bytes(4, path.encode())
    return frame(body + field_bytes(10, data))


def payload(spec):
    """Bytes of a {hex|utf8|json} payload; None when it cannot be encoded here."""
    if not isinstance(spec, dict):
        return b""
    text = json.dumps(spec)
    if "${" in text or "$" in "".join(str(k) for k in spec):
        return None
    if "hex" in spec:
        return bytes.fromhex(str(spec["hex"]).replace(" ", ""))
    if "utf8" in spec:
        return str(spec["utf8"]).encode()
    if "json" in spec and isinstance(spec["json"], dict):
        out = b""
        for name, value in spec["json"].items():
            if name not in DEMO_FIELDS:
                return None
            number, kind = DEMO_FIELDS[name]
            if kind == "enum":
                value = LED_ACTIONS.get(value, value)
            if not isinstance(value, int):
                return None
            if kind == "sint32":
                value = (value << 1) ^ (value >> 31)
            out += field_varint(number, value)
        return out
    return b""


def path_of(step):
    if "hash" in step:
        return None, int(str(step["hash"]), 0)
    return step.get("path"), None


def scenario_frames(document):
    """Frames one scenario sends, in order; steps nested in groups are walked too."""
    frames, ids, next_id = [], {}, [1]

    def new_id():
        next_id[0] += 1
        return next_id[0]

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        raw = node.get("send-raw")
        if isinstance(raw, dict) and isinstance(raw.get("hex"), str) and "${" not in raw["hex"]:
            data = bytes.fromhex(raw["hex"].replace(" ", ""))
            frames.append(frame(data) if raw.get("lengthPrefix") else data)
        elif isinstance(raw, dict) and isinstance(raw.get("request"), dict):
            r = raw["request"]
            data = payload(r.get("data"))
            path, path_hash = path_of(r)
            frames.append(request(int(r.get("requestId", new_id())), TYPES[r.get("type", "REQUEST")],
                                  path, path_hash, data or b""))
        for key, kind in (("request", 2), ("subscribe", 3)):
            step = node.get(key)
            if isinstance(step, dict) and ("path" in step or "hash" in step):
                data = payload(step.get("data" if kind == 2 else "filter"))
                if data is not None:
                    path, path_hash = path_of(step)
                    request_id = new_id()
                    if "as" in step:
                        ids[step["as"]] = (request_id, path, path_hash)
                    frames.append(request(request_id, kind, path, path_hash, data))
        step = node.get("unsubscribe")
        if isinstance(step, dict) and step.get("subscription") in ids:
            request_id, path, path_hash = ids[step["subscription"]]
            frames.append(request(request_id, 2, path, path_hash))
        if "ping" in node:
            frames.append(request(new_id(), 1))
        if "reboot" in node:
            frames.append(request(new_id(), 2, "/sys/reboot"))
        for key in ("steps", "each", "do", "then"):
            walk(node.get(key))

    walk(document.get("steps") if isinstance(document, dict) else None)
    return frames


def wire_vector_frames():
    found = sorted(glob.glob(os.path.join(REPO, "*", "test", "fixtures", "wire-vectors.json")))
    frames = []
    for path in found[:1]:
        with open(path) as handle:
            frames += [bytes.fromhex(f["frame_hex"]) for f in json.load(handle)["frames"]]
    return frames


# Seed layouts: the headers the targets expect (fuzz_device_rx.c, fuzz_serial_resync.c).
def device_rx_seeds(stream):
    yield b"\x00\x00\x00" + stream  # serial, reads of any size
    yield b"\x01\x00\x00" + stream  # stream link
    yield b"\x00\x00\x02\x01\x07" + stream  # serial, reads of 1 and 7 bytes


def serial_resync_seeds(stream):
    clock = b"\xf0\xff\xff\xff"  # near the 32-bit wrap
    ops = b""
    for start in range(0, len(stream), 63):
        chunk = stream[start:start + 63]
        ops += bytes([0x04, len(chunk)]) + chunk  # noise, 1 ms later
    yield clock + b"\x00" + ops + b"\x01\x00"  # then a gap and a ping
    yield clock + b"\x05" + ops + b"\x02\x03\x05" + b"\x03\x20\x10abcdefgh" + b"\x01\x0b" + b"xyzzy"


def write(out_dir, target, data):
    os.makedirs(os.path.join(out_dir, target), exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out_dir, target, name), "wb") as handle:
        handle.write(data)


def dictionary():
    with open(os.path.join(REPO, "proto", "demo_device.proto")) as handle:
        paths = re.findall(r'request_path\s*=\s*"([^"]+)"', handle.read())
    entries = []
    for path in paths:
        entries.append(field_bytes(4, path.encode()))
        entries.append(varint(3 << 3) + varint(fnv1a(path)))
    entries += [bytes([0x10, t]) for t in (1, 2, 3)] + [b"\x08\x01", b"\x52\x00"]
    text = "# Generated by make_seeds.py: demo paths by string and by hash, field keys.\n"
    return text + "".join('"%s"\n' % "".join("\\x%02x" % b for b in e) for e in entries)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    streams = [f for f in wire_vector_frames()]
    for path in sorted(glob.glob(os.path.join(REPO, "scenarios", "**", "*.yaml"), recursive=True)):
        with open(path) as handle:
            frames = scenario_frames(yaml.safe_load(handle))
        streams += frames
        if len(frames) > 1:
            streams.append(b"".join(frames))
    for stream in streams:
        for seed in device_rx_seeds(stream):
            write(out_dir, "device_rx", seed)
        for seed in serial_resync_seeds(stream):
            write(out_dir, "serial_resync", seed)
    with open(os.path.join(HERE, "nanorpc.dict"), "w") as handle:
        handle.write(dictionary())
    print("make_seeds: %d streams -> %s" % (len(streams), out_dir))


if __name__ == "__main__":
    main()
