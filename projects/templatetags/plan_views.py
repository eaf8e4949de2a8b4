"""{% load plan_views %}: small labels of the plan page."""

from django import template

from projects.forms import SORTS

register = template.Library()


@register.filter
def sort_label(key):
    """The Thai label of a sort key of the plan page's filter ("-budget" → งบประมาณ มาก → น้อย)."""
    return SORTS.get(key or "order", SORTS["order"])[0]
