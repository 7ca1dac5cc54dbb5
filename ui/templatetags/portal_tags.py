"""Template tags shared by every app's pages (`{% load portal_tags %}`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args: Any, **kwargs: Any) -> str:
    """Deprecated: every app's URLs exist now, so write `{% url %}`. Kept only until
    templates/actions/action.html stops using it; then it goes."""
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
