#!/usr/bin/env python3
"""ptyrun.py - run a command on a pseudo-terminal and script the session.

usage: python3 spec/ptyrun.py STEPS -- command [args...]

STEPS is a file with one step per line (TEXT takes \\r, \\n, \\t, \\xNN):
    send TEXT              type TEXT (\\x03 is Ctrl-C, \\x04 Ctrl-D), as UTF-8
    sendraw TEXT           type TEXT as bytes: \\xNN is the byte NN (junk,
                           invalid UTF-8, NUL)
    sendrep N TEXT         type TEXT N times in one paste (long lines)
    expect SECONDS TEXT    wait for TEXT in the output after the last match
    sleep SECONDS          let the session run
    wait SECONDS           wait for the command to exit
    shell SECONDS COMMAND  run COMMAND (/bin/sh -c, not unescaped) beside
                           the session, which keeps running; ok if it exits
                           0 within SECONDS (else its process group is
                           killed); its output joins the report as
                           "shell> LINE" lines

Prints one line per step ("step N ok ELAPSED" or "step N fail ELAPSED",
stopping at the first failure), then "exit CODE" (or "exit signal N", or
"exit none" if it was still running and got killed), then "--- output"
and everything the command wrote. The command is always killed (by its
pid) before ptyrun returns, and ptyrun gives up after 60 seconds.
"""
import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

DEADLINE = time.monotonic() + 60


def decode(text):
    """Turns the escapes of a step's TEXT into the characters."""
    return codecs.decode(text, "unicode_escape")


def read_some(fd, out, timeout):
    """Appends what the terminal has within TIMEOUT; False at EOF."""
    timeout = max(0.0, min(timeout, DEADLINE - time.monotonic()))
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        data = os.read(fd, 4096)
    except BlockingIOError:
        return True
    except OSError:
        return False
    if not data:
        return False
    out.extend(data)
    return True


def reap(pid, timeout):
    """Waits up to TIMEOUT for the child; returns its status or None."""
    end = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= end:
            return None
        time.sleep(0.02)


class Session:
    """A command on a pty, with what it printed so far."""

    def __init__(self, argv):
        self.out = bytearray()
        self.mark = 0
        self.status = None
        self.notes = []
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        size = struct.pack("HHHH", 24, 80, 0, 0)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, size)
        # never block on the terminal: send() interleaves writes and reads
        flags = fcntl.fcntl(self.fd, fcntl.F_GETFL)
        fcntl.fcntl(self.fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)

    def expect(self, seconds, text):
        """Waits for TEXT after the last match."""
        want = decode(text).encode()
        end = time.monotonic() + seconds
        while True:
            i = self.out.find(want, self.mark)
            if i >= 0:
                self.mark = i + len(want)
                return True
            left = end - time.monotonic()
            if left <= 0 or not read_some(self.fd, self.out, left):
                i = self.out.find(want, self.mark)
                if i >= 0:
                    self.mark = i + len(want)
                return i >= 0

    def send(self, data):
        """Types DATA, reading the output meanwhile: a long paste would
        otherwise fill the terminal both ways and block both sides."""
        view = memoryview(data)
        while view:
            left = DEADLINE - time.monotonic()
            if left <= 0:
                return False
            ready, writable, _ = select.select([self.fd], [self.fd], [], left)
            if ready and not read_some(self.fd, self.out, 0):
                return False
            if writable:
                try:
                    view = view[os.write(self.fd, view[:4096]):]
                except BlockingIOError:
                    pass
        return True

    def pump(self, seconds):
        """Collects output for SECONDS."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not read_some(self.fd, self.out, end - time.monotonic()):
                time.sleep(min(0.05, max(0.0, end - time.monotonic())))

    def wait(self, seconds):
        """Waits for the command to exit, collecting its output."""
        end = time.monotonic() + seconds
        while self.status is None and time.monotonic() < end:
            read_some(self.fd, self.out, 0.05)
            self.status = reap(self.pid, 0)
        return self.status is not None

    def shell(self, seconds, command):
        """Runs COMMAND beside the session; returns (ok, its output)."""
        proc = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        end = time.monotonic() + seconds
        while proc.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the group it leads
            proc.wait()
            ok = False
        else:
            ok = proc.returncode == 0
        out = proc.stdout.read().decode("utf-8", "replace")
        proc.stdout.close()
        return ok, ["shell> " + line for line in out.splitlines()]

    def step(self, line):
        """Runs one step; returns whether it succeeded."""
        verb, _, rest = line.partition(" ")
        if verb == "send":
            return self.send(decode(rest).encode())
        if verb == "sendraw":
            return self.send(decode(rest).encode("latin-1"))
        if verb == "sendrep":
            count, _, text = rest.partition(" ")
            return self.send(decode(text).encode() * int(count))
        if verb == "expect":
            seconds, _, text = rest.partition(" ")
            return self.expect(float(seconds), text)
        if verb == "sleep":
            self.pump(float(rest))
            return True
        if verb == "wait":
            return self.wait(float(rest))
        if verb == "shell":
            seconds, _, command = rest.partition(" ")
            ok, lines = self.shell(float(seconds), command)
            self.notes.extend(lines)
            return ok
        raise SystemExit("ptyrun: unknown step: " + line)

    def finish(self):
        """Kills the command if it still runs; returns the exit line."""
        if self.status is None:
            self.status = reap(self.pid, 0)
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            self.status = reap(self.pid, 5)
            self.pump(0.1)
            return "exit none"
        self.pump(0.05)
        if os.WIFSIGNALED(self.status):
            return "exit signal %d" % os.WTERMSIG(self.status)
        return "exit %d" % os.WEXITSTATUS(self.status)


def main():
    """Runs the steps of argv[1] against the command after '--'."""
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        raise SystemExit(__doc__)
    with open(sys.argv[1]) as f:
        steps = [line.rstrip("\n") for line in f if line.strip()]
    session = Session(sys.argv[3:])
    report = []
    try:
        for n, line in enumerate(steps, 1):
            start = time.monotonic()
            ok = session.step(line)
            report.append("step %d %s %.3f" % (n, "ok" if ok else "fail",
                                               time.monotonic() - start))
            report.extend(session.notes)
            session.notes = []
            if not ok:
                break
    finally:
        report.append(session.finish())
        os.close(session.fd)
    sys.stdout.write("\n".join(report) + "\n--- output\n")
    sys.stdout.write(session.out.decode("utf-8", "replace"))


if __name__ == "__main__":
    main()
