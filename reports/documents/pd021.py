"""ผด.02/1 บัญชีจำนวนครุภัณฑ์: equipment not bought through a project, by equipment type."""

from reports import xlsx
from reports.builders import build_pd021
from reports.documents import forms
from reports.documents.pipeline import HTML, PDF, PLAN, XLSX, Document

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
    published=(PDF, XLSX),
)
