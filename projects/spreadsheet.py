"""The ผด.02 spreadsheet format that OpPlan exports and imports (one place for both).

The header row is the first row with a cell "โครงการ"; columns are found by
their header text, so column order does not matter on import.
"""

import re

from thai.format import FISCAL_MONTHS

STRATEGY = "ยุทธศาสตร์"
PROGRAM = "แผนงาน"
NAME = "โครงการ"
DETAILS = "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ"
BUDGET = "งบประมาณ (บาท)"
SOURCE = "แหล่งงบประมาณ"
LOCATION = "สถานที่ดำเนินการ"
DEPARTMENT = "หน่วยงานรับผิดชอบหลัก"
EQUIPMENT_TYPE = "ประเภทครุภัณฑ์"
EQUIPMENT_CATEGORY = "หมวด"
TARGET = "เป้าหมาย"
DEVELOPMENT_PLAN = "แผนพัฒนาท้องถิ่น"
SEQUENCE = "ที่"
MONTHS = tuple(m.abbr for m in FISCAL_MONTHS)

# The columns OpPlan writes, in order.
EXPORT_COLUMNS = (
    STRATEGY,
    PROGRAM,
    NAME,
    DETAILS,
    BUDGET,
    SOURCE,
    LOCATION,
    DEPARTMENT,
    *MONTHS,
    EQUIPMENT_TYPE,
    EQUIPMENT_CATEGORY,
    TARGET,
    DEVELOPMENT_PLAN,
)
MONTH_MARK = "✓"

_SPACES = re.compile(r"\s+")


def header_key(text) -> str:
    """Header text without spaces or line breaks, for matching."""
    return _SPACES.sub("", str(text or ""))


# Header spellings seen in real files → the column they mean.
HEADER_ALIASES = {
    header_key(name): name
    for name in (STRATEGY, PROGRAM, NAME, DETAILS, BUDGET, SOURCE, LOCATION, DEPARTMENT,
                 EQUIPMENT_TYPE, EQUIPMENT_CATEGORY, TARGET, DEVELOPMENT_PLAN, SEQUENCE)
}  # fmt: skip
HEADER_ALIASES.update(
    {
        header_key("ที่"): SEQUENCE,
        header_key("ลำดับ"): SEQUENCE,
        header_key("ลำดับที่"): SEQUENCE,
        header_key("โครงการ/กิจกรรม"): NAME,
        header_key("ชื่อโครงการ"): NAME,
        header_key("รายละเอียดกิจกรรม"): DETAILS,
        header_key("รายละเอียดของกิจกรรม"): DETAILS,
        header_key("งบประมาณ"): BUDGET,
        header_key("งบประมาณ(บาท)"): BUDGET,
        header_key("แหล่งที่มาของงบประมาณ"): SOURCE,
        header_key("แหล่งที่มางบประมาณ"): SOURCE,
        header_key("สถานที่"): LOCATION,
        header_key("หน่วยงานรับผิดชอบ"): DEPARTMENT,
        header_key("หน่วยดำเนินการ"): DEPARTMENT,
        header_key("ประเภท"): EQUIPMENT_TYPE,
        header_key("เป้าหมาย(ผลผลิตของครุภัณฑ์)"): TARGET,
        header_key("แผนพัฒนาท้องถิ่น(อ้างอิง)"): DEVELOPMENT_PLAN,
        header_key("อ้างอิงแผนพัฒนาท้องถิ่น"): DEVELOPMENT_PLAN,
    }
)
MONTH_KEYS = {header_key(abbr): number for number, abbr in enumerate(MONTHS, start=1)}
