"""ผด.01 บัญชีสรุปจำนวนโครงการและงบประมาณ: per strategy, a row per แผนงาน, counts and shares."""

from reports import xlsx
from reports.builders import build_pd01
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

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
    published=(PDF, XLSX),
)
