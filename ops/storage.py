"""The S3-compatible storage of STORAGE_BACKEND=s3 (django-storages), with no link into the bucket: every file
is downloaded through the portal's views, which check the user's partnership and role and write the audit log.
A file's url() (the admin's "Currently: ..." link) is the portal's own media path, which no route serves, as
with the file system; never a pre-signed bucket address anyone holding it could open, unchecked and unlogged."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        return FileSystemStorage().url(name)
