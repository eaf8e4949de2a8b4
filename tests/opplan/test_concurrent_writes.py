"""Ten people writing at once: no server error, and every write that was accepted is
stored (issue #14.1). Runs on the database of the run: the embedded SQLite of
`make test`, PostgreSQL in CI (`DATABASE_URL`).

On SQLite, write transactions take the lock when they begin and wait for it (settings'
SQLITE_OPTIONS); tests/approvals/test_workflow.py checks that the loser of a race gets
the same Thai "status already changed" as on PostgreSQL.
"""

import threading
from collections import defaultdict

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from approvals.models import Comment, Decision
from projects.models import PlanStatus, Project
from tests.factories import make_organization, make_plan, make_project, member
from tests.opplan.test_settings import setting
from tests.projects.test_views import form_data
from tests.reference_data import restore_reference_data

PEOPLE = 10
WRITES = 5


def attempt(client, url, data):
    """POST `url`: (status code, the messages it left, a server error's text or "")."""
    client.cookies.pop("messages", None)  # only this request's messages (never followed)
    try:
        response = client.post(url, data)
    except Exception as error:  # counted as a server error below
        return 500, [], repr(error)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code, messages, ""


@pytest.mark.django_db(transaction=True)
def test_ten_people_writing_at_once_get_no_server_error_and_every_accepted_write_is_stored():
    restore_reference_data()  # an earlier transactional test may have emptied it
    organization = make_organization(slug="busy-office")
    plan = make_plan(organization)
    people = [member(organization, Role.PLANNER, username=f"officer-{i}") for i in range(PEOPLE)]
    rows = [make_project(plan, name=f"แถวที่ {i}") for i in range(PEOPLE)]
    clients = []
    for person in people:
        client = Client(raise_request_exception=False)
        client.force_login(person)
        clients.append(client)
    barrier = threading.Barrier(PEOPLE)
    outcomes = defaultdict(list)  # person → [(kind, what, status, messages, error)]

    def work(i):
        client = clients[i]
        comment_url = reverse("approvals:comment_add", args=[plan.pk])
        edit_url = reverse("projects:project_edit", args=[rows[i].pk])
        action = "submit" if i % 2 == 0 else "withdraw"
        transition_url = reverse("approvals:perform", args=[plan.pk, action])
        writes = [
            ("comment", f"ความเห็น {i}-0", comment_url, {"text": f"ความเห็น {i}-0"}),
            ("edit", f"แถว {i}-1", edit_url, form_data(plan, name=f"แถว {i}-1")),
            ("transition", action, transition_url, {"note": f"เหตุผล {i}", "checked": "1"}),
            ("comment", f"ความเห็น {i}-3", comment_url, {"text": f"ความเห็น {i}-3"}),
            ("edit", f"แถว {i}-4", edit_url, form_data(plan, name=f"แถว {i}-4")),
        ]
        assert len(writes) == WRITES
        try:
            barrier.wait(timeout=30)
            for kind, what, url, data in writes:
                outcomes[i].append((kind, what, *attempt(client, url, data)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    results = [result for person in range(PEOPLE) for result in outcomes[person]]
    assert len(results) == PEOPLE * WRITES
    server_errors = [r for r in results if r[2] >= 500 or r[4]]
    assert server_errors == []

    # Comments: every one is accepted (any status before the announcement) and stored once.
    comments = [r for r in results if r[0] == "comment"]
    assert {(r[2], tuple(r[3])) for r in comments} == {(302, ("บันทึกความเห็นแล้ว",))}
    assert sorted(Comment.objects.filter(plan=plan).values_list("text", flat=True)) == sorted(
        r[1] for r in comments
    )

    # Row edits: accepted while the plan is a draft, refused (403, Thai) otherwise; each
    # row holds the last edit accepted for it.
    for i, row in enumerate(rows):
        edits = [r for r in outcomes[i] if r[0] == "edit"]
        assert all(r[2] in (302, 403) for r in edits), edits
        accepted = [r[1] for r in edits if r[2] == 302]
        assert all(r[3] == [f"บันทึกโครงการ “{r[1]}” แล้ว"] for r in edits if r[2] == 302)
        row.refresh_from_db()
        assert row.name == (accepted[-1] if accepted else f"แถวที่ {i}")

    # Transitions: each accepted one wrote one decision; the others were told why, in Thai.
    transitions = [r for r in results if r[0] == "transition"]
    done = {"submit": "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว", "withdraw": "ถอนร่างแผนกลับมาแก้ไขแล้ว"}
    accepted = [r for r in transitions if r[3] == [done[r[1]]]]
    refused = [r for r in transitions if r not in accepted]
    assert all(
        r[2] == 302 and len(r[3]) == 1 and ("ทำไม่ได้" in r[3][0] or "เปลี่ยนเป็น" in r[3][0])
        for r in refused
    ), refused
    assert Decision.objects.filter(plan=plan).count() == len(accepted)
    submitted = sum(1 for r in accepted if r[1] == "submit")
    withdrawn = len(accepted) - submitted
    assert submitted - withdrawn in (0, 1)
    plan.refresh_from_db()
    expected = PlanStatus.SUPPORT_REVIEW if submitted > withdrawn else PlanStatus.DRAFT
    assert plan.status == expected
    assert Project.objects.filter(plan=plan).count() == PEOPLE


def test_the_embedded_sqlite_takes_write_locks_up_front_waits_for_them_and_uses_wal():
    options = setting("DATABASES['default']['OPTIONS']", DJANGO_DEBUG="1")
    assert options == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }


@pytest.mark.django_db
def test_the_test_database_keeps_wal_and_skips_fsync():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database's settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
    assert (journal, synchronous) == ("wal", 0)
