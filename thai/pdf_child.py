"""Preloaded by the forkserver of thai.pdf_parallel: the processes forked from it render PDFs.

Importing WeasyPrint and setting Django up here, once, lets every child start ready, with the
same process-wide set-up as any Django process (reports' ready() installs the ActualText
text layer and Thai justification). Nothing here opens a database connection or starts a
thread.
"""

import django
import weasyprint  # noqa: F401 -- imported once, inherited by every child

django.setup()
