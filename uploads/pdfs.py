"""PDF documents people upload (the signed scan of an announcement made on paper):
checked, never rewritten.

A signed scan is evidence: what is stored is exactly what was uploaded, named by its
SHA-256. `read(file)` reads at most MAX_BYTES + 1 bytes, then asks qpdf (pikepdf, already
a dependency for joining PDFs) to open it: a file that does not start like a PDF, that
qpdf cannot open, that needs a password, or that has no page or more than MAX_PAGES
pages is refused in Thai. Pages are counted, not rendered: the cost is bounded by the
size (docs/adr/0033).
"""

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from django.core.exceptions import ValidationError

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
# A PDF starts with "%PDF-" within its first 1,024 bytes (ISO 32000-1, annex H).
HEADER_WINDOW = 1024


@dataclass(frozen=True)
class CheckedPdf:
    data: bytes
    sha256: str
    pages: int

    @property
    def size(self) -> int:
        return len(self.data)


def _refuse(label, message, code):
    return ValidationError(f"{label}{message}", code=code)


def read(file, label="ไฟล์") -> CheckedPdf:
    """The bytes of `file` (an upload or an open binary file) once they are a PDF of at
    most MAX_BYTES and MAX_PAGES pages; else ValidationError (Thai, starting with
    `label`)."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        megabytes = f"{size / 1024 / 1024:,.1f}"
        limit = MAX_BYTES // 1024 // 1024
        raise _refuse(label, f"มีขนาด {megabytes} MB เกิน {limit} MB ที่รับได้", "too_large")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(label, f"มีขนาดเกิน {MAX_BYTES // 1024 // 1024} MB ที่รับได้", "too_large")
    if not data:
        raise _refuse(label, "ว่างเปล่า", "empty")
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise _refuse(label, "ต้องเป็นไฟล์ PDF (สแกนประกาศที่ลงนามแล้วบันทึกเป็น PDF)", "not_pdf")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        raise _refuse(label, "มีรหัสผ่าน กรุณาบันทึกเป็น PDF ที่เปิดได้โดยไม่ต้องใช้รหัสผ่าน", "password") from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise _refuse(label, "เสียหาย เปิดเป็น PDF ไม่ได้ กรุณาสแกนหรือบันทึกใหม่", "damaged") from None
    if pages == 0:
        raise _refuse(label, "ไม่มีหน้าเอกสาร", "empty")
    if pages > MAX_PAGES:
        raise _refuse(label, f"มี {pages:,} หน้า เกิน {MAX_PAGES} หน้าที่รับได้", "too_many_pages")
    return CheckedPdf(data=data, sha256=hashlib.sha256(data).hexdigest(), pages=pages)
