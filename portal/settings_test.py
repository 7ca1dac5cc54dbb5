"""Settings for the test suite (pytest reads this module, see pyproject.toml): the portal's own
settings, with DEBUG on unless the environment says otherwise, so `pytest` needs no variables set.
pytest-django still runs each test with settings.DEBUG False, as Django's test runner does."""

import os

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402, F403
