"""ผด.02 บัญชีโครงการ/กิจกรรม/งบประมาณ: every project by strategy and แผนงาน, with month bars."""

from reports import xlsx
from reports.builders import build_pd02
from reports.columns import INTEGER, LINES, MONEY, Column, Table
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

COLUMNS = Table(
    (
        Column("number", "pd02_number", INTEGER, css="c-no", width=5),
        Column("name", "pd02_name", css="c-project", width=34),
        Column("details", "pd02_details", LINES, css="c-details", width=44),
        Column("budget", "pd02_budget", MONEY, css="c-money", width=16),
        Column("location", "pd02_location", css="c-place", width=20),
        Column("unit", "pd02_unit", css="c-unit", width=20),
    ),
    months=True,
)

DOCUMENT = Document(
    key="pd02",
    label="ผด.02",
    title="แบบ ผด.02 บัญชีโครงการ/กิจกรรม",
    built_from=PLAN,
    build=build_pd02,
    context=forms.context,
    file_stem=forms.file_stem,
    template="reports/pdf.html",
    partial="reports/forms.html#pd02",
    stylesheets=("css/forms.css",),
    orientation="landscape",
    formats=(HTML, PDF, XLSX),
    xlsx=xlsx.render_pd02,
    columns=COLUMNS,
    published=(PDF, XLSX),
)
