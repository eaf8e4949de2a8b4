"""Log filters named in settings.LOGGING."""

import logging


class TracebacksForErrorsOnly(logging.Filter):
    """A traceback in the log means an error: below ERROR, one line with the exception.

    Django logs a refused request (403, 400) at WARNING with its exception attached;
    printed whole, those tracebacks would bury the real errors. The exception's type
    and message stay on the line.
    """

    def filter(self, record):
        if record.exc_info and record.levelno < logging.ERROR:
            _, exception, _ = record.exc_info
            record.msg = f"{record.getMessage()} ({type(exception).__name__}: {exception})"
            record.args = None
            record.exc_info = record.exc_text = None
        return True
