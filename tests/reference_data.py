"""Put back the rows the data migrations create, for transactional tests.

Transactional tests (the browser tests) end by emptying every table, the
reference data of the data migrations included. Django's serialized_rollback
is meant to restore it, but loses its copy when the live server starts after
the test database (pytest-django 4.14, Django 6.1), so the browser tests call
the migrations' own forward functions instead.
"""

from importlib import import_module

from django.apps import apps

MIGRATIONS = [
    ("accounts.migrations.0002_default_departments", "add_defaults", "accounts.DefaultDepartment"),
    ("budget.migrations.0002_reference_sources", "add_sources", "budget.BudgetSource"),
    ("budget.migrations.0003_programs", "add_programs", "budget.Program"),
    ("results.migrations.0002_ita_items", "add", "results.ItaItem"),
]


def restore_reference_data():
    for module, function, model in MIGRATIONS:
        if not apps.get_model(model).objects.exists():
            getattr(import_module(module), function)(apps, None)
