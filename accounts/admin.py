from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse

from accounts import logins, passwords
from accounts.areas import (
    AMPHOE_HELP,
    ORGANIZATION_AREA_HELP,
    PROVINCE_HELP,
    amphoe_name,
    province_name,
)
from accounts.models import (
    DefaultDepartment,
    Department,
    Membership,
    Organization,
    Supervision,
    User,
)
from accounts.organizations import normalise_logo, save_new_organization
from uploads import images

# A permission's name is stored in English when its model is migrated ("Can add
# access log"): the pickers show it in Thai from its codename and the model's name.
_PERMISSION_ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def permission_label(permission):
    """A standard permission as "การเข้าสู่ระบบ | ดูประวัติการเข้าสู่ระบบ"; others keep their name."""
    model = permission.content_type.model_class()
    action, _, _ = permission.codename.partition("_")
    if model is None or action not in _PERMISSION_ACTIONS:
        return str(permission)
    meta = model._meta
    return f"{meta.app_config.verbose_name} | {_PERMISSION_ACTIONS[action]}{meta.verbose_name}"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "department"]
    fk_name = "user"


class SupervisionAdminForm(forms.ModelForm):
    """An area as the organisations have it: "จังหวัดพะเยา" is stored "พะเยา"
    (accounts.areas), and a new or changed area in which no organisation is recorded yet is
    refused, naming the areas that have some (docs/adr/0049). A province administrator is
    the exception: they add the province's organisations, so they come first (a warning
    after saving says so, SupervisionWarnings)."""

    class Meta:
        model = Supervision
        fields = "__all__"  # noqa: DJ007 -- the admin edits every field
        help_texts = {
            "province": f"{PROVINCE_HELP} ให้ตรงกับจังหวัดของ อปท. ในระบบ",
            "amphoe": f"{AMPHOE_HELP} · เว้นว่าง = ทั้งจังหวัด (ท้องถิ่นจังหวัด)",
        }
        # The user page's rows show help only as a tooltip: say it in the empty boxes too.
        widgets = {
            "province": forms.TextInput(attrs={"placeholder": "เช่น พะเยา (ไม่ต้องมีคำว่า จังหวัด)"}),
            "amphoe": forms.TextInput(attrs={"placeholder": "เช่น เมืองพะเยา (ว่าง = ทั้งจังหวัด)"}),
        }

    def clean(self):
        cleaned = super().clean()
        if "province" in cleaned:
            cleaned["province"] = province_name(cleaned["province"])
        if "amphoe" in cleaned:
            cleaned["amphoe"] = amphoe_name(cleaned["amphoe"])
        area_changed = self.instance.pk is None or {"province", "amphoe"} & set(self.changed_data)
        if cleaned.get("province") and area_changed and not cleaned.get("can_manage_organizations"):
            area = Supervision(province=cleaned["province"], amphoe=cleaned.get("amphoe", ""))
            problem = area.area_problem()
            if problem:
                self.add_error(*problem)
        return cleaned


class SupervisionWarnings:
    """After saving, warn of a province administrator's province with no organisation yet."""

    def warn_of_empty_areas(self, request, supervisions):
        for supervision in supervisions:
            if supervision.can_manage_organizations and supervision.area_problem():
                self.message_user(
                    request,
                    f"ยังไม่มี อปท. ใน{supervision.area_name}: ผู้ดูแล อปท. ของจังหวัดเพิ่มได้ที่หน้า "
                    "“จัดการ อปท.” หากสะกดชื่อจังหวัดผิด ท้องถิ่นอำเภอ/จังหวัดจะไม่เห็น อปท. ใด",
                    messages.WARNING,
                )


class SupervisionInline(admin.TabularInline):
    """ท้องถิ่นอำเภอ/ท้องถิ่นจังหวัด: the areas the user oversees (docs/adr/0041)."""

    model = Supervision
    form = SupervisionAdminForm
    extra = 0


@admin.register(User)
class UserAdmin(SupervisionWarnings, DjangoUserAdmin):
    inlines = [MembershipInline, SupervisionInline]
    actions = ["issue_one_time_passwords", "unlock_sign_in"]
    list_display = [*DjangoUserAdmin.list_display, "must_change_password"]
    list_filter = [*DjangoUserAdmin.list_filter, "must_change_password"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (None, {"fields": ["must_change_password"]}),
        *DjangoUserAdmin.fieldsets[1:],
    ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Supervision:
            self.warn_of_empty_areas(request, formset.new_objects + [
                obj for obj, _ in formset.changed_objects
            ])  # fmt: skip

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "user_permissions":
            field.label_from_instance = permission_label
        return field

    @admin.action(description="ออกรหัสผ่านชั่วคราว (แสดงครั้งเดียว ผู้ใช้ต้องตั้งรหัสผ่านใหม่)")
    def issue_one_time_passwords(self, request, queryset):
        """For staff without e-mail: the passwords are on this page only, never stored."""
        issued = [
            (user, passwords.issue_one_time_password(user, by=request.user))
            for user in queryset.filter(is_active=True).order_by("username")
        ]
        return TemplateResponse(
            request,
            "admin/accounts/user/one_time_passwords.html",
            {**self.admin_site.each_context(request), "issued": issued,
             "title": "รหัสผ่านชั่วคราว", "opts": self.opts},
        )  # fmt: skip

    @admin.action(description="ปลดล็อกการเข้าสู่ระบบ (ล้างจำนวนครั้งที่กรอกรหัสผ่านผิด)")
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            logins.unlock(username=user.username)
        self.message_user(request, f"ปลดล็อกการเข้าสู่ระบบแล้ว {len(queryset)} บัญชี")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = "__all__"  # noqa: DJ007 -- the admin edits every field
        field_classes = {"logo": images.LogoField}
        help_texts = ORGANIZATION_AREA_HELP

    def clean_logo(self):
        # Normalised here, where a refusal can be shown on the form (uploads.images).
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "image"):
            return images.normalise(logo, images.LOGO)
        return logo


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "slug", "type", "amphoe", "province", "thai_digits"]
    list_filter = ["type", "province"]
    search_fields = ["name", "slug", "amphoe", "province"]
    inlines = [DepartmentInline]

    def get_inlines(self, request, obj):
        # A new organisation gets its type's default departments; edit them afterwards.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            normalise_logo(obj)  # done by the form already: a safeguard, not a second pass
            super().save_model(request, obj, form, change)
        else:
            # New organisations go through the one write path (adds default departments).
            save_new_organization(obj)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "order", "is_active"]
    list_filter = ["kind", "organization"]
    search_fields = ["name", "organization__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "department"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization", "department"]


@admin.register(DefaultDepartment)
class DefaultDepartmentAdmin(admin.ModelAdmin):
    list_display = ["organization_type", "order", "name"]
    list_filter = ["organization_type"]


@admin.register(Supervision)
class SupervisionAdmin(SupervisionWarnings, admin.ModelAdmin):
    form = SupervisionAdminForm
    list_display = ["user", "province", "amphoe", "can_manage_organizations"]
    list_filter = ["province", "can_manage_organizations"]
    search_fields = ["user__username", "province", "amphoe"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.warn_of_empty_areas(request, [obj])
