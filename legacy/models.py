from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerships.models import Partnership, ScopedQuerySet


def original_path(instance: ImportRecord, filename: str) -> str:
    return f"imports/{instance.partnership_id}/{instance.sha256[:16]}-{filename}"


class ImportRecord(models.Model):
    """One applied import of a legacy file: who, when, what, and the original kept for download."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="imports")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    year_start = models.PositiveSmallIntegerField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=10)
    layout = models.CharField(max_length=40)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    original = models.FileField(upload_to=original_path)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.layout}) by {self.imported_by} on {self.imported_at:%d/%m/%Y}"


class StatusWord(models.Model):
    """A partnership's answer for a status word of its trackers ("G", "Blue", "Parked"): the portal
    status it becomes on import (blank: no status, the word kept in the comments). Remembered from
    the value map of an import and prefilled on the next one."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="status_words")
    word = models.CharField(max_length=100)  # lower case, spaces collapsed (legacy.layouts.base.status_key)
    status = models.CharField(max_length=20, blank=True)  # an actions.models.Status value, or blank
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "word"]
        constraints = [models.UniqueConstraint(fields=["partnership", "word"], name="status_word_unique")]

    def __str__(self) -> str:
        return f"{self.word} -> {self.status or 'no status'}"
