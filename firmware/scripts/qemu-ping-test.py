#!/usr/bin/env python3
"""Raw NanoRPC exchanges with the demo device under QEMU, over its UART pty.

Usage: qemu-ping-test.py IMAGE.elf     Prints one line per check and "N passed, M failed".
Frames are written and read as bytes (a tiny protobuf reader checks responses), so this test
depends on nothing but python3 and the launcher. The full scenario suite is the harness's job.
"""
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from nanorpc_wire import fields, read_varint, varint
from qemu_session import FIRST_REPLY_TIMEOUT_S, run_checks

REPLY_TIMEOUT_S = 5.0
# Longer than the device's serial idle gap (NANORPC_SERIAL_IDLE_GAP_MS, 50 ms).
IDLE_GAP_S = 0.3

PING_1 = bytes.fromhex('0408011001')
PONG_1 = bytes.fromhex('06080110011801')
TYPE_REQUEST, TYPE_RESPONSE, STATUS_OK = 2, 2, 1


def request_frame(request_id, path):
    body = varint(1 << 3) + varint(request_id) + varint(2 << 3) + varint(TYPE_REQUEST)
    body += varint(4 << 3 | 2) + varint(len(path)) + path.encode()
    return varint(len(body)) + body


def read_frame(session, timeout_s=REPLY_TIMEOUT_S):
    prefix = b''
    while not prefix or prefix[-1] & 0x80:
        byte = session.read_exact(1, timeout_s)
        assert byte, f'no frame within {timeout_s}s (prefix so far {prefix.hex()})'
        prefix += byte
    length, _ = read_varint(prefix, 0)
    body = session.read_exact(length, timeout_s)
    assert len(body) == length, f'frame cut: {len(body)} of {length} bytes'
    return body


def call(session, request_id, path):
    session.write(request_frame(request_id, path))
    response = fields(read_frame(session))
    got = (response.get(1, 0), response.get(2, 0), response.get(3, 0))
    assert got == (request_id, TYPE_RESPONSE, STATUS_OK), f'{path}: (id, type, status) = {got}'
    return response


def sys_info(session, request_id):
    info = fields(call(session, request_id, '/sys/info').get(10, b''))
    return info.get(3, 0), info.get(7, 0)  # uptime_ms, boot_count


def check_ping(session):
    session.write(PING_1)
    got = session.read_exact(len(PONG_1), FIRST_REPLY_TIMEOUT_S)
    assert got == PONG_1, f'expected {PONG_1.hex()}, got {got.hex()}'


def check_ping_large_id(session):
    # id 2^31 - 1: the largest int32, a 5-byte varint.
    body = bytes.fromhex('08') + varint(0x7FFFFFFF) + bytes.fromhex('1001')
    session.write(varint(len(body)) + body)
    pong = fields(read_frame(session))
    assert (pong.get(1), pong.get(2), pong.get(3)) == (0x7FFFFFFF, 1, STATUS_OK), f'pong {pong}'


def check_idle_gap_resync(session):
    # A prefix announcing 16 bytes, then only 3: the idle gap must drop the partial frame.
    session.write(bytes.fromhex('10080210'))
    time.sleep(IDLE_GAP_S)
    session.write(PING_1)
    got = session.read_exact(len(PONG_1), REPLY_TIMEOUT_S)
    assert got == PONG_1, f'after a partial frame and an idle gap: {got.hex()}'


def check_invalid_prefix_resync(session):
    # A length above the device's 256-byte maximum is rejected as soon as the prefix is read.
    session.write(varint(100000))
    time.sleep(IDLE_GAP_S)
    session.write(PING_1)
    got = session.read_exact(len(PONG_1), REPLY_TIMEOUT_S)
    assert got == PONG_1, f'after an oversize prefix: {got.hex()}'


def check_reboot(session):
    uptime_before, boots_before = sys_info(session, 10)
    call(session, 11, '/sys/reboot')
    # The same pty serves the restarted firmware.
    session.write(PING_1)
    got = session.read_exact(len(PONG_1), REPLY_TIMEOUT_S)
    assert got == PONG_1, f'no pong after reboot: {got.hex()}'
    uptime_after, boots_after = sys_info(session, 12)
    assert boots_after == boots_before + 1, f'boot_count {boots_before} -> {boots_after}'
    assert uptime_after < uptime_before, f'uptime did not restart: {uptime_before} -> {uptime_after}'


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    checks = [check_ping, check_ping_large_id, check_idle_gap_resync,
              check_invalid_prefix_resync, check_reboot]
    return run_checks(argv[1], 'qemu', checks, quiet_s=IDLE_GAP_S)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
