"""An announced edition whose record cannot be printed gets a page that says so.

The record is checked where it is read (reports.sources raises RecordBroken when the
logo stored at the announcement is lost or altered). Every page that prints — forms,
books, letters, results — is covered here instead of in each view: the person sees what
happened and what to do, the operator gets the error with its traceback in the log.
"""

import logging

from django.shortcuts import render

from reports.sources import RecordBroken

logger = logging.getLogger(__name__)


class RecordBrokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RecordBroken):
            return None
        logger.error("record broken at %s: %s", request.path, exception, exc_info=exception)
        return render(request, "reports/record_broken.html", {"reason": str(exception)}, status=503)
