"""What the mail and worker tests run for real: an SMTP server (aiosmtpd) on a free port, a port
with nothing listening, and `manage.py db_worker` as a separate process on the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def free_port() -> int:
    """A port nothing listens on (bound, read and closed again)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    """The messages the SMTP server accepted, and the addresses it refuses."""

    messages: list[Message] = field(default_factory=list)
    envelopes: list[list[str]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        self.envelopes.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return sorted(a for env in self.envelopes for a in env)


@dataclass
class SmtpServer:
    port: int
    received: Received


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    received = Received()
    port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(port=port, received=received)
    finally:
        controller.stop()


def mailers(port: int) -> dict[str, Any]:
    return {"default": {"BACKEND": SMTP, "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}}


def worker_env(*, mail_port: int | None = None) -> dict[str, str]:
    """The environment of a worker process on the test's own database (PostgreSQL)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "TASKS_BACKEND": "db",
           "DJANGO_SETTINGS_MODULE": "portal.settings"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if mail_port is not None:
        env.update({"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mail_port),
                    "EMAIL_TIMEOUT": "5"})
    return env


def worker_command(*extra: str) -> list[str]:
    return [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *extra]


def run_worker_batch(*, mail_port: int) -> None:
    """Run the queued tasks to the end with `manage.py db_worker --batch`: a separate process on
    PostgreSQL; on SQLite (the test database lives in this process's memory) the same command in-process."""
    if connection.vendor == "postgresql":
        done = subprocess.run(worker_command("--batch"), cwd=ROOT, env=worker_env(mail_port=mail_port),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
    else:
        from django.test import override_settings

        with override_settings(MAILERS=mailers(mail_port)):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
