"""What the browser tests do with the binary: run a kg command that must succeed, and start
and stop `kg serve` (on a free port of 127.0.0.1, its address read from what it prints, and a
clean exit (0) on SIGTERM checked at the end)."""

import contextlib
import signal
import subprocess
import time


def run(kg_bin, db, *args):
    done = subprocess.run([kg_bin, "--db", db, *args], capture_output=True, text=True)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


@contextlib.contextmanager
def serve(kg_bin, db, *extra):
    proc = subprocess.Popen([kg_bin, "--db", db, "serve", "--addr", "127.0.0.1:0", *extra],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    address = None
    while time.time() < deadline:
        line = proc.stderr.readline()
        if "serving" in line:
            address = line.split(" at ", 1)[1].split(" ", 1)[0].rstrip("/")
            break
    if not address:
        proc.kill()
        raise RuntimeError("kg serve printed no address")
    try:
        yield address
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0
