"""ผด.01 บัญชีสรุปจำนวนโครงการและงบประมาณ: per strategy, a row per แผนงาน, counts and shares."""

from reports import xlsx
from reports.builders import build_pd01
from reports.columns import INTEGER, MONEY, NAMES, SHARE, Column, Table
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

# The first column is the strategy's แผนงาน ("1.1 แผนงาน…") or the total's label.
COLUMNS = Table(
    (
        Column("", "pd01_strategy", css="c-name", width=48),
        Column("count", "pd01_count", INTEGER, css="c-num", width=14),
        Column("count_share", "pd01_count_share", SHARE, css="c-num", width=16),
        Column("budget", "pd01_budget", MONEY, css="c-money", width=18),
        Column("budget_share", "pd01_budget_share", SHARE, css="c-num", width=16),
        Column("units", "pd01_units", NAMES, css="c-units", width=34),
    )
)

DOCUMENT = Document(
    key="pd01",
    label="ผด.01",
    title="แบบ ผด.01 บัญชีสรุปจำนวนโครงการ",
    built_from=PLAN,
    build=build_pd01,
    context=forms.context,
    file_stem=forms.file_stem,
    template="reports/pdf.html",
    partial="reports/forms.html#pd01",
    stylesheets=("css/forms.css",),
    orientation="landscape",
    formats=(HTML, PDF, XLSX),
    xlsx=xlsx.render_pd01,
    columns=COLUMNS,
    published=(PDF, XLSX),
)
