"""NanoRPC frames as bytes, for the Python checks: varints, protobuf fields, path hashes.

Written out by hand (no protobuf package) so the checks depend on nothing but python3 and read
the bytes as a device writes them.
"""


def varint(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def read_varint(data, pos):
    """(value, position after it) of the varint at data[pos]."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def fields(body):
    """{field number: last value}: ints for varints, bytes for length-delimited fields."""
    out, pos = {}, 0
    while pos < len(body):
        key, pos = read_varint(body, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            out[number], pos = read_varint(body, pos)
        elif wire_type == 2:
            length, pos = read_varint(body, pos)
            out[number], pos = body[pos:pos + length], pos + length
        else:
            raise AssertionError(f'unexpected wire type {wire_type} in {body.hex()}')
    return out


def fnv1a(text):
    """The 32-bit FNV-1a hash of a path, as NanoRPC's path_hash."""
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h
