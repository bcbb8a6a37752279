#!/usr/bin/env python3
"""Board layer test under QEMU with the probe image (boards/lm3s6965evb/probe_main.c):
UART echo, SysTick millisecond clock, system reset on the same pty with a surviving boot count.

Usage: board-probe-test.py IMAGE.elf     Prints one line per check and "N passed, M failed".
"""
import struct
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources

from qemu_session import FIRST_REPLY_TIMEOUT_S, run_checks

CMD_MILLIS, CMD_BOOTS, CMD_RESET = b'\x01', b'\x02', b'\x03'


def tagged(session, command, tag):
    session.write(command)
    reply = session.read_exact(5, FIRST_REPLY_TIMEOUT_S)
    if len(reply) != 5 or reply[:1] != tag:
        raise AssertionError(f'expected {tag!r} + 4 bytes, got {reply.hex()}')
    return struct.unpack('<I', reply[1:])[0]


def check_echo(session):
    first = b'hello'
    session.write(first)
    got = session.read_exact(len(first), FIRST_REPLY_TIMEOUT_S)
    assert got == first, f'echo: got {got!r}'
    # 8 KiB in one write: the polled loop must keep up with the FIFO and lose nothing.
    block = bytes(0x20 + i % 0x5f for i in range(8192))
    session.write(block)
    got = session.read_exact(len(block), 20)
    assert got == block, f'block echo: {len(got)} of {len(block)} bytes, equal prefix {got == block[:len(got)]}'


def check_clock(session):
    start = time.monotonic()
    before_ms = tagged(session, CMD_MILLIS, b'T')
    time.sleep(0.5)
    after_ms = tagged(session, CMD_MILLIS, b'T')
    wall_ms = (time.monotonic() - start) * 1000
    # It advances, and no faster than wall time (a load-proof bound: a busy host can only
    # make the guest count slower). Catches a wrong SysTick reload or clock source.
    assert after_ms > before_ms, f'millis did not advance: {before_ms} -> {after_ms}'
    assert after_ms - before_ms <= wall_ms * 1.5 + 20, (
        f'millis advanced {after_ms - before_ms} over {wall_ms:.0f} ms of wall time'
    )


def check_reset(session):
    boots = tagged(session, CMD_BOOTS, b'B')
    assert boots == 0, f'boot count after power-on is {boots}'
    assert tagged(session, CMD_RESET, b'R') == 0
    assert tagged(session, CMD_BOOTS, b'B') == 1, 'boot count did not count the reset'
    ms = tagged(session, CMD_MILLIS, b'T')
    assert ms < 5000, f'millis did not restart at reset: {ms}'
    session.write(b'again')
    assert session.read_exact(5, FIRST_REPLY_TIMEOUT_S) == b'again', 'no echo after reset'


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    return run_checks(argv[1], 'board', [check_echo, check_clock, check_reset])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
