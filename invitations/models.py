"""Invitations: who asked whom by e-mail to join an organisation, in which role, and when
the invitee set a password (docs/adr/0042)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Department, Organization, Role


class Invitation(models.Model):
    """One invitation sent (a resend is another row). Written by invitations.invitations.

    The membership is given when the invitation is made; the account cannot sign in
    until its owner sets a password through the e-mailed link (accepted_at).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name="อปท."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="ผู้ได้รับเชิญ",
    )
    email = models.EmailField("อีเมล")
    role = models.CharField("บทบาท", max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="หน่วยงาน",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้เชิญ",
    )
    invited_at = models.DateTimeField("เชิญเมื่อ", auto_now_add=True)
    accepted_at = models.DateTimeField("ตั้งรหัสผ่านเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การเชิญผู้ใช้"
        verbose_name_plural = "การเชิญผู้ใช้"
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()} — {self.organization}"
