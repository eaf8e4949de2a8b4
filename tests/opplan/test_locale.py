"""OpPlan's Thai wording of Django's messages: the compiled catalogue matches its source."""

import gettext
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "th" / "LC_MESSAGES"
_ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def po_entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")

    def join(block):
        return "".join(re.findall(r'"(.*)"', block))

    return {join(msgid): join(msgstr) for msgid, msgstr in _ENTRY.findall(text) if join(msgid)}


def test_the_mo_file_is_compiled_from_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    entries = po_entries()
    assert len(entries) >= 15
    for msgid, msgstr in entries.items():
        assert catalogue.gettext(msgid) == msgstr, f"recompile django.mo: {msgid!r}"


def test_django_speaks_opplans_thai():
    with translation.override("th"):
        assert _("This field is required.") == "ต้องกรอกช่องนี้"
