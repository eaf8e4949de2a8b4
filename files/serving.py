"""Answering with a stored file once a view has checked that the visitor may have it.

Nothing serves MEDIA_ROOT directly (ADR 0027): every uploaded or generated file is
answered by a view that first finds its record through a permission scope, then calls
`file_response`. By default Django streams the bytes; with OPPLAN_FILE_ACCEL the proxy
sends them (nginx: X-Accel-Redirect to an `internal` location; Apache: X-Sendfile), so a
large file does not hold a gunicorn worker, and the permission check stays in the view.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

MISSING = "ไม่พบไฟล์"


def file_response(
    file, *, filename=None, content_type=None, attachment=False, public=False, missing=MISSING
):
    """The response that sends `file` (a FieldFile: its storage and name).

    `filename` is what the browser is told (default: the stored name's last part). Every
    file but a `public` one (a published plan) is `Cache-Control: private`. Raises Http404
    with `missing` when the bytes are gone.
    """
    storage, name = file.storage, file.name
    filename = filename or name.rsplit("/", 1)[-1]
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    path = _local_path(storage, name) if settings.OPPLAN_FILE_ACCEL else None
    if path is not None:
        if not storage.exists(name):
            raise Http404(missing)
        response = HttpResponse(content_type=content_type)
        if settings.OPPLAN_FILE_ACCEL == "nginx":
            response["X-Accel-Redirect"] = settings.OPPLAN_FILE_ACCEL_PREFIX + quote(name)
        else:
            # mod_xsendfile takes the header as a file path: its UTF-8 bytes as they are
            # (a header is Latin-1 text on the wire; stored names never contain "%").
            response["X-Sendfile"] = str(path).encode().decode("latin-1")
        response["Content-Disposition"] = content_disposition_header(attachment, filename)
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404(missing) from None
        response = FileResponse(
            handle, content_type=content_type, as_attachment=attachment, filename=filename
        )
    if not public:
        response["Cache-Control"] = "private"  # never kept by a shared cache or proxy
    return response


def _local_path(storage, name):
    """The file's path on this machine's disk, or None for a storage without one (S3:
    Django streams it; a proxy cannot send what is not on its disk)."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None
