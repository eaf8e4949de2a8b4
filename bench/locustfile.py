"""`make load`: 50 people using OpPlan at once (locust, headless).

Each simulated user signs in as one of the demo personas and reads what that person
reads through a working day: the dashboard, the plan page of a 1,000-project plan,
the ผด.01 / ผด.02 pages, the inbox, and the public page. LOAD_PLAN_ID names the big
plan (scripts/load creates it).
"""

import os
import random
import re

from locust import HttpUser, between, task

PLAN = os.environ["LOAD_PLAN_ID"]
# scripts/load seeds the demo with debug off, so with a password of its own.
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo1234")
PERSONAS = ["planner", "dept", "support", "committee", "executive"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    wait_time = between(0.5, 2)

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
