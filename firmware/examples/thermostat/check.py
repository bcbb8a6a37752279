#!/usr/bin/env python3
"""Requests to the example thermostat, checked answer by answer.

Usage: check.py native PROGRAM     frames through the program's stdin/stdout
       check.py qemu IMAGE.elf     frames through the UART of QEMU lm3s6965evb
Prints one line per check and "N passed, M failed". Frames are built and read as bytes, with
the FNV-1a path hash computed in Python, so this checks the generated hashes and handler table
too.
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
# The shared helpers live with the firmware's other Python checks.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'scripts'))

from nanorpc_wire import fields, fnv1a, read_varint, varint  # noqa: E402

TYPE_REQUEST, TYPE_RESPONSE = 2, 2
OK, NOT_FOUND, INTERNAL_ERROR = 1, 2, 4


def temperature(centi):  # Temperature{sint32 centi_celsius = 1}
    return b'\x08' + varint(((centi << 1) ^ (centi >> 31)) & 0xFFFFFFFF)


def request(request_id, path, data=b'', by_hash=False):
    body = b'\x08' + varint(request_id) + b'\x10' + varint(TYPE_REQUEST)
    if by_hash:
        body += b'\x18' + varint(fnv1a(path))
    else:
        body += b'\x22' + varint(len(path)) + path.encode()
    if data:
        body += b'\x52' + varint(len(data)) + data
    return varint(len(body)) + body


def frames(stream):
    pos, out = 0, []
    while pos < len(stream):
        length, pos = read_varint(stream, pos)
        out.append(fields(stream[pos:pos + length]))
        pos += length
    return out


def unzigzag(value):
    return (value >> 1) ^ -(value & 1)


def status_of(data):
    status = fields(data)
    return (unzigzag(fields(status.get(1, b'')).get(1, 0)),
            unzigzag(fields(status.get(2, b'')).get(1, 0)), bool(status.get(3, 0)))


# (title, request frame, expected status, check of the answer fields)
CHECKS = [
    ('status by path string', request(1, '/thermostat/status'), OK,
     lambda r: status_of(r.get(10, b'')) == (2000, 1850, True)),
    ('setpoint by path hash', request(2, '/thermostat/setpoint', temperature(1750), True), OK,
     lambda r: status_of(r.get(10, b'')) == (1750, 1850, False)),
    ('setpoint out of range refused', request(3, '/thermostat/setpoint', temperature(4000)),
     INTERNAL_ERROR, lambda r: r.get(4) == b'setpoint out of range (500..3000)'),
    ('a path of the demo profile is unknown here', request(4, '/echo', b'x'), NOT_FOUND,
     lambda r: r.get(4) == b'no handler registered for path'),
    ('the setpoint stayed at 17.50', request(5, '/thermostat/status'), OK,
     lambda r: status_of(r.get(10, b'')) == (1750, 1850, False)),
]


def exchange_native(program):
    sent = b''.join(frame for _, frame, _, _ in CHECKS)
    done = subprocess.run([program], input=sent, capture_output=True, timeout=10, check=True)
    return frames(done.stdout)


# TYPE_PING id 1, and its TYPE_PONG STATUS_OK: idempotent, so safe to repeat while booting.
READY_PING = bytes.fromhex('0408011001')
READY_PONG = bytes.fromhex('06080110011801')


def wait_until_answering(session, attempts=10):
    """Pings until the guest answers: on a loaded host its first reply can take seconds."""
    for _ in range(attempts):
        session.write(READY_PING)
        if session.read_exact(len(READY_PONG), 2.0) == READY_PONG:
            session.drain(0.3)  # late answers to earlier attempts
            return
    raise SystemExit('qemu: the guest did not answer a ping in %d attempts' % attempts)


def exchange_qemu(image):
    from qemu_session import FIRST_REPLY_TIMEOUT_S, QemuSession  # noqa: E402
    answers = []
    with QemuSession(image) as session:
        wait_until_answering(session)
        for _, frame, _, _ in CHECKS:
            session.write(frame)
            length = session.read_exact(1, FIRST_REPLY_TIMEOUT_S)[0]
            answers += frames(bytes([length]) + session.read_exact(length, 5.0))
    return answers


def main(argv):
    if len(argv) != 3 or argv[1] not in ('native', 'qemu'):
        sys.stderr.write(__doc__)
        return 2
    answers = (exchange_native if argv[1] == 'native' else exchange_qemu)(argv[2])
    passed = failed = 0
    for index, (title, _, status, check) in enumerate(CHECKS):
        answer = answers[index] if index < len(answers) else {}
        good = (answer.get(1) == index + 1 and answer.get(2) == TYPE_RESPONSE and
                answer.get(3) == status and check(answer))
        print('%s %s' % ('ok  ' if good else 'FAIL', title) + ('' if good else ': %r' % answer))
        passed, failed = passed + good, failed + (not good)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
