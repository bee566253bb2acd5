"""The ``motcua`` command.

``motcua demo | serve | worker | migrate | manage ...`` are handled here; any other sub-command is
a Django management command of one of the apps (``motcua deadline ...`` runs
``workdays/management/commands/deadline.py``), so each app owns its own commands.
"""

import os
import signal
import subprocess
import sys

DEMO_ACCOUNTS_HINT = "motcua manage demo_accounts"


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *argv])


def _run_together(commands: list[list[str]]) -> int:
    """Start every command in one process group; Ctrl-C (or any child dying) stops them all."""
    children = [subprocess.Popen(cmd) for cmd in commands]

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            try:
                children[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return max((child.returncode or 0) for child in children)


def demo(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="motcua demo", description="Start the demo on the embedded SQLite database")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args(argv)
    me = [sys.executable, "-m", "motcua.cli"]
    subprocess.run([*me, "migrate", "--no-input", "-v", "0"], check=True)
    subprocess.run([*me, "createcachetable"], check=True)
    subprocess.run([*me, "load_demo"], check=True)
    subprocess.run([*me, "vneid_demo"], check=True)
    print(f"\n  motcua đang chạy / is running at  http://{args.host}:{args.port}/\n", flush=True)
    subprocess.run([*me, "demo_accounts"], check=True)
    print("  Ctrl-C để dừng / to stop\n", flush=True)
    return _run_together([
        [*me, "runserver", f"{args.host}:{args.port}", "--noreload", "--insecure"],
        [*me, "worker", "--interval", "0.5"],
        [*me, "deliver_outbox", "--loop"],
    ])


def serve(argv: list[str]) -> int:
    """Production web server (gunicorn), configured by GUNICORN_CMD_ARGS or the arguments given."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.production")
    cmd = [sys.executable, "-m", "gunicorn", "motcua.wsgi:application", *argv]
    return subprocess.call(cmd)


def worker(argv: list[str]) -> None:
    """The task worker (django-tasks-db ``db_worker``), after putting back the tasks that a dead
    worker on this machine left running (core/taskqueue.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    import django

    django.setup()
    from motcua.core import taskqueue

    taskqueue.requeue_orphans()
    _django(["db_worker", "--worker-id", taskqueue.worker_id(), *argv])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\nSub-commands: demo, serve, worker, migrate, manage <django command>, and:")
        _django(["help", "--commands"])
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    if command == "worker":
        worker(rest)
    elif command == "migrate":
        _django(["migrate", *rest])
        _django(["createcachetable"])
    elif command == "manage":
        _django(rest)
    else:
        _django([command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
