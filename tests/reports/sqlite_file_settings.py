"""The test settings with SQLite's test database in a file (PORTAL_TEST_SQLITE_FILE) instead of in
memory: threads then each open their own connection to it as the web workers of a deployment do, with
the same WAL journal, IMMEDIATE transactions and busy timeout (an in-memory database shared between
threads refuses a second writer at once with "database table is locked"). Used by
test_issue_race.py's SQLite run."""

import os

from portal.settings_test import *  # noqa: F403

DATABASES["default"]["TEST"] = {"NAME": os.environ["PORTAL_TEST_SQLITE_FILE"]}  # noqa: F405
