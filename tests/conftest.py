"""Personas (style.md §8): the people every permission test is told about.

- planner: the planning officer of อบต.หนองบัว
- department_staff: กองช่าง staff of the same อบต.
- committee_member: a development-committee member (a village head)
- support_member: a support-committee member
- executive: the นายก
- viewer: read-only
- other_org_planner: the planning officer of another อปท. (ทต.ดอกคำใต้)
- anonymous: not signed in (the plain `client` fixture)
"""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import OrganizationType, Role
from tests.factories import make_organization, make_plan, member


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts and ends with an empty cache, as the database is rolled back: a key
    one test set (a publication already queued for plan 1, a rate counter, a rendered file)
    must not decide what the next one sees. The tests' cache is always local memory
    (tests/settings.py)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organization(db):
    return make_organization("องค์การบริหารส่วนตำบลหนองบัว", slug="nongbua")


@pytest.fixture
def other_organization(db):
    return make_organization(
        "เทศบาลตำบลดอกคำใต้",
        slug="dokkamtai",
        type=OrganizationType.SUBDISTRICT_MUNICIPALITY,
        amphoe="ดอกคำใต้",
    )


@pytest.fixture
def planner(organization):
    return member(organization, Role.PLANNER, username="planner")


@pytest.fixture
def department_staff(organization):
    return member(organization, Role.DEPARTMENT_STAFF, username="dept")


@pytest.fixture
def committee_member(organization):
    return member(organization, Role.DEVELOPMENT_COMMITTEE, username="village-head")


@pytest.fixture
def support_member(organization):
    return member(organization, Role.SUPPORT_COMMITTEE, username="support")


@pytest.fixture
def executive(organization):
    return member(organization, Role.EXECUTIVE, username="mayor")


@pytest.fixture
def viewer(organization):
    return member(organization, Role.VIEWER, username="viewer")


@pytest.fixture
def other_org_planner(other_organization):
    return member(other_organization, Role.PLANNER, username="other-planner")


@pytest.fixture
def plan(organization):
    return make_plan(organization, fiscal_year=2570)


@pytest.fixture
def other_plan(other_organization):
    return make_plan(other_organization, fiscal_year=2569)


@pytest.fixture
def client_for():
    """client_for(user) → a test client signed in as `user`."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (browser tests screenshot failures)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}"


@pytest.fixture
def budget_event(organization):
    from tests.factories import make_budget_event

    return make_budget_event(organization)
