"""Every heading, label and column title printed on the forms: defaults, and each
organisation's own wording (ReportLabel rows, edited in the admin) on top.

Forms differ slightly between อปท. (domain.md §3): wording lives here, not in
templates, so an organisation adjusts it without code.
"""

import string

DEFAULT_LABELS = {
    "plan_line": "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {year}",
    "edition_line": "{edition} ประจำปีงบประมาณ พ.ศ. {year}",
    "strategy_line": "{number}. ยุทธศาสตร์{name}",
    "page": "หน้า",
    "empty": "ไม่มีโครงการในแผนนี้",
    "pd01_label": "แบบ ผด.01",
    "pd01_title": "บัญชีสรุปจำนวนโครงการและงบประมาณ",
    "pd01_strategy": "ยุทธศาสตร์/แผนงาน",
    "pd01_count": "จำนวนโครงการที่ดำเนินการ",
    "pd01_count_share": "คิดเป็นร้อยละของโครงการทั้งหมด",
    "pd01_budget": "จำนวนงบประมาณ (บาท)",
    "pd01_budget_share": "คิดเป็นร้อยละของงบประมาณทั้งหมด",
    "pd01_units": "หน่วยดำเนินการ",
    "pd01_subtotal": "รวม",
    "pd01_total": "รวมทั้งสิ้น",
    "pd01_note": "หมายเหตุ: ร้อยละคิดจากจำนวนโครงการและงบประมาณทั้งหมดของแผน ปัดเศษทศนิยม 2 ตำแหน่ง "
    "(ปัดครึ่งขึ้น) ผลรวมของแต่ละแถวจึงอาจไม่เท่ากับ 100.00 พอดี",
    "pd02_label": "แบบ ผด.02",
    "pd02_title": "บัญชีโครงการ/กิจกรรม/งบประมาณ",
    "pd02_number": "ที่",
    "pd02_name": "โครงการ",
    "pd02_details": "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
    "pd02_budget": "งบประมาณ (บาท)",
    "pd02_location": "สถานที่ดำเนินการ",
    "pd02_unit": "หน่วยงานรับผิดชอบหลัก",
    "pd02_year": "พ.ศ. {year}",
    "pd02_total": "รวมทั้งสิ้น {count} โครงการ",
    "pd021_label": "แบบ ผด.02/1",
    "pd021_title": "บัญชีจำนวนครุภัณฑ์สำหรับที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น",
    "pd021_number": "ที่",
    "pd021_program": "แผนงาน",
    "pd021_category": "หมวด",
    "pd021_type": "ประเภท",
    "pd021_target": "เป้าหมาย (ผลผลิตของครุภัณฑ์)",
    "pd021_budget": "งบประมาณ (บาท)",
    "pd021_unit": "หน่วยงานรับผิดชอบหลัก",
    "pd021_group": "{number}. ประเภท{type}",
    "pd021_total": "รวมทั้งสิ้น {count} รายการ",
    "total": "รวม",
    # Printed at the top of a ผด.02 page that continues a แผนงาน: "1. ยุทธศาสตร์… / 1.1 แผนงาน… (ต่อ)"
    "continued": "(ต่อ)",
    # Under the book's ผด.01 when the plan buys equipment (ผด.02/1 is not counted in ผด.01)
    "pd01_equipment_note": "ผด.01 ไม่นับรวมครุภัณฑ์ที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่นตามแบบ ผด.02/1 "
    "อีก {count} รายการ งบประมาณ {total} บาท",
}


# The placeholders each wording may use (checked when an organisation saves its own).
PLACEHOLDERS = {
    "plan_line": {"year"},
    "edition_line": {"edition", "year"},
    "strategy_line": {"number", "name"},
    "pd02_year": {"year"},
    "pd02_total": {"count"},
    "pd021_group": {"number", "type"},
    "pd021_total": {"count"},
    "pd01_equipment_note": {"count", "total"},
}


def placeholders_in(text: str) -> set[str]:
    """The {names} a wording uses; raises ValueError for broken braces or a format spec.

    Only plain {name} is allowed: {name:>999999999} would print an absurd width.
    """
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} has a format spec")
        names.add(name)
    return names


def labels_for(organization) -> dict[str, str]:
    """The defaults with the organisation's own wording on top (one query)."""
    labels = dict(DEFAULT_LABELS)
    labels.update(organization.report_labels.values_list("key", "text"))
    return labels
