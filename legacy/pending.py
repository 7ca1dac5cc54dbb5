"""Uploads waiting between the preview and the confirm, in the default storage under
imports/pending/<partnership id>/<sha256 of the bytes>.

A pending upload is deleted as soon as it is refused or imported; one left behind (the admin
closed the preview) is deleted by `manage.py purge_uploads` once it is older than a day, so no
upload stays on the server for ever. The kept original of an applied import is the ImportRecord's
own copy, not this one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from partnerships.models import Partnership

ROOT = "imports/pending"
_TOKEN = re.compile(r"[0-9a-f]{64}")


def path(partnership: Partnership, token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise ValueError("not an upload token")
    return f"{ROOT}/{partnership.pk}/{token}"


def save(partnership: Partnership, data: bytes) -> str:
    """Keeps the upload until it is confirmed; its token (the SHA-256 of the bytes)."""
    token = hashlib.sha256(data).hexdigest()
    name = path(partnership, token)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return token


def load(partnership: Partnership, token: str) -> bytes | None:
    """The upload's bytes; None once it has gone (refused, imported, purged) or for a bad token."""
    try:
        name = path(partnership, token)
    except ValueError:
        return None
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        data: bytes = fh.read()
    return data


def delete(partnership: Partnership, token: str) -> None:
    try:
        default_storage.delete(path(partnership, token))
    except ValueError:
        pass


def purge(*, older_than: dt.timedelta) -> list[str]:
    """Deletes the pending uploads of every partnership last written more than `older_than` ago;
    the names deleted."""
    cutoff = timezone.now() - older_than
    deleted = []
    for folder in _listdir(ROOT)[0]:
        for name in _listdir(f"{ROOT}/{folder}")[1]:
            full = f"{ROOT}/{folder}/{name}"
            try:
                modified = default_storage.get_modified_time(full)
            except FileNotFoundError:
                continue  # deleted meanwhile (confirmed or refused)
            if modified < cutoff:
                default_storage.delete(full)
                deleted.append(full)
    return deleted


def _listdir(name: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(name)
    except FileNotFoundError:
        return [], []
