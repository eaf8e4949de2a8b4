"""Shortcuts for tests: a document's HTML or file, through the one printing pipeline."""

from reports.documents import DOCUMENTS, pipeline


def html_of(content, key) -> str:
    """The HTML the PDF of document `key` is made from, for its built `content`."""
    return pipeline.render_html(pipeline.Built(DOCUMENTS[key], content))


def workbook_of(content, key) -> bytes:
    """The workbook of form `key` for its built `content`."""
    return pipeline.render_bytes(pipeline.Built(DOCUMENTS[key], content), pipeline.XLSX)


def file_of(subject, key, fmt="pdf", **options) -> pipeline.Rendered:
    """Document `key` of a plan or a meeting as a file (from the cache when rendered before)."""
    return pipeline.render(pipeline.build(DOCUMENTS[key], subject, **options), fmt)
