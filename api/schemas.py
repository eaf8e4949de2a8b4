"""The shapes the API answers with: one definition each, from which the OpenAPI document
is generated and by which every body is serialised (api/records.py builds them).

Money is a decimal string with two places ("1250000.00"), never a JSON number: a float
would lose satang. Dates are ISO 8601 (ค.ศ.); fiscal years are พ.ศ. as printed.
"""

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

MONEY = r"^\d+\.\d{2}$"
SHA256 = r"^[0-9a-f]{64}$"


class Frozen(Schema):
    model_config = ConfigDict(frozen=True)


def money(description):
    return Field(pattern=MONEY, description=description, examples=["250000.00"])


class Error(Frozen):
    detail: str = Field(description="ข้อความภาษาไทยบอกสิ่งที่ผิดและที่ใด")


class Organization(Frozen):
    slug: str = Field(description="รหัสของ อปท. ในระบบ (ใช้ใน URL)")
    name: str = Field(description="ชื่อ อปท.")
    type: str = Field(description="ประเภท (รหัส): sao, subdistrict_municipality, …")
    type_label: str = Field(description="ประเภท (ภาษาไทย) เช่น องค์การบริหารส่วนตำบล")
    district: str = Field(description="อำเภอ (ว่างสำหรับ อบจ.)")
    province: str = Field(description="จังหวัด")
    url: str = Field(description="URL ของข้อมูล อปท. นี้ใน API")
    plans_url: str = Field(description="URL ของรายการแผนที่ประกาศใช้แล้ว")
    public_page: str = Field(description="หน้าเว็บสาธารณะของ อปท. (ดาวน์โหลด PDF)")


class OrganizationPage(Frozen):
    count: int = Field(description="จำนวน อปท. ทั้งหมด")
    next: str | None = Field(description="URL ของหน้าถัดไป (null เมื่อเป็นหน้าสุดท้าย)")
    previous: str | None = Field(description="URL ของหน้าก่อน (null เมื่อเป็นหน้าแรก)")
    results: list[Organization]


class PublishedFile(Frozen):
    document: str = Field(description="เอกสาร: announcement, book, pd01, pd02, pd02_1 …")
    format: Literal["pdf", "xlsx"]
    label: str = Field(description="ชื่อเอกสารภาษาไทย")
    name: str = Field(description="ชื่อไฟล์")
    size: int = Field(description="ขนาด (ไบต์)")
    sha256: str = Field(pattern=SHA256, description="SHA-256 ของไฟล์ (ตรวจสอบไฟล์ที่ดาวน์โหลดได้)")
    revision: int = Field(description="ฉบับบันทึกของการประกาศที่ไฟล์นี้พิมพ์ (2 ขึ้นไปหลังการแก้ไข)")
    url: str = Field(description="URL ดาวน์โหลด (ไม่ต้องเข้าสู่ระบบ)")


class Posting(Frozen):
    place: str = Field(description="สถานที่ปิดประกาศ (รหัส)")
    place_label: str = Field(description="สถานที่ปิดประกาศ (ภาษาไทย)")
    detail: str = Field(description="รายละเอียดสถานที่")
    url: str = Field(description="ลิงก์ (กรณีปิดประกาศทางเว็บไซต์) หรือว่าง")
    starts_on: date
    ends_on: date


class Snapshot(Frozen):
    sha256: str = Field(pattern=SHA256, description="SHA-256 ของบันทึกฉบับที่ประกาศ")
    revision: int = Field(description="ฉบับบันทึกที่ (1 = ตอนประกาศ; เพิ่มเมื่อผู้บริหารแก้ไขประกาศ)")


class Plan(Frozen):
    id: int = Field(description="รหัสแผน (ใช้ใน /plans/{id}/projects/)")
    title: str = Field(description="ชื่อฉบับ เช่น แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570")
    organization: str = Field(description="รหัสของ อปท.")
    fiscal_year: int = Field(description="ปีงบประมาณ (พ.ศ.)")
    kind: Literal["original", "supplementary", "amendment"] = Field(
        description="ฉบับแรก / เพิ่มเติม / แก้ไข"
    )
    kind_label: str
    number: int = Field(description="ครั้งที่ (0 สำหรับฉบับแรก)")
    status: Literal["announced", "posted"] = Field(description="ประกาศใช้แล้ว / ปิดประกาศแล้ว")
    announced_on: date | None = Field(description="วันที่ประกาศ")
    posting_started_on: date | None = Field(description="วันที่เริ่มปิดประกาศ")
    postings: list[Posting] = Field(description="การปิดประกาศที่มีผล (ไม่รวมบันทึกที่ถอนหรือแก้ไขแล้ว)")
    snapshot: Snapshot | None = Field(description="บันทึกฉบับที่ประกาศซึ่งใช้อยู่")
    files: list[PublishedFile] = Field(
        description="ไฟล์ที่เผยแพร่ของบันทึกฉบับปัจจุบัน (ว่างระหว่างที่ระบบกำลังจัดทำ)"
    )
    earlier_files: list[PublishedFile] = Field(description="ไฟล์ที่เผยแพร่ก่อนการแก้ไขประกาศ")
    projects_url: str
    projects_csv_url: str
    consolidated_url: str = Field(description="แผนที่มีผลใช้ทั้งปีงบประมาณ (ทุกฉบับรวมกัน)")


class PlanList(Frozen):
    organization: Organization
    results: list[Plan] = Field(description="ฉบับที่ประกาศใช้แล้ว ใหม่ที่สุดก่อน")


class Round(Frozen):
    kind: str = Field(description="quarter_1, six_month, quarter_3, annual")
    label: str
    as_of: date = Field(description="ผลถึงวันที่")
    announced_on: date = Field(description="วันที่ประกาศผล")


class Result(Frozen):
    round: str = Field(description="รอบรายงาน (รหัส) ที่ประกาศผลล่าสุด")
    status: str = Field(
        description="not_started, in_progress, done, cancelled, carried_over (ดู status_label)"
    )
    status_label: str
    progress: int | None = Field(description="ความก้าวหน้า (ร้อยละ) หรือ null")
    disbursed: str = money("เบิกจ่าย (บาท)")
    contract_amount: str | None = Field(pattern=MONEY, description="วงเงินตามสัญญา (บาท) หรือ null")


class Project(Frozen):
    number: int = Field(description="ลำดับในรายการนี้ (เริ่มที่ 1)")
    plan: int = Field(description="รหัสฉบับที่ประกาศแถวนี้")
    strategy_number: int
    strategy: str = Field(description="ยุทธศาสตร์")
    sector: str = Field(description="ด้าน")
    program: str = Field(description="แผนงาน")
    name: str = Field(description="โครงการ")
    details: str = Field(description="รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ")
    budget: str = money("งบประมาณ (บาท) เป็นข้อความทศนิยมสองตำแหน่ง")
    budget_source: str = Field(description="แหล่งงบประมาณ")
    location: str = Field(description="สถานที่ดำเนินการ")
    department: str = Field(description="หน่วยงานรับผิดชอบหลัก")
    months: list[int] = Field(description="เดือนที่ดำเนินการ: 1 = ต.ค. … 12 = ก.ย. ของปีงบประมาณ")
    months_text: str = Field(description="เดือนที่ดำเนินการ เช่น ต.ค. – ธ.ค.")
    is_equipment: bool = Field(description="ครุภัณฑ์ตามแบบ ผด.02/1")
    equipment_type: str
    equipment_category: str
    target: str
    development_plan_ref: str = Field(description="อ้างอิงแผนพัฒนาท้องถิ่น")
    latest_result: Result | None = Field(
        description="ผลการดำเนินงานของรอบที่ประกาศผลล่าสุด (null เมื่อยังไม่ประกาศผลหรือยังไม่รายงาน)"
    )


class ProjectPage(Frozen):
    plan: int = Field(description="รหัสแผนที่ขอ")
    organization: str
    fiscal_year: int
    scope: Literal["edition", "consolidated"] = Field(
        description="edition: แถวของฉบับนี้ตามที่ประกาศ; consolidated: แผนที่มีผลใช้ทั้งปีงบประมาณ"
    )
    snapshot_sha256: str | None = Field(description="SHA-256 ของบันทึกฉบับที่ประกาศ (scope=edition)")
    results_round: Round | None = Field(
        description="รอบรายงานที่ประกาศผลล่าสุดของปีงบประมาณ (null จนกว่าจะประกาศผล)"
    )
    count: int = Field(description="จำนวนโครงการทั้งหมด")
    total_budget: str = money("งบประมาณรวมทุกโครงการ (บาท)")
    next: str | None
    previous: str | None
    results: list[Project]
