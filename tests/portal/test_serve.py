"""scripts/serve.sh, the README's production command, started for real: DEBUG off, a SQLite database of
its own, gunicorn on a free port; the sign-in page and a static file with its hashed name answer 200."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.portal.support import ROOT, production_env

SERVE = str(ROOT / "scripts" / "serve.sh")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve.sh stopped with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"serve.sh did not listen on {port} within {seconds} s:\n{log.read_text()}")


def test_serve_starts_the_portal_with_debug_off(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = production_env(tmp_path, PORTAL_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2",
                         SECURE_SSL_REDIRECT="0")
    with log.open("wb") as out:
        process = subprocess.Popen(["bash", SERVE], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(process, port, log)
        status, body, _ = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200, body[:2000]
        page = body.decode()
        assert 'name="login"' in page and 'type="password"' in page  # allauth's sign-in form
        # Static files carry their content hash (the manifest exists) and WhiteNoise serves them.
        css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
        assert css, page
        status, body, headers = get(f"http://127.0.0.1:{port}{css.group(1)}")
        assert status == 200
        assert b".container" in body
        assert "immutable" in headers.get("Cache-Control", "")
        # Nothing of DEBUG: an unknown page is the plain 404, not the technical one.
        status, body, _ = get(f"http://127.0.0.1:{port}/accounts/no-such-page/")
        assert status in {302, 404}
        assert b"URLconf" not in body
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    text = log.read_text()
    assert "Booting worker" in text
    # One access line per request, not two.
    assert len(re.findall(r'"GET /accounts/login/ HTTP/1.1" 200', text)) == 1, text


def test_serve_refuses_to_start_without_secret_key_and_hosts(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]
    result = subprocess.run(["bash", SERVE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "SECRET_KEY ALLOWED_HOSTS not set" in result.stderr
    assert not (tmp_path / "portal.sqlite3").exists()  # refused before anything was done


def test_serve_refuses_debug_on(tmp_path: Path) -> None:
    result = subprocess.run(["bash", SERVE], cwd=ROOT, env=production_env(tmp_path, DEBUG="1"),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "runs the portal with DEBUG off" in result.stderr
