"""Recognise a แผนงาน however a spreadsheet spells it."""

import re

from budget.models import Program, ProgramAlias

_SPACES = re.compile(r"\s+")


def normalize_program_name(text: str) -> str:
    """Compare names without spaces and without the leading word แผนงาน."""
    key = _SPACES.sub("", text or "")
    return key.removeprefix("แผนงาน")


def program_lookup() -> dict[str, Program]:
    """Normalised name → Program for every name and alias (two queries)."""
    programs = {p.pk: p for p in Program.objects.all()}
    lookup = {normalize_program_name(p.name): p for p in programs.values()}
    for alias in ProgramAlias.objects.all():
        lookup.setdefault(normalize_program_name(alias.name), programs[alias.program_id])
    return lookup


def match_program(text: str, lookup: dict[str, Program] | None = None) -> Program | None:
    """The Program that `text` names, or None when it names none."""
    if lookup is None:
        lookup = program_lookup()
    return lookup.get(normalize_program_name(text))
