"""Fuzzing the ผด.02 import (issue #14.9): whatever the spreadsheet, reading it gives a
preview or Thai errors (never an exception), and importing it saves every row or
nothing. OPPLAN_FUZZ_EXAMPLES examples per test (CI: 1,000; default 50)."""

import re

import pytest
from django.db import transaction
from hypothesis import event, given

from accounts.models import Department, Role
from budget.models import BudgetSource
from projects.imports import CreateNew, ImportFailed, Problem, import_projects, read_projects
from projects.models import Project, Strategy
from tests import spreadsheets
from tests.factories import make_strategy, member

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e01-\u0e5b]")
EVERYTHING_NEW = CreateNew(sorts=frozenset({"strategy", "department", "source"}))


@pytest.fixture
def planner_plan(plan):
    make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    plan._planner = member(plan.organization, Role.PLANNER, username="fuzz-planner")
    return plan


def counts(organization):
    return (
        Project.objects.count(),
        Strategy.objects.filter(organization=organization).count(),
        Department.objects.filter(organization=organization).count(),
        BudgetSource.objects.filter(organization=organization).count(),
    )


def read_then_import(plan, data):
    """The contract, checked for one file; every write is rolled back afterwards."""
    organization = plan.organization
    with transaction.atomic():
        before = counts(organization)
        preview = read_projects(data, organization, create=EVERYTHING_NEW)
        # Every problem is a located Problem whose message is Thai.
        for problem in preview.errors + preview.warnings:
            assert isinstance(problem, Problem) and THAI.search(problem.message), problem
        assert counts(organization) == before  # reading writes nothing
        try:
            imported = import_projects(plan, data, by=plan._planner, create=EVERYTHING_NEW)
        except ImportFailed as failure:
            imported, refused = None, failure.preview
        if imported is None:
            assert refused.errors
            event("refused: the file" if refused.file_errors else "refused: rows")
            assert counts(organization) == before  # nothing half-saved
        else:
            event("imported")
            assert preview.ok
            projects, strategies, departments, sources = counts(organization)
            assert projects == before[0] + len(imported.rows)
            assert (strategies, departments, sources) == (
                before[1] + len(imported.new_strategies),
                before[2] + len(imported.new_departments),
                before[3] + len(imported.new_sources),
            )
        transaction.set_rollback(True)


@spreadsheets.FUZZ
@given(data=spreadsheets.workbooks())
def test_a_sheet_laid_out_like_an_officers_is_previewed_or_refused_never_half_saved(
    planner_plan, data
):
    read_then_import(planner_plan, data)


@spreadsheets.FUZZ
@given(data=spreadsheets.raw_workbooks())
def test_sheet_xml_no_program_would_write_is_refused_in_thai_never_an_exception(planner_plan, data):
    read_then_import(planner_plan, data)


@spreadsheets.FUZZ
@given(data=spreadsheets.corrupted(spreadsheets.workbooks(max_rows=4)))
def test_a_damaged_file_is_refused_in_thai_never_an_exception(planner_plan, data):
    read_then_import(planner_plan, data)
