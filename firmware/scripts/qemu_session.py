"""One QEMU guest session over its UART pty, started as docs/platform-notes.md (QEMU) prescribes.

Starts qemu-run.sh, parses its "nanorpc-device:" lines, opens the pty in raw mode BEFORE the
QMP "cont" (guest output written while nobody holds the pty is lost), and offers byte-level
reads with deadlines. Python standard library only, so any CI image with python3 can run it.
"""
import os
import select
import signal
import subprocess
import time
import tty

from qmp import execute as qmp_execute

SCRIPTS_DIR = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(SCRIPTS_DIR, 'qemu-run.sh')
# QEMU polls once per second for a newly opened pty and holds input until it sees it.
FIRST_REPLY_TIMEOUT_S = 5.0


class QemuSession:
    def __init__(self, image, launcher_args=()):
        self.process = subprocess.Popen(
            [LAUNCHER, *launcher_args, image], stdout=subprocess.PIPE, text=True
        )
        self.info = {}
        while 'pty' not in self.info:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                raise RuntimeError(f'launcher exited ({self.process.returncode}) before the pty line')
            key, _, value = line.removeprefix('nanorpc-device: ').strip().partition(' ')
            self.info[key] = value
        self.fd = os.open(self.info['pty'], os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        reply = qmp_execute(self.info['qmp'], 'cont')
        if 'return' not in reply:
            raise RuntimeError(f'QMP cont failed: {reply}')

    def write(self, data):
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]

    def read_exact(self, count, timeout_s):
        """Exactly `count` bytes, or fewer if the deadline passes first."""
        buf = b''
        deadline = time.monotonic() + timeout_s
        while len(buf) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                buf += os.read(self.fd, count - len(buf))
        return buf

    def drain(self, quiet_s):
        """Everything that arrives until the line stays quiet for `quiet_s`."""
        buf = b''
        while select.select([self.fd], [], [], quiet_s)[0]:
            buf += os.read(self.fd, 4096)
        return buf

    def close(self):
        os.close(self.fd)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_checks(image, label, checks, quiet_s=0.3):
    """Runs `checks` (functions of a session that raise AssertionError) in one session, prints
    "ok/FAIL <label> <name>" per check and "N passed, M failed"; returns the exit status."""
    passed = failed = 0
    with QemuSession(image) as session:
        for check in checks:
            name = check.__name__.removeprefix('check_').replace('_', ' ')
            try:
                check(session)
                print(f'ok   {label} {name}')
                passed += 1
            except AssertionError as error:
                print(f'FAIL {label} {name}: {error}')
                failed += 1
                session.drain(quiet_s)  # start the next check on a quiet line
    print(f'{passed} passed, {failed} failed')
    return 0 if failed == 0 else 1
