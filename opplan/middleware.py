"""Compression of OpPlan's HTML pages (docs/adr/0021-light-plan-page.md)."""

from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for HTML pages only.

    Django's middleware pads each response with 0–99 random bytes (Heal the BREACH) and
    every CSRF token it prints is masked afresh, so a page that reflects a search term
    next to a form does not leak the token through compressed sizes. Files (PDF, XLSX,
    images) are compressed already and are streamed as they are: compressing them again
    costs the worker CPU and drops their Content-Length.
    """

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
