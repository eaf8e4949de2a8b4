from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "ผู้ใช้และ อปท."

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from accounts.logins import log_failure

        # A log line, not business logic: every refused sign-in is written down.
        user_login_failed.connect(log_failure, dispatch_uid="accounts.logins.log_failure")
