#!/usr/bin/env python3
"""The kiosk talks to systemd's watchdog the way ruhr-kiosk.service expects (docs/deployment.md).

A fake notify socket stands in for systemd. The kiosk runs on SDL's offscreen driver, so no
X server is needed, and it is this script's child, as the kiosk is cage's child under systemd:
  1. WATCHDOG_PID names the parent (cage's place): READY=1 once, after the first frame, and
     WATCHDOG=1 every WATCHDOG_USEC/2 while the kiosk sits idle on the attract screen;
  2. WATCHDOG_PID names some other process: READY=1, but no pings, since the watchdog is not ours.
Usage: watchdog_test.py path/to/ruhr-kiosk
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 1_000_000  # pings due every 0.5 s
LISTEN_SECONDS = 6.0


def run(kiosk, watchdog_pid, workdir):
    sock_path = os.path.join(workdir, "notify.sock")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    sock.settimeout(0.2)
    env = dict(os.environ)
    for k in ("JOURNAL_STREAM", "INVOCATION_ID", "WATCHDOG_PID", "WATCHDOG_USEC"):
        env.pop(k, None)
    env.update({
        "NOTIFY_SOCKET": sock_path,
        "WATCHDOG_USEC": str(WATCHDOG_USEC),
        "WATCHDOG_PID": str(watchdog_pid),
        "SDL_VIDEODRIVER": "offscreen",
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
        "HOME": workdir,
    })
    proc = subprocess.Popen([kiosk, "--size", "1280x800", "--data", os.path.join(workdir, "data")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    messages = []  # (seconds since start, message)
    start = time.monotonic()
    try:
        while time.monotonic() - start < LISTEN_SECONDS and proc.poll() is None:
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            for line in data.decode().splitlines():
                messages.append((time.monotonic() - start, line))
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        sock.close()
        os.unlink(sock_path)
    if proc.returncode not in (0, -15):
        sys.stderr.write(err.decode(errors="replace"))
        raise AssertionError(f"the kiosk exited with {proc.returncode}")
    return messages


def main():
    kiosk = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="ruhr-watchdog-") as workdir:
        # 1. the watchdog belongs to the parent, as with cage
        msgs = run(kiosk, os.getpid(), workdir)
        ready = [t for t, m in msgs if m == "READY=1"]
        pings = [t for t, m in msgs if m == "WATCHDOG=1"]
        print(f"parent's watchdog: READY=1 at {ready}, {len(pings)} pings")
        if len(ready) != 1:
            failures.append(f"expected READY=1 once, got it {len(ready)} times")
        # The kiosk is idle after its first frames; pings must keep coming at the 0.5 s pace.
        late = [t for t in pings if ready and t > ready[0] + 1.0]
        if len(late) < 6:
            failures.append(f"expected at least 6 pings while idle, got {len(late)}: {pings}")
        gaps = [b - a for a, b in zip(late, late[1:])]
        if gaps and max(gaps) > 0.9:
            failures.append(f"a gap of {max(gaps):.2f} s between pings (due every 0.5 s)")
        # 2. the watchdog belongs to another process
        msgs = run(kiosk, 1, workdir)
        others = [m for _, m in msgs]
        print(f"someone else's watchdog: {others}")
        if "READY=1" not in others:
            failures.append("no READY=1 when the watchdog is not ours")
        if "WATCHDOG=1" in others:
            failures.append("pings sent for a watchdog that belongs to another process")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
