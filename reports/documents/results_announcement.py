"""ประกาศผลการดำเนินงาน: the executive announces a round's results (one A4 portrait page).

It prints like the plan's announcement (the same shell and partial, reports/documents.html
#announcement): the seal or logo, the subject, OpPlan's own wording filled with the
report's numbers, the date, the signer and position. An announced round prints from its
record (reports.results_builder); before that it is a draft marked "ร่าง" with dotted
lines for the date and the signer.
"""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from reports import sources
from reports.documents.announcement import Logo, context, logo_image
from reports.documents.pipeline import PDF, ROUND, Document
from reports.results_builder import content_of, parse
from reports.texts import blocks
from thai.format import format_date_full, format_money


@dataclass(frozen=True)
class ResultsAnnouncement:
    organization: str
    organization_slug: str
    seal_short: str
    seal_name: str
    fiscal_year: int
    kind: str
    thai_digits: bool
    subject: str
    body: tuple
    announced_on: date | None
    signer: str
    position: str
    is_draft: bool
    logo: Logo | None


def _counts(report) -> str:
    """ "ดำเนินการแล้วเสร็จ 12 โครงการ อยู่ระหว่างดำเนินการ 5 โครงการ …" (statuses in use)."""
    parts = [f"{row.label} {row.count:,} โครงการ" for row in report.summary.rows if row.count]
    return " ".join(parts) if parts else "ไม่มีโครงการ"


def body_text(report) -> str:
    """OpPlan's wording of the announcement (paragraphs separated by blank lines)."""
    h = report.header
    total = report.summary.total
    return "\n\n".join(
        (
            f"ตามที่{h.organization}ได้ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. "
            f"{h.fiscal_year} เป็นกรอบของโครงการและกิจกรรมที่จะดำเนินการในปีงบประมาณนั้น "
            "และได้ติดตามผลการดำเนินงานตามแผนดังกล่าวมาโดยลำดับ",
            f"บัดนี้ การติดตามผลการดำเนินงาน{h.round_label} ข้อมูล ณ วันที่ "
            f"{format_date_full(h.as_of)} ได้แล้วเสร็จ แผนที่ใช้บังคับมีโครงการทั้งสิ้น "
            f"{report.count:,} โครงการ งบประมาณรวม {format_money(total.budget)} บาท "
            f"ในจำนวนนี้ {_counts(report)} เบิกจ่ายแล้วรวม {format_money(total.disbursed)} บาท "
            f"คิดเป็นร้อยละ {total.disbursed_share:.2f} ของงบประมาณ",
            f"เพื่อให้ประชาชนและผู้สนใจได้ทราบการใช้จ่ายงบประมาณและความคืบหน้าของงานตามแผน "
            f"{h.organization}จึงเผยแพร่{h.title} รายละเอียดตามรายงานแนบท้ายประกาศนี้",
            "จึงประกาศให้ทราบโดยทั่วกัน",
        )
    )


def build_results_announcement(round_) -> ResultsAnnouncement:
    content, is_draft = content_of(round_, logo=True)
    report = parse(content, is_draft=is_draft)
    words = content["organization"]
    h = report.header
    logo = content.get("logo")
    source = SimpleNamespace(logo=sources.LogoFile(**logo) if logo else None, is_draft=is_draft)
    return ResultsAnnouncement(
        organization=words["name"],
        organization_slug=h.organization_slug,
        seal_short=words["type_short"],
        seal_name=words["place_name"],
        fiscal_year=h.fiscal_year,
        kind=h.kind,
        thai_digits=h.thai_digits,
        subject=f"ผลการดำเนินงานตามแผนการดำเนินงาน {h.round_label} "
        f"ประจำปีงบประมาณ พ.ศ. {h.fiscal_year}",
        body=blocks(body_text(report)),
        announced_on=h.announced_on,
        signer=h.signer,
        position=h.position,
        is_draft=is_draft,
        logo=logo_image(source),
    )


def file_stem(announcement) -> str:
    a = announcement
    return f"{a.organization_slug}-{a.fiscal_year}-{a.kind}"


DOCUMENT = Document(
    key="results_announcement",
    label="ประกาศผลการดำเนินงาน",
    built_from=ROUND,
    build=build_results_announcement,
    context=context,
    file_stem=file_stem,
    template="reports/document_pdf.html",
    partial="reports/documents.html#announcement",
    stylesheets=("css/documents.css",),
    orientation="portrait",
    formats=(PDF,),
    published=(PDF,),
)
