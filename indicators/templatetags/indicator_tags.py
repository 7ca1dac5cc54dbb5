from decimal import Decimal

from django import template

from indicators.models import Indicator

register = template.Library()


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A value in the indicator's unit, without trailing zeros: 26.5%, 31%, 1204."""
    return indicator.format(value) if value is not None else "—"
