"""The project form says what is wrong, in Thai, and saves nothing then."""

import pytest
from django.urls import reverse

from projects.imports import TEXT_LIMITS
from projects.models import Project
from projects.spreadsheet import NAME
from tests.factories import make_strategy
from tests.projects.test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def strategy(plan):
    return make_strategy(plan.organization)


def post_project(client_for, planner, plan, **changes):
    url = reverse("projects:project_create", args=[plan.pk])
    return client_for(planner).post(url, form_data(plan, **changes))


def test_a_budget_beyond_what_the_system_keeps_names_the_limit(client_for, planner, plan):
    response = post_project(client_for, planner, plan, budget="1,000,000,000,000")
    assert response.context["form"].errors["budget"] == [
        "เกินวงเงินที่ระบบรับได้ (สูงสุด 999,999,999,999.99 บาท)"
    ]
    assert Project.objects.count() == 0


def test_a_budget_that_is_not_a_number_asks_for_digits(client_for, planner, plan):
    response = post_project(client_for, planner, plan, budget="สี่หมื่น")
    assert response.context["form"].errors["budget"] == [
        "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 150,000 หรือ 150000.50"
    ]


def test_a_name_longer_than_the_imports_limit_is_refused_not_cut(client_for, planner, plan):
    limit = TEXT_LIMITS[NAME]
    response = post_project(client_for, planner, plan, name="ก" * 5000)
    assert response.context["form"].errors["name"] == [
        f"ยาวเกิน {limit} ตัวอักษร (พิมพ์มา 5000 ตัวอักษร) กรุณาย่อให้สั้นลง ระบบไม่ตัดข้อความให้เอง"
    ]
    assert "maxlength" not in str(response.context["form"]["name"])  # the browser cuts nothing
    assert Project.objects.count() == 0


def test_characters_the_print_font_cannot_draw_are_refused(client_for, planner, plan):
    response = post_project(client_for, planner, plan, name="งานวันเด็ก 🎉🎈", details="ok ✓")
    assert response.context["form"].errors["name"] == [
        "มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): “🎉” “🎈” "
        "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน"
    ]
    assert Project.objects.count() == 0


def test_thai_text_digits_and_invisible_marks_are_accepted(client_for, planner, plan):
    name = "ปรับปรุงถนน หมู่ที่ ๓ – “สายกลาง”\u200b (ระยะ 1.5 กม.)"
    response = post_project(client_for, planner, plan, name=name)
    assert response.status_code == 302
    assert Project.objects.get().name == name
