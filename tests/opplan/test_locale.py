"""OpPlan's Thai wording of Django's messages: the compiled catalogues match their sources."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "th" / "LC_MESSAGES"
_STRING = r'((?:".*"\n)+)'
_ENTRY = re.compile(rf"^(?:msgctxt {_STRING})?msgid {_STRING}msgstr {_STRING}", re.MULTILINE)
_PLURAL = re.compile(rf"^msgid {_STRING}msgid_plural {_STRING}msgstr\[0\] {_STRING}", re.MULTILINE)


def po_entries(domain):
    text = (LOCALE / f"{domain}.po").read_text(encoding="utf-8")

    def join(block):
        text = "".join(re.findall(r'"(.*)"', block))
        return re.sub(r"\\(.)", lambda escape: {"n": "\n"}.get(escape[1], escape[1]), text)

    entries = {
        (join(context), join(i)): join(s) for context, i, s in _ENTRY.findall(text) if join(i)
    }
    plurals = {(join(i), join(p)): join(s) for i, p, s in _PLURAL.findall(text)}
    return entries, plurals


@pytest.mark.parametrize(("domain", "counts"), [("django", (158, 8)), ("djangojs", (46, 4))])
def test_the_mo_file_is_compiled_from_the_po_file(domain, counts):
    with open(LOCALE / f"{domain}.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    entries, plurals = po_entries(domain)
    assert (len(entries), len(plurals)) == counts
    for (context, msgid), msgstr in entries.items():
        found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        assert found == msgstr, f"recompile {domain}.mo: {msgid!r}"
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
