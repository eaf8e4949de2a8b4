"""Every page fits a 390 px phone: nothing scrolls sideways, for any persona or the public.

To add a page, add a line to `pages()`: (who signs in, or None for the public; the URL).
A page that is too wide fails with the elements that stick out, and every page leaves a
screenshot in var/test-artifacts/phone-*.png for a person to look at.
"""

import re
from itertools import groupby

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from budget.models import BudgetEvent
from results.models import Round
from tests.browser.conftest import PHONE, save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

# Which elements stick out past the right edge (the deepest ones, not their parents).
OVERFLOWING = """(width) => {
  const wide = [...document.body.querySelectorAll('*')].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && e.offsetParent !== null);
  return wide.filter((e) => !wide.some((o) => o !== e && e.contains(o))).slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
                + `(${Math.round(e.getBoundingClientRect().right)} px): `
                + e.textContent.trim().slice(0, 60));
}"""


# Boxes that scroll sideways without the hint under them (js/opplan.js adds it).
UNHINTED = """() => [...document.querySelectorAll('.table-scroll, .table-responsive, .sheet')]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .filter((box) => !box.nextElementSibling || !box.nextElementSibling.matches('.scroll-hint')
                   || box.nextElementSibling.offsetParent === null).length"""


def results_rounds(demo):
    """Beside the demo's announced six-month round of last year: its annual round closed and
    announced (carry-over, posting, the public page), a third-quarter round open (the grid,
    the import) and a first-quarter round closed (the executive's announce form)."""
    from accounts.models import User
    from results import rounds

    planner, executive = (User.objects.get(username=name) for name in ("planner", "executive"))
    annual = Round.objects.get(organization=demo, kind="annual")
    year, today = annual.fiscal_year, timezone.localdate()
    rounds.close_round(annual, by=planner)
    rounds.announce_round(annual, by=executive, announced_on=today, signer="นายก")
    rounds.open_round(demo, year, "quarter_3", due_on=today, by=planner)
    first = rounds.open_round(demo, year, "quarter_1", due_on=today, by=planner)
    rounds.close_round(first, by=planner)


def pages(demo) -> list[tuple[str | None, str]]:
    """(username or None, URL) of every page a person reaches, with the demo's data."""
    draft = demo.plans.get(status="draft")
    announced = demo.plans.exclude(status="draft").order_by("fiscal_year").first()
    project = draft.projects.order_by("pk").first()
    event = BudgetEvent.objects.filter(organization=demo).order_by("pk").first()
    department = demo.departments.order_by("pk").first()
    strategy = demo.strategies.order_by("pk").first()
    open_round = Round.objects.get(organization=demo, kind="quarter_3")
    annual = Round.objects.get(organization=demo, kind="annual")
    closed = Round.objects.get(organization=demo, kind="quarter_1")
    results_pages = [
        reverse("results:rounds"),
        reverse("results:round", args=[open_round.pk]),
        reverse("results:round", args=[annual.pk]),
        reverse("results:grid", args=[open_round.pk]),
        reverse("results:round_import", args=[open_round.pk]),
        reverse("results:carry_over", args=[annual.pk]),
        reverse("reports:results", args=[open_round.pk]),
        reverse("results:posting", args=[annual.pk]),
    ]
    plan_pages = [
        reverse("projects:plan", args=[draft.pk]),
        reverse("projects:plan", args=[draft.pk]) + "?view=table",
        reverse("projects:plan", args=[announced.pk]),
        reverse("projects:budget_check", args=[draft.pk]),
        reverse("reports:form", args=[draft.pk, "pd01"]),
        reverse("reports:form", args=[draft.pk, "pd02"]),
        reverse("reports:form", args=[draft.pk, "pd02_1"]),
    ]
    return [
        *[("planner", url) for url in plan_pages],
        ("planner", reverse("projects:dashboard")),
        ("planner", reverse("projects:plan_create")),
        ("planner", reverse("projects:plan_events", args=[draft.pk])),
        ("planner", reverse("projects:plan_copy", args=[draft.pk])),
        ("planner", reverse("projects:plan_import", args=[draft.pk])),
        ("planner", reverse("projects:project_create", args=[draft.pk])),
        ("planner", reverse("projects:project_edit", args=[project.pk])),
        ("planner", reverse("projects:project_delete", args=[project.pk])),
        ("planner", reverse("projects:edition_create", args=[announced.pk])),
        ("planner", reverse("projects:strategies")),
        ("planner", reverse("projects:strategy_edit", args=[strategy.pk])),
        ("planner", reverse("approvals:committees")),
        ("planner", reverse("approvals:posting", args=[announced.pk])),
        ("planner", reverse("approvals:inbox")),
        ("planner", reverse("budget:events")),
        ("planner", reverse("budget:event_edit", args=[event.pk])),
        ("planner", reverse("accounts:organization")),
        ("planner", reverse("accounts:department_edit", args=[department.pk])),
        ("planner", reverse("accounts:password_change")),
        ("planner", reverse("invitations:people")),
        ("planner", reverse("approvals:announce_offline", args=[draft.pk])),
        ("planner", reverse("reports:book_text", args=[draft.pk, "intro"])),
        ("planner", reverse("reports:book_text", args=[draft.pk, "announcement"])),
        ("planner", reverse("reports:book_text_default", args=[draft.pk, "announcement"])),
        *[("planner", url) for url in results_pages],
        ("dept", reverse("projects:dashboard")),
        ("dept", reverse("projects:plan", args=[draft.pk])),
        ("dept", reverse("projects:project_create", args=[draft.pk])),
        ("dept", reverse("results:grid", args=[open_round.pk])),
        ("dept", reverse("results:round_import", args=[open_round.pk])),
        ("support", reverse("approvals:inbox")),
        ("support", reverse("projects:plan", args=[draft.pk])),
        ("committee", reverse("projects:plan", args=[draft.pk])),
        ("executive", reverse("projects:dashboard")),
        ("executive", reverse("projects:plan", args=[announced.pk])),
        ("executive", reverse("approvals:decide", args=[draft.pk, "extend_deadline"])),
        ("executive", reverse("results:announce", args=[closed.pk])),
        (None, reverse("accounts:login")),
        (None, reverse("accounts:password_reset")),
        (None, reverse("public:organization", args=[demo.slug])),
        (None, reverse("public:edition", args=[demo.slug, announced.pk])),
        (None, reverse("public:edition", args=[demo.slug, announced.pk]) + "?village=3"),
        (None, reverse("public:project", args=[demo.slug, announced.pk, 1])),
        (None, reverse("public:round", args=[demo.slug, annual.pk])),
    ]


def _name(who, url):
    return "phone-" + (who or "public") + re.sub(r"[^\w]+", "-", url).rstrip("-")


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server):
    seed_demo()
    demo = Organization.objects.get(slug="demo")
    results_rounds(demo)
    too_wide = []
    for who, visits in groupby(pages(demo), key=lambda page: page[0]):
        context = browser.new_context(viewport=PHONE, locale="th-TH")
        phone = context.new_page()
        phone.set_default_timeout(10_000)
        if who:
            sign_in(phone, live_server, who, "demo1234")
        for _, url in visits:
            response = phone.goto(live_server.url + url)
            if response.status >= 400:
                too_wide.append(f"{who} {url}: HTTP {response.status}")
                continue
            width = phone.evaluate("document.documentElement.scrollWidth")
            save_screenshot(phone, _name(who, url))
            if width > PHONE["width"]:
                culprits = phone.evaluate(OVERFLOWING, PHONE["width"])
                too_wide.append(f"{who} {url}: {width} px — " + "; ".join(culprits))
            if phone.evaluate(UNHINTED):
                too_wide.append(f"{who} {url}: a box scrolls sideways with no visible hint")
        context.close()
    assert too_wide == [], "\n".join(too_wide)
