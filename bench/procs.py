"""The processes of a multi-process bench on one machine: web servers (gunicorn on
bench/wsgi_preloaded.py), `motcua` helper processes (task workers, outbox loops), and a round-robin
TCP proxy in front of the web servers. Used by bench/load.py, multi.py and crash.py. Needs nothing
beyond motcua's own dependencies: the crash test runs it in CI, where the bench extra is absent.

Every process starts in its own session, so that killing its process group kills a gunicorn master
and its workers together: what a crashed machine does to them.
"""

import asyncio
import itertools
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_ready() -> None:
    """Django set up on the bench database (DATABASE_URL), migrated, with its cache table."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_web(port: int, workers: int, threads: int, env: dict, keep_alive: int = 5) -> subprocess.Popen:
    # gthread keeps client connections open (--keep-alive seconds); a sync worker closes each one.
    command = [sys.executable, "-m", "gunicorn", "wsgi_preloaded", "--pythonpath", str(ROOT / "bench"), "--preload",
               "--bind", f"127.0.0.1:{port}", "--workers",
               str(workers), "--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync",
               "--keep-alive", str(keep_alive), "--backlog", "2048",
               "--log-level", "warning", "--max-requests", "0"]
    web = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return web
        except OSError:
            time.sleep(0.2)
    web.kill()
    sys.exit("gunicorn did not start")


def start_helper(*command: str) -> subprocess.Popen:
    """One ``motcua <command>`` process (a task worker, an outbox loop), output discarded."""
    return subprocess.Popen([sys.executable, "-m", "motcua.cli", *command], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass  # already gone


def stop_all(processes, timeout: float = 30) -> None:
    """SIGTERM every group, then SIGKILL whatever is still there after ``timeout`` seconds."""
    for process in processes:
        signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            signal_group(process, signal.SIGKILL)
            process.wait()


class Managed:
    """A process the chaos can kill (SIGKILL to its whole group) and start again the same way."""

    def __init__(self, kind: str, start):
        self.kind, self._start, self.busy = kind, start, threading.Lock()
        self.process = start()

    def crash_and_restart(self) -> float | None:
        """SIGKILL, reap, start again; returns the seconds until the new one is up, or None when
        the process is still being restarted after an earlier kill."""
        if not self.busy.acquire(blocking=False):
            return None
        try:
            signal_group(self.process, signal.SIGKILL)
            self.process.wait()
            began = time.monotonic()
            self.process = self._start()
            return time.monotonic() - began
        finally:
            self.busy.release()


def managed_web(port: int, threads: int = 4) -> Managed:
    """A one-worker gunicorn on ``port`` (restarted on the same port, behind the proxy); started
    when Django answers a request, not merely when the port is open."""

    def start():
        for _ in range(3):  # on a loaded machine gunicorn may miss start_web's 20 s: try again
            try:
                web = start_web(port, 1, threads, dict(os.environ))
            except SystemExit:
                continue
            answering(port)
            return web
        raise RuntimeError(f"gunicorn did not start on port {port}")

    return Managed("web", start)


def answering(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/dossiers/x", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # 401: Django answered
        except OSError:
            time.sleep(0.1)


def start_proxy(port: int, backends: list, lose_reply: float = 0.0) -> dict:
    """A TCP round-robin proxy on 127.0.0.1:port, one backend per client connection, in a thread.

    With ``lose_reply`` > 0 that share of connections passes the request on but never the reply
    (the connection is closed instead): the server did the work, the client never heard of it, as
    when a mobile network drops. A backend that is down closes the client's connection at once.
    Returns {"count": replies lost so far}.
    """
    turn, lost = itertools.cycle(backends), {"count": 0}

    async def pipe(reader, writer, forward=True):
        try:
            while data := await reader.read(65536):
                if not forward:
                    break  # the reply is lost on the way
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer):
        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", next(turn))
        except OSError:
            client_writer.close()
            return
        forward_reply = random.random() >= lose_reply
        lost["count"] += not forward_reply
        await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer, forward_reply))

    async def serve():
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    return lost
