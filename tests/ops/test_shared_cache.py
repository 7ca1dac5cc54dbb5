"""One cache for every process (issue 13, several machines): allauth marks a second-factor code as used
there, so a cache per process would let a code be replayed on another worker. Each test runs two separate
processes against one store and checks the second sees what the first wrote."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.portal.support import ROOT, production_env

MARK = "from django.core.cache import cache; print('added' if cache.add({key!r}, 'used', 60) else 'taken')"


def run(env: dict[str, str], code: str, key: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code.format(key=key)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.django_db
def test_the_default_cache_is_the_database_and_its_table_is_made_by_migrate() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    key = f"code-{uuid.uuid4()}"
    assert cache.add(key, "used", 60) is True
    assert cache.add(key, "used", 60) is False  # a used code is refused the second time


def test_a_code_marked_used_by_one_process_is_taken_for_another(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    key = f"code-{uuid.uuid4()}"
    assert run(env, MARK, key) == "added"
    assert run(env, MARK, key) == "taken"


def test_cache_url_puts_the_cache_on_redis(tmp_path: Path) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = production_env(tmp_path, CACHE_URL="redis://127.0.0.1:6379/3")
    key = f"code-{uuid.uuid4()}"
    backend = run(env, "from django.core.cache import caches; print(type(caches['default']).__name__)", key)
    assert backend == "RedisCache"
    assert run(env, MARK, key) == "added"
    assert run(env, MARK, key) == "taken"


def test_a_cache_url_that_is_not_redis_stops_start_up(tmp_path: Path) -> None:
    env = production_env(tmp_path, CACHE_URL="memcached://127.0.0.1:11211")
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "CACHE_URL" in done.stderr
