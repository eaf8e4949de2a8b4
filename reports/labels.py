"""Every heading, label and column title printed on the forms: defaults, and each
organisation's own wording (ReportLabel rows, edited in the admin) on top.

Forms differ slightly between อปท. (domain.md §3): wording lives here, not in
templates, so an organisation adjusts it without code.
"""

DEFAULT_LABELS = {
    "plan_line": "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {year}",
    "page": "หน้า",
    "empty": "ไม่มีโครงการในแผนนี้",
    "pd01_label": "แบบ ผด.01",
    "pd01_title": "บัญชีสรุปจำนวนโครงการและงบประมาณ",
    "pd01_strategy": "ยุทธศาสตร์/แผนงาน",
    "pd01_count": "จำนวนโครงการที่ดำเนินการ",
    "pd01_count_share": "คิดเป็นร้อยละของโครงการทั้งหมด",
    "pd01_budget": "จำนวนงบประมาณ",
    "pd01_budget_share": "คิดเป็นร้อยละของงบประมาณทั้งหมด",
    "pd01_units": "หน่วยดำเนินการ",
    "pd01_subtotal": "รวม",
    "pd01_total": "รวมทั้งสิ้น",
    "pd02_label": "แบบ ผด.02",
    "pd02_title": "บัญชีโครงการ/กิจกรรม/งบประมาณ",
    "pd02_number": "ที่",
    "pd02_name": "โครงการ",
    "pd02_details": "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
    "pd02_budget": "งบประมาณ (บาท)",
    "pd02_location": "สถานที่ดำเนินการ",
    "pd02_unit": "หน่วยงานรับผิดชอบหลัก",
    "pd02_year": "พ.ศ. {year}",
    "pd021_label": "แบบ ผด.02/1",
    "pd021_title": "บัญชีจำนวนครุภัณฑ์สำหรับที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น",
    "pd021_number": "ที่",
    "pd021_program": "แผนงาน",
    "pd021_category": "หมวด",
    "pd021_type": "ประเภท",
    "pd021_target": "เป้าหมาย (ผลผลิตของครุภัณฑ์)",
    "pd021_budget": "งบประมาณ (บาท)",
    "pd021_unit": "หน่วยงานรับผิดชอบหลัก",
    "pd021_group": "ประเภท{type}",
    "total": "รวม",
}


def labels_for(organization) -> dict[str, str]:
    """The defaults with the organisation's own wording on top (one query)."""
    labels = dict(DEFAULT_LABELS)
    labels.update(organization.report_labels.values_list("key", "text"))
    return labels
