import pytest

from tests.factories import make_strategy
from thai.collation import thai_sort_key

THAI_ORDER = ["กา", "ก้าว", "เกม", "ไก่", "ขาว", "โต๊ะ"]


def test_the_sort_key_orders_thai_like_a_dictionary():
    shuffled = ["โต๊ะ", "ไก่", "ขาว", "กา", "เกม", "ก้าว"]
    assert sorted(shuffled, key=thai_sort_key) == THAI_ORDER


@pytest.mark.django_db
def test_the_database_orders_thai_names_like_a_dictionary(organization):
    # PostgreSQL uses ICU's th-TH collation, SQLite OpPlan's own: both agree.
    for number, name in enumerate(["โต๊ะ", "ไก่", "ขาว", "กา", "เกม", "ก้าว"], start=1):
        make_strategy(organization, number=number, name=name)
    names = list(organization.strategies.order_by("name").values_list("name", flat=True))
    assert names == THAI_ORDER
