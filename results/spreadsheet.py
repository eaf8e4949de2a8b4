"""The results spreadsheet of a round, one definition for export and import.

The header row is the first row with a cell "โครงการ"; columns are found by their
header text (spaces and line breaks ignored), so order does not matter on import.
OpPlan's export writes KEY (the row's lineage) so a re-import matches rows exactly;
a sheet without it is matched by project name. The context columns (ยุทธศาสตร์,
แผนงาน, หน่วยงาน, งบประมาณ) are written for the reader and never read back.
"""

from projects.spreadsheet import header_key
from results.models import ResultStatus

KEY = "รหัส OpPlan"
STRATEGY = "ยุทธศาสตร์"
PROGRAM = "แผนงาน"
NAME = "โครงการ"
DEPARTMENT = "หน่วยงานรับผิดชอบหลัก"
BUDGET = "งบประมาณ (บาท)"
STATUS = "สถานะ"
DISBURSED = "เบิกจ่าย (บาท)"
CONTRACT = "วงเงินตามสัญญา (บาท)"
PROGRESS = "ความก้าวหน้า (%)"
PROBLEMS = "ปัญหา อุปสรรค"
SUGGESTIONS = "ข้อเสนอแนะ"
CONFIRM = "ยืนยันเบิกจ่ายเกินงบประมาณ"

# The columns OpPlan writes, in order; the last seven are what a reporter fills in.
EXPORT_COLUMNS = (
    KEY,
    STRATEGY,
    PROGRAM,
    NAME,
    DEPARTMENT,
    BUDGET,
    STATUS,
    DISBURSED,
    CONTRACT,
    PROGRESS,
    PROBLEMS,
    SUGGESTIONS,
    CONFIRM,
)
# What the import reads; the first two are required.
REQUIRED = (STATUS, DISBURSED)
READ = (KEY, NAME, STATUS, DISBURSED, CONTRACT, PROGRESS, PROBLEMS, SUGGESTIONS, CONFIRM)
# The Result field each reported column fills (and check_entry's field names).
FIELDS = {
    STATUS: "status",
    DISBURSED: "disbursed",
    CONTRACT: "contract_amount",
    PROGRESS: "progress",
    PROBLEMS: "problems",
    SUGGESTIONS: "suggestions",
}
COLUMN_OF_FIELD = {field: column for column, field in FIELDS.items()}
CONFIRM_MARK = "✓"
# What a CONFIRM cell may say for "yes" (anything else non-empty is an error).
CONFIRM_YES = frozenset({"✓", "✔", "x", "/", "1", "ใช่", "ยืนยัน", "yes", "y", "true"})
CONFIRM_NO = frozenset({"", "-", "0", "ไม่", "ไม่ใช่", "no", "n", "false"})


def key(text) -> str:
    """Header or status text without spaces or line breaks, lower-cased, for matching."""
    return header_key(text).lower()


HEADER_ALIASES = {key(name): name for name in READ}
HEADER_ALIASES.update(
    {
        key("รหัส OpPlan (ห้ามแก้ไข)"): KEY,
        key("ชื่อโครงการ"): NAME,
        key("โครงการ/กิจกรรม"): NAME,
        key("สถานะโครงการ"): STATUS,
        key("สถานะการดำเนินงาน"): STATUS,
        key("ผลการดำเนินงาน"): STATUS,
        key("เบิกจ่าย"): DISBURSED,
        key("เบิกจ่ายแล้ว"): DISBURSED,
        key("เบิกจ่าย(บาท)"): DISBURSED,
        key("จำนวนเงินที่เบิกจ่าย"): DISBURSED,
        key("งบประมาณที่เบิกจ่าย"): DISBURSED,
        key("วงเงินตามสัญญา"): CONTRACT,
        key("วงเงินสัญญา"): CONTRACT,
        key("ความก้าวหน้า"): PROGRESS,
        key("ความก้าวหน้า(ร้อยละ)"): PROGRESS,
        key("ร้อยละความก้าวหน้า"): PROGRESS,
        key("ปัญหาอุปสรรค"): PROBLEMS,
        key("ปัญหา/อุปสรรค"): PROBLEMS,
        key("ปัญหาและอุปสรรค"): PROBLEMS,
        key("ยืนยันเกินงบประมาณ"): CONFIRM,
    }
)


def column_of(text) -> str | None:
    """The column a header cell names, or None (a column the import does not read)."""
    found = key(text)
    name = HEADER_ALIASES.get(found)
    if name is not None:
        return name
    if found.startswith("ยืนยัน"):
        return CONFIRM
    if found.startswith("เบิกจ่าย"):
        return DISBURSED
    if found.startswith(("วงเงินตามสัญญา", "วงเงินสัญญา")):
        return CONTRACT
    if found.startswith("ความก้าวหน้า"):
        return PROGRESS
    if found.startswith("ปัญหา"):  # also "ปัญหา อุปสรรค และข้อเสนอแนะ" in one column
        return PROBLEMS
    return None


# Status text → ResultStatus: the labels, and the words officers write for them.
STATUS_WORDS = {key(label): value for value, label in ResultStatus.choices}
STATUS_WORDS.update(
    {
        key("ยังไม่ดำเนินการ"): ResultStatus.NOT_STARTED,
        key("ยังไม่ได้ดำเนินงาน"): ResultStatus.NOT_STARTED,
        key("ระหว่างดำเนินการ"): ResultStatus.IN_PROGRESS,
        key("กำลังดำเนินการ"): ResultStatus.IN_PROGRESS,
        key("แล้วเสร็จ"): ResultStatus.DONE,
        key("ดำเนินการแล้ว"): ResultStatus.DONE,
        key("เสร็จสิ้น"): ResultStatus.DONE,
        key("ดำเนินการเสร็จแล้ว"): ResultStatus.DONE,
        key("กันเงิน"): ResultStatus.CARRIED_OVER,
        key("ขยายเวลาเบิกจ่ายไปปีถัดไป"): ResultStatus.CARRIED_OVER,
        key("กันเงินไปปีถัดไป"): ResultStatus.CARRIED_OVER,
    }
)


def status_of(text) -> str | None:
    """The ResultStatus a cell's text names (spaces ignored), or None."""
    return STATUS_WORDS.get(key(text))
