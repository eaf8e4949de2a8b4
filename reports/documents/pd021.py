"""ผด.02/1 บัญชีจำนวนครุภัณฑ์: equipment not bought through a project, by equipment type."""

from reports import xlsx
from reports.builders import build_pd021
from reports.columns import INTEGER, MONEY, Column, Table
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

COLUMNS = Table(
    (
        Column("number", "pd021_number", INTEGER, css="c-no", width=5),
        Column("program", "pd021_program", css="c-program", width=24),
        Column("category", "pd021_category", css="c-category", width=14),
        Column("type", "pd021_type", css="c-type", width=20),
        Column("target", "pd021_target", css="c-target", width=34),
        Column("budget", "pd021_budget", MONEY, css="c-money", width=16),
        Column("unit", "pd021_unit", css="c-unit", width=20),
    ),
    months=True,
)

DOCUMENT = Document(
    key="pd02_1",
    label="ผด.02/1",
    title="แบบ ผด.02/1 บัญชีจำนวนครุภัณฑ์",
    built_from=PLAN,
    build=build_pd021,
    context=forms.context,
    file_stem=forms.file_stem,
    template="reports/pdf.html",
    partial="reports/forms.html#pd021",
    stylesheets=("css/forms.css",),
    orientation="landscape",
    formats=(HTML, PDF, XLSX),
    xlsx=xlsx.render_pd021,
    columns=COLUMNS,
    published=(PDF, XLSX),
)
