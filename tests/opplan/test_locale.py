"""OpPlan's Thai wording of Django's messages: the compiled catalogue matches its source."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "th" / "LC_MESSAGES"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)
_PLURAL = re.compile(
    r'^msgid ((?:".*"\n)+)msgid_plural ((?:".*"\n)+)msgstr\[0\] ((?:".*"\n)+)', re.MULTILINE
)


def po_entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")

    def join(block):
        return "".join(re.findall(r'"(.*)"', block))

    entries = {join(i): join(s) for i, s in _ENTRY.findall(text) if join(i)}
    plurals = {(join(i), join(p)): join(s) for i, p, s in _PLURAL.findall(text)}
    return entries, plurals


def test_the_mo_file_is_compiled_from_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    entries, plurals = po_entries()
    assert (len(entries), len(plurals)) == (53, 6)
    for msgid, msgstr in entries.items():
        assert catalogue.gettext(msgid) == msgstr, f"recompile django.mo: {msgid!r}"
    for (singular, plural), msgstr in plurals.items():
        assert catalogue.ngettext(singular, plural, 5) == msgstr, f"recompile: {singular!r}"


def test_django_speaks_opplans_thai():
    from django import forms

    with translation.override("th"):
        assert _("This field is required.") == "ต้องกรอกช่องนี้"
        assert _("- Select an option -") == "— เลือก —"
        with pytest.raises(forms.ValidationError) as caught:
            forms.CharField(max_length=5).clean("ยาวเกินไปมาก")
    assert caught.value.messages == ["ข้อความยาวได้ไม่เกิน 5 ตัวอักษร (ตอนนี้ 12 ตัวอักษร)"]
