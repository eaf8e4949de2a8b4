"""An edition's rows as CSV: UTF-8 with a BOM (Excel opens Thai right), one header row of
Thai labels, then one line per project with exactly the values of the JSON rows."""

import csv
import io

# (key of schemas.Project or of its latest_result, Thai header), in column order.
COLUMNS = (
    ("number", "ลำดับ"),
    ("plan", "รหัสฉบับที่ประกาศ"),
    ("strategy_number", "ยุทธศาสตร์ที่"),
    ("strategy", "ยุทธศาสตร์"),
    ("sector", "ด้าน"),
    ("program", "แผนงาน"),
    ("name", "โครงการ"),
    ("details", "รายละเอียดของกิจกรรม"),
    ("budget", "งบประมาณ (บาท)"),
    ("budget_source", "แหล่งงบประมาณ"),
    ("location", "สถานที่ดำเนินการ"),
    ("department", "หน่วยงานรับผิดชอบหลัก"),
    ("months", "เดือนที่ดำเนินการ (1 = ต.ค. … 12 = ก.ย.)"),
    ("months_text", "เดือนที่ดำเนินการ"),
    ("is_equipment", "ครุภัณฑ์ (ผด.02/1)"),
    ("equipment_type", "ประเภทครุภัณฑ์"),
    ("equipment_category", "หมวด"),
    ("target", "เป้าหมาย"),
    ("development_plan_ref", "อ้างอิงแผนพัฒนาท้องถิ่น"),
    ("result.round", "ผลการดำเนินงาน: รอบ"),
    ("result.status_label", "ผลการดำเนินงาน: สถานะ"),
    ("result.progress", "ผลการดำเนินงาน: ความก้าวหน้า (ร้อยละ)"),
    ("result.disbursed", "ผลการดำเนินงาน: เบิกจ่าย (บาท)"),
    ("result.contract_amount", "ผลการดำเนินงาน: วงเงินตามสัญญา (บาท)"),
)
BOM = "\ufeff"
# A cell a spreadsheet would run as a formula starts with one of these: prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A JSON value as its CSV text: lists joined by spaces, booleans as ใช่/ไม่ใช่,
    null as empty; money stays the decimal string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row_values(project: dict) -> list[str]:
    """One CSV line from one JSON row (schemas.Project dumped as JSON)."""
    result = project.get("latest_result") or {}
    values = []
    for key, _ in COLUMNS:
        if key.startswith("result."):
            values.append(cell(result.get(key.removeprefix("result."))))
        else:
            values.append(cell(project[key]))
    return values


def render_projects_csv(projects: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for project in projects:
        writer.writerow(row_values(project))
    return (BOM + buffer.getvalue()).encode("utf-8")
