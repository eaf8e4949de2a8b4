"""The prose of the plan book and the announcement: default wording, placeholders, paragraphs.

Officers edit two texts in the browser: the introduction (ส่วนที่ 1 บทนำ) and the body
of the announcement (ประกาศ). Each has OpPlan's default wording (written by the team,
in the genre of real plan books), an organisation's own default on top (every edition),
and an edition's override on top of that (only before the edition is announced).

Texts are plain text, never HTML: a blank line starts a new paragraph, "# " a heading,
"- " a bullet, and consecutive "> " lines are drawn as a flow chart of steps. Values
such as the organisation's name come from {placeholders}; an unknown one is refused
with a Thai message that names it.
"""

import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError

INTRO = "intro"
ANNOUNCEMENT = "announcement"
TEXT_KEYS = {INTRO: "ส่วนที่ 1 บทนำ", ANNOUNCEMENT: "ข้อความประกาศ"}

# name → what it prints (shown on the editor page)
PLACEHOLDERS = {
    "organization": "ชื่อ อปท. เช่น องค์การบริหารส่วนตำบลหนองบัว",
    "organization_type": "ประเภท อปท. เช่น องค์การบริหารส่วนตำบล",
    "location": "อำเภอและจังหวัด เช่น อำเภอเมือง จังหวัดพะเยา",
    "fiscal_year": "ปีงบประมาณ (พ.ศ.)",
    "plan_title": "ชื่อแผนฉบับนี้ เช่น แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570",
    "executive_title": "ตำแหน่งผู้บริหารท้องถิ่น เช่น นายกองค์การบริหารส่วนตำบลหนองบัว",
    "ordinance": "ข้อบัญญัติ หรือ เทศบัญญัติ ตามประเภท อปท.",
    "support_committee": "ชื่อคณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น ตามประเภท อปท.",
    "development_committee": "ชื่อคณะกรรมการพัฒนาท้องถิ่น ตามประเภท อปท.",
    "project_count": "จำนวนโครงการและรายการครุภัณฑ์ในแผนฉบับนี้",
    "budget_total": "งบประมาณรวมของแผนฉบับนี้ (บาท)",
    "budget_words": "งบประมาณรวมเป็นตัวอักษร เช่น หนึ่งล้านบาทถ้วน",
    "equipment_note": "ประโยคบอกว่าครุภัณฑ์ตามแบบ ผด.02/1 กี่รายการ เท่าใด ไม่นับรวมใน ผด.01 "
    "(ว่างเมื่อไม่มีครุภัณฑ์)",
    "purpose": "เหตุที่จัดทำฉบับนี้ ตามประเภทฉบับ (ฉบับแรก เพิ่มเติม หรือแก้ไข)",
    "approval_basis": "ผู้ที่พิจารณาก่อนเสนอผู้บริหาร: คณะกรรมการพัฒนาท้องถิ่น หรือผู้บริหารโดยตรง (ฉบับแก้ไข)",
}

REGULATION = (
    "ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548 "
    "แก้ไขเพิ่มเติม (ฉบับที่ 2) พ.ศ. 2559 และ (ฉบับที่ 3) พ.ศ. 2561"
)

DEFAULT_ANNOUNCEMENT = f"""\
ด้วย{{organization}} ได้จัดทำ{{plan_title}} ขึ้น {{purpose}} ให้ทุกหน่วยงานใช้เป็นแนวทาง\
ในการทำงาน และให้ประชาชนติดตามตรวจสอบการใช้งบประมาณได้

อาศัยอำนาจตามความใน{REGULATION} ข้อ 26 และข้อ 27 และโดยที่{{approval_basis}} \
{{executive_title}}จึงอนุมัติและประกาศใช้{{plan_title}} รายละเอียดปรากฏตามเอกสารแนบท้ายประกาศนี้

จึงประกาศให้ทราบโดยทั่วกัน"""

DEFAULT_INTRO = f"""\
# 1.1 บทนำ
{{organization}} ได้นำโครงการจากแผนพัฒนาท้องถิ่นที่ได้รับการจัดสรรงบประมาณตาม{{ordinance}}\
งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {{fiscal_year}} รวมทั้งโครงการของหน่วยงานอื่นที่จะเข้ามา\
ดำเนินการในพื้นที่ มาจัดทำเป็น{{plan_title}} รวม {{project_count}} รายการ \
งบประมาณทั้งสิ้น {{budget_total}} บาท ({{budget_words}}){{equipment_note}} \
เพื่อให้เห็นในภาพเดียวว่าในปีนี้จะทำโครงการใด ที่ไหน ช่วงเดือนใด ใช้งบประมาณเท่าใด \
และหน่วยงานใดรับผิดชอบ

แผนการดำเนินงานเป็นเครื่องมือที่ผู้บริหารท้องถิ่นใช้กำกับและติดตามการทำงานตลอดปีงบประมาณ \
เชื่อมแผนพัฒนาท้องถิ่นเข้ากับงบประมาณรายจ่ายประจำปี และเป็นข้อมูลที่ประชาชนใช้ติดตามการทำงาน\
ของ{{organization}}ได้

# 1.2 วัตถุประสงค์ของแผนการดำเนินงาน
- เพื่อรวบรวมโครงการ กิจกรรม และงบประมาณที่จะดำเนินการจริงในปีงบประมาณ \
พ.ศ. {{fiscal_year}} ไว้ในเอกสารฉบับเดียว
- เพื่อกำหนดช่วงเวลาดำเนินงานของแต่ละโครงการให้ชัดเจน ทำให้จัดลำดับงานและเตรียมการจัดซื้อจัดจ้างได้ล่วงหน้า
- เพื่อลดความซ้ำซ้อนของโครงการระหว่าง{{organization}}กับหน่วยงานอื่นที่ดำเนินการในพื้นที่เดียวกัน
- เพื่อใช้เป็นเครื่องมือติดตามและประเมินผลการดำเนินงานตลอดปีงบประมาณ

# 1.3 ขั้นตอนการจัดทำแผนการดำเนินงาน
การจัดทำแผนการดำเนินงานเป็นไปตาม{REGULATION} ข้อ 26 และข้อ 27 ตามลำดับดังนี้
> {{support_committee}}รวบรวมโครงการของ{{organization}} และของหน่วยงานราชการส่วนกลาง \
ส่วนภูมิภาค รัฐวิสาหกิจ และหน่วยงานอื่นที่จะดำเนินการในพื้นที่ แล้วจัดทำร่างแผนการดำเนินงาน
> {{support_committee}}เสนอร่างแผนการดำเนินงานต่อ{{development_committee}}
> {{development_committee}}พิจารณาร่างแผนการดำเนินงาน แล้วเสนอต่อผู้บริหารท้องถิ่น
> ผู้บริหารท้องถิ่นพิจารณาอนุมัติและประกาศใช้แผนการดำเนินงาน
> ปิดประกาศแผนการดำเนินงานภายใน 15 วันนับแต่วันที่ประกาศ และปิดไว้อย่างน้อย 30 วัน ให้ประชาชนทราบโดยทั่วกัน

แผนการดำเนินงานต้องแล้วเสร็จภายใน 30 วันนับแต่วันที่ประกาศใช้{{ordinance}}งบประมาณรายจ่าย \
งบประมาณรายจ่ายเพิ่มเติม งบประมาณจากเงินสะสม หรือวันที่ได้รับแจ้งแผนงานและโครงการจากหน่วยงานอื่น \
การขยายเวลาและการแก้ไขแผนการดำเนินงานเป็นอำนาจของผู้บริหารท้องถิ่น

# 1.4 ประโยชน์ของแผนการดำเนินงาน
- ผู้บริหารและหน่วยงานทราบล่วงหน้าว่าจะดำเนินโครงการใดเมื่อใด จึงจัดคน วัสดุ และการเบิกจ่ายได้สอดคล้องกัน
- การใช้งบประมาณเป็นไปตามแผนพัฒนาท้องถิ่น โปร่งใส และตรวจสอบได้
- ประชาชนและหน่วยงานตรวจสอบใช้ติดตามผลการดำเนินงานของ{{organization}}ได้
- เป็นข้อมูลพื้นฐานของการติดตามและประเมินผลแผนพัฒนาท้องถิ่น"""

DEFAULT_TEXTS = {INTRO: DEFAULT_INTRO, ANNOUNCEMENT: DEFAULT_ANNOUNCEMENT}


def check_placeholders(text: str) -> None:
    """Raise ValidationError (Thai, naming the culprit) for unknown or broken placeholders."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)]
    except ValueError:
        raise ValidationError(
            "วงเล็บปีกกา { } ไม่ครบคู่ (ถ้าต้องการพิมพ์วงเล็บปีกกาเอง ให้พิมพ์ {{ หรือ }})"
        ) from None
    for name, spec, conv in fields:
        if name is None:
            continue
        if spec or conv:
            # {organization:>999999} would print (or exhaust memory); only plain names are allowed.
            raise ValidationError(f"ช่องแทนค่า {{{name}}} ต้องไม่มีรูปแบบเพิ่มเติม (เช่น : หรือ !)")
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            raise ValidationError(
                f"ไม่รู้จักช่องแทนค่า {shown} ใช้ได้เฉพาะ: " + " ".join(f"{{{n}}}" for n in PLACEHOLDERS)
            )


def fill(text: str, values: dict) -> str:
    """The text with its placeholders filled (the text was checked when it was saved)."""
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError):
        # A text saved before a placeholder was retired: print it as typed, not an error page.
        return text


@dataclass(frozen=True)
class Block:
    """One printed block: kind is "heading", "paragraph", "bullets" or "flow"."""

    kind: str
    lines: tuple


_MARKS = {"# ": "heading", "- ": "bullets", "> ": "flow"}


def blocks(text: str) -> tuple[Block, ...]:
    """Plain text → blocks. Lines of one paragraph stay separate lines (printed with <br>)."""
    result, kind, lines = [], None, []

    def close():
        nonlocal kind, lines
        if lines:
            result.append(Block(kind, tuple(lines)))
        kind, lines = None, []

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
            continue
        mark = next((m for m in _MARKS if line.startswith(m) or line == m.strip()), None)
        line_kind = _MARKS[mark] if mark else "paragraph"
        content = line[len(mark) :].strip() if mark else line
        if line_kind == "heading":
            close()
            if content:
                result.append(Block("heading", (content,)))
            continue
        if line_kind != kind:
            close()
            kind = line_kind
        if content:
            lines.append(content)
    close()
    return tuple(result)


PURPOSES = {
    "original": "เพื่อรวบรวมโครงการ กิจกรรม และงบประมาณที่จะดำเนินการจริงในพื้นที่ไว้ในเอกสารฉบับเดียว",
    "supplementary": "เพื่อเพิ่มโครงการ กิจกรรม และงบประมาณที่จะดำเนินการในพื้นที่ "
    "เพิ่มเติมจากแผนการดำเนินงานที่ประกาศใช้แล้ว",
    "amendment": "เพื่อแก้ไขโครงการ กิจกรรม และงบประมาณในแผนการดำเนินงานที่ประกาศใช้แล้ว "
    "ให้ตรงกับการดำเนินงานจริง",
}


def approval_basis(development_committee: str, *, by_executive_alone: bool) -> str:
    if by_executive_alone:
        return "การแก้ไขแผนการดำเนินงานเป็นอำนาจของผู้บริหารท้องถิ่น และได้พิจารณาร่างการแก้ไขที่เสนอแล้ว"
    return f"{development_committee}ได้พิจารณาร่างแผนดังกล่าวแล้ว มีมติเห็นชอบและเสนอต่อผู้บริหารท้องถิ่น"
