"""Shortcuts for tests: a document's HTML or file, through the one printing pipeline."""

from reports.documents import DOCUMENTS, pipeline
from thai import pdf_parallel, pdf_sections


def html_of(content, key) -> str:
    """The HTML the PDF of document `key` is made from, for its built `content`."""
    return pipeline.render_html(pipeline.Built(DOCUMENTS[key], content))


def workbook_of(content, key) -> bytes:
    """The workbook of form `key` for its built `content`."""
    return pipeline.render_bytes(pipeline.Built(DOCUMENTS[key], content), pipeline.XLSX)


def file_of(subject, key, fmt="pdf", **options) -> pipeline.Rendered:
    """Document `key` of a plan or a meeting as a file (from the cache when rendered before)."""
    return pipeline.render(pipeline.build(DOCUMENTS[key], subject, **options), fmt)


def laid_out(monkeypatch) -> list[str]:
    """The documents that pdf_parallel's pools are given to lay out, as they are given."""
    given, pool = [], pdf_parallel.pool

    def counted(processes):
        workers = pool(processes)
        submit = workers.submit

        def recorded(function, *args, **kwargs):
            if function in (pdf_parallel._render_chunk, pdf_sections._lay_out):
                given.append(args[0])
            return submit(function, *args, **kwargs)

        workers.submit = recorded
        return workers

    monkeypatch.setattr(pdf_parallel, "pool", counted)
    return given
