"""`make load`: 50 people using OpPlan at once (locust, headless).

Each simulated user signs in as one of the demo personas and reads what that person
reads through a working day: the dashboard, the plan page of a 1,000-project plan,
the ผด.01 / ผด.02 pages, the inbox, and the public page. LOAD_PLAN_ID names the big
plan (scripts/load creates it).

`load.p95_ms` is over the pages of a working day, measured once every user has signed
in (signing in — a deliberately slow password hash, once per session — is reported on
its own line). LOAD_WAIT="min,max" sets each user's pause between pages in seconds.
"""

import json
import os
import random
import re

from locust import HttpUser, between, events, task

SETUP = {"login page", "sign in"}
PAGE_TIMES: list[float] = []
USERS = int(os.environ.get("LOAD_USERS", "50"))
_measuring = {"on": False, "signed_in": 0}


def _signed_in():
    """Measure from the moment the last user has signed in: 50 password hashes at once
    (about 0.5 s of CPU each, by design) would otherwise be counted against the pages."""
    _measuring["signed_in"] += 1
    if _measuring["signed_in"] >= USERS:
        _measuring["on"] = True


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    if _measuring["on"] and name not in SETUP and exception is None:
        PAGE_TIMES.append(response_time)


@events.test_stop.add_listener
def _write_summary(**kwargs):
    path = os.environ.get("LOAD_SUMMARY")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(sorted(PAGE_TIMES), handle)


PLAN = os.environ["LOAD_PLAN_ID"]
# scripts/load seeds the demo with debug off, so with a password of its own.
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo1234")
PERSONAS = ["planner", "dept", "support", "committee", "executive"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    wait_time = between(*(float(x) for x in os.environ.get("LOAD_WAIT", "0.5,2").split(",")))

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/accounts/login/",
            {"username": random.choice(PERSONAS), "password": PASSWORD,  # noqa: S311
             "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )  # fmt: skip
        if "ออกจากระบบ" not in response.text:
            raise RuntimeError("could not sign in")
        _signed_in()

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(3)
    def plan_page(self):
        self.client.get(f"/plans/{PLAN}/", name="plan page (1,000 projects)")

    @task(1)
    def pd01(self):
        self.client.get(f"/plans/{PLAN}/reports/pd01/", name="ผด.01 HTML")

    @task(1)
    def pd02(self):
        self.client.get(f"/plans/{PLAN}/reports/pd02/", name="ผด.02 HTML")

    @task(1)
    def inbox(self):
        self.client.get("/inbox/", name="inbox")

    @task(2)
    def public_page(self):
        self.client.get("/p/demo/", name="public page")
