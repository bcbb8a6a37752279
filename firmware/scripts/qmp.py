#!/usr/bin/env python3
"""Send one QMP command to a QEMU started with -qmp unix:SOCK,server=on,wait=off.

Usage: qmp.py SOCK COMMAND        e.g. qmp.py /tmp/x/qmp.sock cont
Does the QMP handshake (read the greeting, send qmp_capabilities), sends {"execute": COMMAND},
prints QEMU's reply as one JSON line and exits 0 on {"return": ...}, 1 on {"error": ...}.
Asynchronous events (lines with "event") are skipped. Python standard library only.
"""
import json
import socket
import sys

TIMEOUT_S = 10.0


def read_reply(stream):
    """Next line that is a reply (greeting, return or error), skipping events."""
    while True:
        line = stream.readline()
        if not line:
            raise ConnectionError('QMP socket closed before a reply')
        message = json.loads(line)
        if 'event' not in message:
            return message


def execute(sock_path, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT_S)
        sock.connect(sock_path)
        stream = sock.makefile('rw', encoding='utf-8', newline='\n')
        greeting = read_reply(stream)
        if 'QMP' not in greeting:
            raise ConnectionError(f'not a QMP greeting: {greeting}')
        for name in ('qmp_capabilities', command):
            stream.write(json.dumps({'execute': name}) + '\n')
            stream.flush()
            reply = read_reply(stream)
            if 'error' in reply or name == command:
                return reply
    raise AssertionError('unreachable')


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    reply = execute(argv[1], argv[2])
    print(json.dumps(reply))
    return 1 if 'error' in reply else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
