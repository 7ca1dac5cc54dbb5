"""Small template helpers shared by every app's pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args, **kwargs) -> str:
    """The URL for name, or "" when no such URL is defined (yet): navigation links to another app's
    pages can be written before that app has them, and the page does not break meanwhile.

    {% url_if_exists 'indicators:list' partnership.slug as u %}{% if u %}<a href="{{ u }}">...{% endif %}
    """
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
