"""Names of areas as stored: the bare name of a จังหวัด ("พะเยา") or an อำเภอ ("เมืองพะเยา").

Supervisions match organisations by these names exactly (accounts.models.Supervision), and
pages print them after the word ("จังหวัดพะเยา", "อำเภอเมืองพะเยา"). People type the word
too ("จังหวัดพะเยา", "จ.พะเยา", "อำเภอเมืองพะเยา", "อ.เมือง"), so every place that stores an
area name (the models' clean() and save(), the write path for organisations) passes it
through province_name() or amphoe_name() first. docs/adr/0049.
"""

PROVINCE_PREFIXES = ("จังหวัด", "จ.")
AMPHOE_PREFIXES = ("อำเภอ", "อ.")

PROVINCE_HELP = "พิมพ์เฉพาะชื่อ ไม่ต้องมีคำว่า “จังหวัด” เช่น พะเยา"
AMPHOE_HELP = "พิมพ์เฉพาะชื่อ ไม่ต้องมีคำว่า “อำเภอ” เช่น เมืองพะเยา"
# The help of an organisation's own area fields (the settings page, the admin).
ORGANIZATION_AREA_HELP = {
    "province": PROVINCE_HELP,
    "amphoe": f"{AMPHOE_HELP} · เว้นว่างสำหรับ อบจ.",
}


def _bare(text, prefixes) -> str:
    """The name without its prefix; the word alone ("อำเภอ") stays as typed: stripped, an
    อำเภอ would become blank, which means the whole province (and a จังหวัด would become
    blank, which no area may be), so it stays a name that matches no organisation."""
    name = " ".join(str(text or "").split())
    for prefix in prefixes:
        if name.startswith(prefix) and name[len(prefix) :].strip():
            return name[len(prefix) :].strip()
    return name


def province_name(text) -> str:
    """ "จังหวัดพะเยา", "จ. พะเยา", " พะเยา " → "พะเยา"."""
    return _bare(text, PROVINCE_PREFIXES)


def amphoe_name(text) -> str:
    """ "อำเภอเมืองพะเยา", "อ.เมืองพะเยา" → "เมืองพะเยา"; blank stays blank."""
    return _bare(text, AMPHOE_PREFIXES)
