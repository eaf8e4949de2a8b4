"""Project-wide middleware: compression of HTML pages (docs/adr/0021-light-plan-page.md),
the policy of files shown in the browser and the Permissions-Policy header
(docs/adr/0026-logins-csp-and-passwords.md)."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.csp import CSP, build_policy


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


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY as the Permissions-Policy header on every response.

    OpPlan uses no camera, microphone, location, payment or sensor: the header turns them
    off for its pages and for anything an injected frame might try. One fixed header does
    not need a dependency (ADR 0026).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class FileContentSecurityPolicyMiddleware:
    """Give files (images, PDFs) settings.OPPLAN_FILE_CSP instead of the pages' policy.

    A browser shows an image it opens on its own in a page it writes itself, styled
    inline; under the pages' policy the browser refuses those styles. A file holds no
    markup of ours, so it gets a policy that allows nothing but its own display. Listed
    after ContentSecurityPolicyMiddleware, which leaves a header already set alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = build_policy(settings.OPPLAN_FILE_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type and not content_type.startswith("text/html"):
            response.headers.setdefault(str(CSP.HEADER_ENFORCE), self.header)
        return response
