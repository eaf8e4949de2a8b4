"""ผด.02 บัญชีโครงการ/กิจกรรม/งบประมาณ: every project by strategy and แผนงาน, with month bars."""

from reports import xlsx
from reports.builders import build_pd02
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

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
    published=(PDF, XLSX),
)
