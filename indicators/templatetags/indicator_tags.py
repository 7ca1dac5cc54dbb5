from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from indicators.models import Indicator

register = template.Library()


@register.filter
def figure(value: Decimal | None, indicator: Indicator) -> str:
    """A value in the indicator's unit, without trailing zeros: 26.5%, 31%, 1204; a small count of an
    equality breakdown as 'fewer than 5' (these pages are read by every member)."""
    return indicator.published(value) if value is not None else "—"


# Met / direction markers: filters rather than {% include %}, since the indicators list draws one
# per area per indicator and an include per cell cost most of that page's rendering time.
_MET = {
    True: '<span class="text-success-emphasis fw-semibold"><span aria-hidden="true">✓</span> Met</span>',
    False: '<span class="text-danger-emphasis fw-semibold"><span aria-hidden="true">✗</span> Not met</span>',
    None: '<span class="text-body-secondary">No target</span>',
}
_DIRECTION = {
    "improving": '<span class="text-success-emphasis"><span aria-hidden="true">▲</span> Improving</span>',
    "worsening": '<span class="text-danger-emphasis"><span aria-hidden="true">▼</span> Worsening</span>',
    "same": '<span><span aria-hidden="true">▶</span> Same</span>',
}
_NO_DIRECTION = '<span class="text-body-secondary">No earlier value</span>'


_NOT_JUDGED = '<span class="text-body-secondary">Not judged: which way is better is not known</span>'


@register.filter
def met_marker(met: bool | None, indicator: Indicator | None = None) -> SafeString:
    if indicator is not None and not indicator.polarity_known:
        return mark_safe(_NOT_JUDGED)
    return mark_safe(_MET.get(met, _MET[None]))


@register.filter
def direction_marker(direction: str, indicator: Indicator | None = None) -> SafeString:
    if indicator is not None and not indicator.polarity_known:
        return mark_safe(_NOT_JUDGED)
    return mark_safe(_DIRECTION.get(direction, _NO_DIRECTION))
