"""Thai names for the third-party apps that the admin lists (docs/adr/0050).

Each subclass only names its app; INSTALLED_APPS points at it instead of the app's
own AppConfig. The label, and with it the tables and migrations, stay the app's.
"""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class SignInThrottlingConfig(AxesAppConfig):
    """django-axes: the refused sign-ins (README, Accounts and passwords)."""

    verbose_name = "การเข้าสู่ระบบ"


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db: the worker's queue, where a failed task is read (README)."""

    verbose_name = "คิวงานเบื้องหลัง"
