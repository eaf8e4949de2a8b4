"""Every page keeps to the Content-Security-Policy: no violation, no console error.

Each demo persona signs in and walks the site by its links from the dashboard (and the
public page), opening each kind of page (URL name, its word arguments such as the form
or the file format, and its query keys) up to twice. Every console error, page error and
`securitypolicyviolation` event is collected; the downloads (PDF, XLSX, photos) must
arrive whole. A citizen walks the public page and the sign-in pages the same way.
"""

from collections import Counter, deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from accounts.models import Organization
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

# Files sent as attachments: the browser downloads them.
FILES = {
    "reports:download",
    "reports:announcement",
    "reports:render_file",  # the book, made by the worker (here at once) behind a page
    "public:download",
    "projects:plan_export",
    "reports:results_download",
    "reports:results_announcement",
    "results:round_export",
    "public:round_download",
    "approvals:offline_scan",
}
# Files shown in the browser: the meeting letters open in Chromium's PDF viewer.
INLINE_FILES = {
    "reports:meeting_invitation",
    "reports:meeting_agenda",
    "reports:meeting_minutes",
    "approvals:posting_photo",
    "results:photo",
}
VISITS_PER_KIND = 2
# Collected in the page before any of its own scripts run (Playwright's init scripts are
# not subject to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


class Walk:
    """Visit pages by following links, and keep every problem seen on the way."""

    def __init__(self, page, live_server, *, admin=False):
        self.page = page
        self.admin = admin
        self.origin = live_server.url
        self.problems = []
        self.kinds = Counter()
        self.files = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def _console(self, message):
        policy = "Content Security Policy" in message.text or "Permissions-Policy" in message.text
        # The status of the page itself is checked where it is opened (403 is allowed).
        own_status = (
            message.text.startswith("Failed to load resource")
            and message.location.get("url") == self.page.url
        )
        if (message.type == "error" and not own_status) or policy:
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def kind(self, path):
        parts = urlsplit(path)
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        # Word arguments tell kinds apart (form pd01, format xlsx); of a file name, its type.
        words = tuple(
            str(v).rsplit(".", 1)[-1] for v in match.kwargs.values() if not str(v).isdigit()
        )
        if self.admin:  # one of each admin view is enough: its lists' filters are many
            return (match.view_name, (), ())
        keys = tuple(sorted({k for k, _ in parse_qsl(parts.query)}))
        return (match.view_name, words, keys)

    def run(self, *paths):
        queue = deque(paths)
        seen = set()
        while queue:
            path = queue.popleft()
            kind = self.kind(path)
            once = self.admin or (kind and kind[0] in FILES | INLINE_FILES)
            visits = 1 if once else VISITS_PER_KIND
            if path in seen or kind is None or self.kinds[kind] >= visits:
                continue
            seen.add(path)
            self.kinds[kind] += 1
            if kind[0] in FILES:
                self._download(path)
            elif kind[0] in INLINE_FILES:
                self._show(path)
            else:
                queue.extend(self._open(path))
        assert self.problems == [], "\n".join(self.problems)

    def _open(self, path):
        response = self.page.goto(self.origin + path)
        # 403: a few pages link to a page the viewer may not open in every state (the budget
        # check of an announced plan links to its budget events); the refusal is a page too.
        assert response is not None and response.status in (200, 403), f"{path}: {response}"
        assert "content-security-policy" in response.headers, path
        self.problems.extend(
            f"{path}: {v}" for v in self.page.evaluate("window.__violations || []")
        )
        if response.status != 200:
            return []
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)")
        links = []
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                continue
            if parts.path.startswith(("/static/", "/media/")):
                continue
            if parts.path.startswith("/admin/") != self.admin or "/logout/" in parts.path:
                continue
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return links

    def _show(self, path):
        response = self.page.goto(self.origin + path)
        assert response is not None and response.ok, path
        kind = response.headers["content-type"]
        assert kind in ("application/pdf", "image/png", "image/jpeg"), f"{path}: {kind}"
        self.files.append(path)

    def _download(self, path):
        with self.page.expect_download() as info:
            try:
                self.page.goto(self.origin + path)
            except PlaywrightError as error:  # a download is not a page
                if "Download is starting" not in str(error):
                    raise
        download = info.value
        assert download.failure() is None, path
        with open(download.path(), "rb") as handle:
            head = handle.read(4)
        assert head in (b"%PDF", b"PK\x03\x04"), f"{path}: {head!r}"
        self.files.append(download.suggested_filename)


@pytest.mark.parametrize("username", ["planner", "dept", "support", "committee", "executive"])
def test_every_page_a_persona_reaches_keeps_to_the_policy(page, live_server, demo, username):
    draft = demo.plans.get(status="draft")
    posted = demo.plans.get(status="posted", kind="original")
    walk = Walk(page, live_server)
    sign_in(page, live_server, username, "demo1234")
    walk.run(
        "/",
        f"/plans/{draft.pk}/copy/?source={posted.pk}",
        f"/plans/{draft.pk}/?page=1",
        "/p/demo/",
    )
    assert len(walk.kinds) > 10
    types = {name.rsplit(".", 1)[-1] for name in walk.files}
    assert {"pdf", "xlsx"} <= types


def test_the_public_pages_keep_to_the_policy(page, live_server, demo):
    walk = Walk(page, live_server)
    walk.run("/p/demo/", "/accounts/login/")
    assert {name.rsplit(".", 1)[-1] for name in walk.files} == {"pdf", "xlsx"}


def test_the_select_all_buttons_work_without_inline_script(page, live_server, demo):
    draft = demo.plans.get(status="draft")
    posted = demo.plans.get(status="posted", kind="original")
    sign_in(page, live_server, "planner", "demo1234")
    page.goto(f"{live_server.url}/plans/{draft.pk}/copy/?source={posted.pk}")
    boxes = page.locator("input[name=projects]")
    assert boxes.count() == posted.projects.count()
    page.get_by_role("button", name="ไม่เลือกเลย").click()
    assert page.locator("input[name=projects]:checked").count() == 0
    page.get_by_role("button", name="เลือกทั้งหมด").click()
    assert page.locator("input[name=projects]:checked").count() == boxes.count()


def test_the_admin_keeps_to_the_policy(page, live_server, demo):
    from accounts.models import User

    User.objects.create_superuser("admin", "admin@example.go.th", "admin-pass-4321")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("admin")
    page.get_by_label("รหัสผ่าน").fill("admin-pass-4321")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    walk = Walk(page, live_server, admin=True)
    walk.run("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/")
    assert len(walk.kinds) > 20
