"""Walk a running OpPlan as its users would: the smoke test of the production stack.

    python scripts/smoke.py http://127.0.0.1:PORT

scripts/smoke-stack starts the stack (README "Deploying") and runs this. It waits for
/healthz, signs in as each demo persona, follows every link the pages show (at most
PER_PATTERN pages of one URL shape, /plans/1/ and /plans/2/ being one shape), downloads
what they link to (ผด.01/02/02-1 as PDF and Excel, the announcement, the book, the
meetings' letters), then opens the public page /p/demo/ and downloads its files,
checking each against its published SHA-256. It fails, naming the URL and the persona,
on any 5xx, on a link that leads to a 4xx, on a document that is not what it says, and
when a page of REQUIRED was never reached.

Standard library only. Requests go out as a TLS proxy would forward them
(X-Forwarded-Proto: https; the stack runs with DJANGO_PROXY_SSL_HEADER=1), so the
production HTTPS settings stay on: secure cookies, CSRF origin checks, HSTS.
"""

import hashlib
import http.client
import json
import os
import re
import sys
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import quote_plus, urljoin, urlsplit

# scripts/smoke-stack starts the task worker: /healthz must show its heartbeat.
EXPECT_WORKER = os.environ.get("SMOKE_EXPECT_WORKER") == "1"
PERSONAS = ("planner", "dept", "support", "committee", "executive")
PASSWORD = os.environ.get("SMOKE_PASSWORD", "demo1234")  # smoke-stack sets a fresh one
PER_PATTERN = 3  # pages of one URL shape per persona
MAX_REQUESTS = 600  # per persona: a runaway crawl fails instead of running for ever
TIMEOUT = 180  # seconds per request; gunicorn's --timeout (README) is lower

# Pages every run must reach with 200, by URL shape: (label, regex, persona or None = anyone).
REQUIRED = [
    ("the dashboard", r"/", None),
    ("the plan page", r"/plans/\d+/", None),
    ("a project form", r"/projects/\d+/", "planner"),
    ("the strategies", r"/strategies/", "planner"),
    ("the budget events", r"/budget/events/", "planner"),
    ("the organisation settings", r"/accounts/organization/", "planner"),
    ("the inbox", r"/inbox/", None),
    ("the committees", r"/committees/", None),
    ("the posting page", r"/plans/\d+/posting/", "planner"),
    ("the comparison with the previous edition", r"/plans/\d+/changes/", None),
    ("ผด.01 in the browser", r"/plans/\d+/reports/pd01/", None),
    ("ผด.02 in the browser", r"/plans/\d+/reports/pd02/", None),
    ("ผด.02/1 in the browser", r"/plans/\d+/reports/pd02_1/", None),
    *[
        (f"{label} as {fmt.upper()}", rf"/plans/\d+/reports/{form}\.{fmt}", None)
        for form, label in (("pd01", "ผด.01"), ("pd02", "ผด.02"), ("pd02_1", "ผด.02/1"))
        for fmt in ("pdf", "xlsx")
    ],
    ("the announcement", r"/plans/\d+/announcement\.pdf", None),
    ("the plan book (made by the worker)", r"/renders/\d+/file", "planner"),
    ("a meeting's invitation", r"/meetings/\d+/invitation\.pdf", None),
    ("a meeting's agenda", r"/meetings/\d+/agenda\.pdf", None),
    ("a meeting's minutes", r"/meetings/\d+/minutes\.pdf", None),
    ("the public page", r"/p/demo/", "anonymous"),
    ("a published file", r"/p/demo/files/.+", "anonymous"),
]
# Never followed: signing out ends the walk; the admin is not the application.
SKIP = re.compile(r"^/(accounts/logout/|admin/|media/)")
MAGIC = {".pdf": b"%PDF-", ".xlsx": b"PK\x03\x04"}


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def html(self):
        return "text/html" in self.headers.get("content-type", "")


class Browser:
    """Cookies kept by hand: http.cookiejar would not send the Secure session cookie over
    the plain-HTTP hop between the (simulated) proxy and gunicorn."""

    def __init__(self, base, who):
        parts = urlsplit(base)
        self.host, self.port, self.who = parts.hostname, parts.port, who
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "opplan-smoke"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in form.items())
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
        finally:
            connection.close()
        for header in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        headers = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers, content, time.monotonic() - started)

    def get(self, path):
        return self.request("GET", path)


class Links(HTMLParser):
    """href/src of links, stylesheets, scripts and images, and the login form's token."""

    def __init__(self):
        super().__init__()
        self.links, self.csrf = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in {"img", "script"} and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value")


def parse(html):
    parser = Links()
    parser.feed(html)
    return parser


def shape(path):
    """/plans/12/reports/pd02.pdf?scope=x → /plans/N/reports/pd02.pdf?scope: one URL shape."""
    parts = urlsplit(path)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"/\d+(?=/|\.|$)", "/N", parts.path) + ("?" + "&".join(keys) if keys else "")


class Smoke:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.origins = {self.base, self.base.replace("http:", "https:", 1)}
        self.failures = []
        self.visits = []  # (who, path, status, seconds)
        self.static_seen = set()

    def fail(self, who, message):
        self.failures.append(f"{who}: {message}")
        print(f"  FAIL {message}", flush=True)

    def visit(self, browser, path, referrer=None):
        response = browser.get(path)
        self.visits.append((browser.who, path, response.status, response.seconds))
        where = f" (linked from {referrer})" if referrer else ""
        if response.status >= 500:
            self.fail(browser.who, f"{response.status} GET {path}{where}")
        elif response.status >= 400:
            self.fail(browser.who, f"a link leads to {response.status}: GET {path}{where}")
        elif response.status == 200:
            for suffix, magic in MAGIC.items():
                if urlsplit(path).path.endswith(suffix) and not response.body.startswith(magic):
                    self.fail(browser.who, f"GET {path} is not a {suffix} file")
        return response

    def links_of(self, response, page):
        found = []
        for href in parse(response.body.decode("utf-8", "replace")).links:
            url = urlsplit(urljoin(self.base + page, href))
            if f"{url.scheme}://{url.netloc}" not in {
                self.base,
                self.base.replace("http:", "https:"),
            }:
                continue  # another site (none expected: no CDN)
            path = url.path + (f"?{url.query}" if url.query else "")
            if not SKIP.match(path):
                found.append(path)
        return found

    def crawl(self, browser, start):
        queue, seen, shapes = deque([(start, None)]), set(), Counter()
        while queue:
            path, referrer = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            if path.startswith("/static/"):
                if path not in self.static_seen:  # the same files for everybody: once
                    self.static_seen.add(path)
                    self.visit(browser, path, referrer)
                continue
            if shapes[shape(path)] >= PER_PATTERN:
                continue
            shapes[shape(path)] += 1
            if sum(shapes.values()) > MAX_REQUESTS:
                self.fail(browser.who, f"more than {MAX_REQUESTS} pages: is the crawl looping?")
                return
            response = self.visit(browser, path, referrer)
            if response.status in {301, 302, 303}:
                target = urlsplit(response.headers["location"])
                if target.path == "/accounts/login/":
                    self.fail(browser.who, f"GET {path} sent a signed-in user to the login page")
                    continue
                queue.append((target.path + (f"?{target.query}" if target.query else ""), path))
            elif response.status == 200 and response.html:
                queue.extend((link, path) for link in self.links_of(response, path))

    def wait_for_renders(self, browser, seconds=300):
        """The heavy documents the walk asked for (every book) are made by the worker:
        wait on each one's page until it offers the file, then download it."""
        jobs = sorted({path for who, path, _, _ in self.visits
                       if who == browser.who and re.fullmatch(r"/renders/\d+/", path)})  # fmt: skip
        deadline = time.monotonic() + seconds
        for job in jobs:
            while True:
                page = self.visit(browser, job)
                if b'data-testid="render-done"' in page.body:
                    break
                if b'data-testid="render-failed"' in page.body:
                    self.fail(browser.who, f"the worker could not make {job}")
                    break
                if time.monotonic() > deadline:
                    self.fail(browser.who, f"{job} was still being made after {seconds} s")
                    break
                time.sleep(2)
            if b'data-testid="render-done"' in page.body:
                response = self.visit(browser, f"{job}file", job)
                if response.status == 200 and not response.body.startswith(MAGIC[".pdf"]):
                    self.fail(browser.who, f"GET {job}file is not a PDF")
        if browser.who == "planner" and not jobs:
            self.fail(browser.who, "no book was asked for: is the plan page's link gone?")

    def sign_in(self, who):
        browser = Browser(self.base, who)
        page = browser.get("/accounts/login/")
        token = parse(page.body.decode()).csrf
        response = browser.request(
            "POST",
            "/accounts/login/",
            {"username": who, "password": PASSWORD, "csrfmiddlewaretoken": token or ""},
        )
        if response.status != 302:
            self.fail(who, f"could not sign in (POST /accounts/login/ gave {response.status})")
            return None
        return browser

    def wait_until_healthy(self, seconds=90):
        browser = Browser(self.base, "monitor")
        deadline = time.monotonic() + seconds
        while True:
            try:
                response = browser.get("/healthz")
                report = json.loads(response.body) if response.status == 200 else None
                if report and (not EXPECT_WORKER or report["worker"]["status"] == "ok"):
                    return report
                detail = f"{response.status} {response.body[:300]!r}"
            except OSError as exc:
                detail = str(exc)
            if time.monotonic() > deadline:
                self.fail("monitor", f"/healthz did not answer 200 within {seconds} s: {detail}")
                return None
            time.sleep(0.5)

    def public(self, seconds=240):
        browser = Browser(self.base, "anonymous")
        # The worker publishes the demo's editions in the background: wait for it.
        deadline = time.monotonic() + seconds
        while True:
            page = self.visit(browser, "/p/demo/")
            if page.status != 200:
                return
            if b'data-testid="files-pending"' not in page.body:
                break
            if time.monotonic() > deadline:
                self.fail("anonymous", f"the public page still made its files after {seconds} s")
                return
            time.sleep(2)
        html = page.body.decode()
        files = [link for link in self.links_of(page, "/p/demo/") if "/files/" in link]
        if not files:
            self.fail("anonymous", "the public page links no published file")
        for path in files:
            response = self.visit(browser, path, "/p/demo/")
            digest = hashlib.sha256(response.body).hexdigest()
            if response.status == 200 and (
                digest != response.headers.get("x-content-sha256") or digest not in html
            ):
                self.fail("anonymous", f"GET {path}: the bytes do not match the published SHA-256")

    def run(self):
        started = time.monotonic()
        health = self.wait_until_healthy()
        if health is None:
            return False
        print(f"healthz: {json.dumps(health, ensure_ascii=False)}", flush=True)
        for who in PERSONAS:
            print(f"{who}:", flush=True)
            browser = self.sign_in(who)
            if browser is None:
                continue
            self.crawl(browser, "/")
            self.wait_for_renders(browser)
            missing = browser.get("/plans/987654321/")
            if missing.status != 404:  # the production 404 page, not a 500
                self.fail(who, f"GET /plans/987654321/ gave {missing.status}, expected 404")
            self.summary(who)
        print("anonymous:", flush=True)
        self.public()
        self.summary("anonymous")
        self.check_required()
        total = time.monotonic() - started
        print(f"smoke: {len(self.visits)} requests in {total:.0f} s, {len(self.failures)} failures")
        for failure in self.failures:
            print(f"  {failure}")
        return not self.failures

    def summary(self, who):
        mine = [v for v in self.visits if v[0] == who]
        slowest = sorted(mine, key=lambda v: -v[3])[:3]
        slow = ", ".join(f"{path} {seconds:.1f} s" for _, path, _, seconds in slowest)
        print(f"  {len(mine)} requests; slowest: {slow}", flush=True)

    def check_required(self):
        for label, pattern, persona in REQUIRED:
            reached = [
                v
                for v in self.visits
                if v[2] == 200
                and (persona is None or v[0] == persona)
                and re.fullmatch(pattern, urlsplit(v[1]).path)
            ]
            if not reached:
                self.fail(persona or "everyone", f"never reached {label} ({pattern}) with 200")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    return 0 if Smoke(argv[1]).run() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
