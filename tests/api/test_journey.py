"""Journey: a journalist downloads every announced plan of a province as CSV, by the
links the API gives, without an account and without asking anyone."""

import csv
import io
import json
import re
from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import announce, make_organization, make_plan, make_project, member

pytestmark = pytest.mark.django_db


def follow(client, url):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    return response


def test_a_journalist_gets_every_announced_plan_of_a_province(client, announced, draft, settings):
    settings.OPPLAN_API_PAGE_SIZE = 1  # the script must follow `next`
    elsewhere = make_organization("องค์การบริหารส่วนตำบลบ้านไกล", slug="bankai", province="น่าน")
    second = make_organization("เทศบาลตำบลแม่ใจ", slug="maejai", amphoe="แม่ใจ")
    far = make_plan(elsewhere, fiscal_year=2570)
    make_project(far, name="โครงการของจังหวัดอื่น")
    announce(
        far, planner=member(elsewhere, Role.PLANNER), executive=member(elsewhere, Role.EXECUTIVE)
    )
    near = make_plan(second, fiscal_year=2570)
    make_project(near, name="ซ่อมแซมถนนลูกรัง หมู่ที่ 3")
    announce(near, planner=member(second, Role.PLANNER), executive=member(second, Role.EXECUTIVE),
             announced_on=date(2026, 10, 25))  # fmt: skip

    # The guide's script, step by step.
    guide = client.get(reverse("api:guide")).content.decode()
    assert f"?province={quote('พะเยา')}" in guide
    url, plans_urls = f"http://testserver/api/v1/organizations/?province={quote('พะเยา')}", []
    while url:
        page = json.loads(follow(client, url).content)
        plans_urls += [o["plans_url"] for o in page["results"]]
        url = page["next"]
    files = {}
    for plans_url in plans_urls:
        for edition in json.loads(follow(client, plans_url).content)["results"]:
            response = follow(client, edition["projects_csv_url"])
            name = re.search(r'filename="(.+)"', response["Content-Disposition"])[1]
            files[name] = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(files) == ["projects-maejai-2570.csv", "projects-nongbua-2570.csv"]
    assert [line[6] for line in files["projects-nongbua-2570.csv"][1:]] == [
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5",
        "วางท่อระบายน้ำ หมู่ที่ 2",
        "อบรมอาสาสมัครสาธารณสุข",
    ]
    assert [line[6] for line in files["projects-maejai-2570.csv"][1:]] == ["ซ่อมแซมถนนลูกรัง หมู่ที่ 3"]


def test_the_organisation_list_filters_by_province_and_district(
    client, organization, other_organization
):
    def slugs(query):
        body = json.loads(client.get(reverse("api:organizations") + query).content)
        return [o["slug"] for o in body["results"]]

    assert slugs("") == ["dokkamtai", "nongbua"]
    assert slugs(f"?province={quote('พะเยา')}&district={quote('เมือง')}") == ["nongbua"]
    assert slugs(f"?province={quote('น่าน')}") == []
    # Typed with their words, as the admin and the forms take them (accounts.areas).
    assert slugs(f"?province={quote('จังหวัดพะเยา')}&district={quote('อำเภอเมือง')}") == ["nongbua"]
