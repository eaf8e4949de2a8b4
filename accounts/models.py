"""Users, organisations (อปท.), their departments and who holds which role where."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accounts.areas import amphoe_name, province_name
from thai.collation import thai_sort_key


class User(AbstractUser):
    """An OpPlan account. Custom from the first migration so it can grow."""

    must_change_password = models.BooleanField(
        "ต้องตั้งรหัสผ่านใหม่ก่อนใช้งาน",
        default=False,
        help_text="ตั้งเมื่อผู้ดูแลระบบออกรหัสผ่านชั่วคราวให้ ผู้ใช้จะต้องตั้งรหัสผ่านของตนเองทันทีที่เข้าสู่ระบบ",
    )

    class Meta:
        verbose_name = "ผู้ใช้"
        verbose_name_plural = "ผู้ใช้"

    def __str__(self):
        return self.get_full_name() or self.username


class OrganizationType(models.TextChoices):
    PAO = "pao", "องค์การบริหารส่วนจังหวัด"
    CITY = "city", "เทศบาลนคร"
    TOWN = "town", "เทศบาลเมือง"
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", "เทศบาลตำบล"
    SAO = "sao", "องค์การบริหารส่วนตำบล"

    @property
    def short_label(self):
        return ORGANIZATION_TYPE_SHORT[self]

    @property
    def executive_title(self):
        return EXECUTIVE_TITLES[self]


ORGANIZATION_TYPE_SHORT = {
    OrganizationType.PAO: "อบจ.",
    OrganizationType.CITY: "ทน.",
    OrganizationType.TOWN: "ทม.",
    OrganizationType.SUBDISTRICT_MUNICIPALITY: "ทต.",
    OrganizationType.SAO: "อบต.",
}


def type_named_by(name: str):
    """The (OrganizationType, prefix) a name starts with ("เทศบาลตำบลแม่กา" → เทศบาลตำบล,
    "อบต.หนองบัว" → อบต.), or None for a name without one."""
    name = " ".join(str(name or "").split())
    prefixes = [(kind.label, kind) for kind in OrganizationType]
    prefixes += [(short, kind) for kind, short in ORGANIZATION_TYPE_SHORT.items()]
    for prefix, kind in sorted(prefixes, key=lambda item: -len(item[0])):
        if name.startswith(prefix):
            return kind, prefix
    return None


def name_contradicts_type(name, type) -> str | None:
    """Why a name does not fit the type ("เทศบาลตำบลทดสอบ" as an อบจ.), in Thai, or None.
    A name without a type's prefix ("หนองบัว") contradicts nothing."""
    named = type_named_by(name)
    if not named or type not in OrganizationType.values or named[0] == type:
        return None
    kind, prefix = named
    said = f"“{prefix}”" if prefix == kind.label else f"“{prefix}” ({kind.label})"
    return (
        f"ชื่อ “{' '.join(name.split())}” ขึ้นต้นด้วย {said} "
        f"แต่ประเภทที่เลือกคือ{OrganizationType(type).label} กรุณาแก้ชื่อหรือประเภทให้ตรงกัน"
    )


EXECUTIVE_TITLES = {
    OrganizationType.PAO: "นายกองค์การบริหารส่วนจังหวัด",
    OrganizationType.CITY: "นายกเทศมนตรี",
    OrganizationType.TOWN: "นายกเทศมนตรี",
    OrganizationType.SUBDISTRICT_MUNICIPALITY: "นายกเทศมนตรี",
    OrganizationType.SAO: "นายกองค์การบริหารส่วนตำบล",
}


class AmendmentPath(models.TextChoices):
    """Who approves a แผนการดำเนินงาน แก้ไข (domain.md §2: the executive's power by default)."""

    EXECUTIVE = "executive", "ผู้บริหารอนุมัติโดยตรง (ตามระเบียบฯ)"
    COMMITTEES = "committees", "ผ่านคณะกรรมการสนับสนุนฯ และคณะกรรมการพัฒนาท้องถิ่น"


class Organization(models.Model):
    """A local government (อปท.). Created through accounts.organizations.create_organization."""

    name = models.CharField("ชื่อ อปท.", max_length=200, help_text="เช่น องค์การบริหารส่วนตำบลตัวอย่าง")
    slug = models.SlugField(
        "ชื่อภาษาอังกฤษในลิงก์ (slug)",
        max_length=60,
        unique=True,
        help_text="ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข และขีด ใช้ในลิงก์หน้าสาธารณะ เช่น demo",
    )
    type = models.CharField("ประเภท", max_length=32, choices=OrganizationType.choices)
    amphoe = models.CharField("อำเภอ", max_length=100, blank=True, help_text="เว้นว่างสำหรับ อบจ.")
    province = models.CharField("จังหวัด", max_length=100)
    address = models.TextField("ที่อยู่", blank=True)
    executive_name = models.CharField("ชื่อผู้บริหารท้องถิ่น", max_length=200, blank=True)
    logo = models.ImageField("ตราสัญลักษณ์", upload_to="logos/", blank=True)
    thai_digits = models.BooleanField(
        "ใช้เลขไทยในเอกสารที่พิมพ์",
        default=True,
        help_text="ตัวเลขและวันที่ในแบบ ผด. ประกาศ และรูปเล่มแผนจะพิมพ์เป็นเลขไทย (๐–๙)",
    )
    amendment_path = models.CharField(
        "การอนุมัติแผนฉบับแก้ไข",
        max_length=16,
        choices=AmendmentPath.choices,
        default=AmendmentPath.EXECUTIVE,
        help_text="ฉบับเพิ่มเติมผ่านคณะกรรมการเสมอ ฉบับแก้ไขเป็นอำนาจของผู้บริหาร "
        "แต่ อปท. อาจเลือกให้ผ่านคณะกรรมการด้วย",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "องค์กรปกครองส่วนท้องถิ่น"
        verbose_name_plural = "องค์กรปกครองส่วนท้องถิ่น"
        ordering = ["province", "name"]
        # District and province views select by area (oversight).
        indexes = [models.Index(fields=["province", "amphoe"], name="organization_area")]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=OrganizationType.values),
                name="organization_type_valid",
                violation_error_message="ประเภท อปท. ไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(amendment_path__in=AmendmentPath.values),
                name="organization_amendment_path_valid",
                violation_error_message="วิธีอนุมัติแผนฉบับแก้ไขไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organization_name_not_empty",
                violation_error_message="ต้องระบุชื่อ อปท.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="organization_slug_not_empty",
                violation_error_message="ต้องระบุชื่อภาษาอังกฤษในลิงก์",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.province = province_name(self.province)
        self.amphoe = amphoe_name(self.amphoe)
        super().save(*args, **kwargs)

    @property
    def executive_title(self):
        """นายกองค์การบริหารส่วนตำบล / นายกเทศมนตรี / นายกองค์การบริหารส่วนจังหวัด."""
        return OrganizationType(self.type).executive_title

    @property
    def place_name(self) -> str:
        """The name without its type: "หนองบัว" for องค์การบริหารส่วนตำบลหนองบัว."""
        name = self.name
        for prefix in (OrganizationType(self.type).label, "เทศบาล", "องค์การบริหารส่วน"):
            if name.startswith(prefix) and len(name) > len(prefix):
                return name[len(prefix) :].strip()
        return name

    @property
    def executive_position(self) -> str:
        """นายกองค์การบริหารส่วนตำบลหนองบัว, นายกเทศมนตรีตำบลดอกคำใต้ … as signed."""
        name = self.name
        if name.startswith("เทศบาล"):
            return "นายกเทศมนตรี" + name[len("เทศบาล") :]
        if name.startswith("องค์การบริหารส่วน"):
            return "นายก" + name
        return f"{self.executive_title}{self.place_name}"

    @property
    def type_short(self):
        return OrganizationType(self.type).short_label

    @property
    def location(self):
        """อำเภอ… จังหวัด… as printed under the name on the forms (จังหวัด… for an อบจ.)."""
        if self.type == OrganizationType.PAO or not self.amphoe:
            return f"จังหวัด{self.province}"
        return f"อำเภอ{self.amphoe} จังหวัด{self.province}"

    def clean(self):
        self.province = province_name(self.province)
        self.amphoe = amphoe_name(self.amphoe)
        errors = {}
        if self.type != OrganizationType.PAO and not self.amphoe:
            errors["amphoe"] = "ต้องระบุอำเภอ (เว้นได้เฉพาะ อบจ.)"
        contradiction = name_contradicts_type(self.name, self.type)
        if contradiction:
            errors["name"] = contradiction
        if errors:
            raise ValidationError(errors)

    def role_label(self, role) -> str:
        """A role as this organisation's type names it (เทศบาล committees differ)."""
        role = Role(role)
        if self.type in MUNICIPAL_TYPES:
            return MUNICIPAL_ROLE_LABELS.get(role, role.label)
        return role.label


class DepartmentKind(models.TextChoices):
    INTERNAL = "internal", "หน่วยงานภายใน"
    EXTERNAL = "external", "หน่วยงานภายนอก"


class Department(models.Model):
    """A unit responsible for projects: a กอง of the organisation or an outside agency."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="departments", verbose_name="อปท."
    )
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    kind = models.CharField(
        "ประเภทหน่วยงาน",
        max_length=16,
        choices=DepartmentKind.choices,
        default=DepartmentKind.INTERNAL,
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    is_active = models.BooleanField("ใช้งาน", default=True)

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ["organization", "-kind", "order", "name"]  # internal units first
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="department_name_unique_per_organization",
                violation_error_message="อปท. นี้มีหน่วยงานชื่อนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DepartmentKind.values),
                name="department_kind_valid",
                violation_error_message="ประเภทหน่วยงานไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="department_name_not_empty",
                violation_error_message="ต้องระบุชื่อหน่วยงาน",
            ),
        ]

    def __str__(self):
        return self.name


class DefaultDepartment(models.Model):
    """Reference data: the departments a new organisation of a type starts with."""

    organization_type = models.CharField(
        "ประเภท อปท.", max_length=32, choices=OrganizationType.choices
    )
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    order = models.PositiveSmallIntegerField("ลำดับ")

    class Meta:
        verbose_name = "หน่วยงานเริ่มต้นตามประเภท อปท."
        verbose_name_plural = "หน่วยงานเริ่มต้นตามประเภท อปท."
        ordering = ["organization_type", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization_type", "name"], name="default_department_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_organization_type_display()}: {self.name}"


class Role(models.TextChoices):
    PLANNER = "planner", "นักวิเคราะห์นโยบายและแผน"
    DEPARTMENT_STAFF = "department_staff", "เจ้าหน้าที่หน่วยงาน"
    SUPPORT_COMMITTEE = "support_committee", "กรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น"
    DEVELOPMENT_COMMITTEE = "development_committee", "กรรมการพัฒนาท้องถิ่น"
    EXECUTIVE = "executive", "ผู้บริหารท้องถิ่น"
    VIEWER = "viewer", "ผู้ดูข้อมูล (ดูได้อย่างเดียว)"


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several roles and organisations."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="ผู้ใช้"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="อปท."
    )
    role = models.CharField("บทบาท", max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="หน่วยงาน",
        help_text="ต้องระบุสำหรับเจ้าหน้าที่หน่วยงาน และเว้นว่างสำหรับบทบาทอื่น",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "บทบาทใน อปท."
        verbose_name_plural = "บทบาทใน อปท."
        ordering = ["organization", "user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="membership_role_valid",
                violation_error_message="บทบาทไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.DEPARTMENT_STAFF, department__isnull=False)
                    | (~Q(role=Role.DEPARTMENT_STAFF) & Q(department__isnull=True))
                ),
                name="membership_department_only_for_department_staff",
                violation_error_message="เจ้าหน้าที่หน่วยงานต้องระบุหน่วยงาน และบทบาทอื่นต้องไม่ระบุหน่วยงาน",
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=~Q(role=Role.DEPARTMENT_STAFF),
                name="membership_role_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role", "department"],
                condition=Q(role=Role.DEPARTMENT_STAFF),
                name="membership_department_role_unique",
            ),
        ]

    def __str__(self):
        label = self.get_role_display()
        if self.department_id:
            label = f"{label} ({self.department})"
        return f"{self.user} — {label} — {self.organization}"

    def clean(self):
        if (
            self.department_id
            and self.organization_id
            and self.department.organization_id != self.organization_id
        ):
            raise ValidationError({"department": "หน่วยงานต้องอยู่ใน อปท. เดียวกับบทบาทนี้"})


MUNICIPAL_TYPES = {
    OrganizationType.CITY,
    OrganizationType.TOWN,
    OrganizationType.SUBDISTRICT_MUNICIPALITY,
}
MUNICIPAL_ROLE_LABELS = {
    Role.SUPPORT_COMMITTEE: "กรรมการสนับสนุนการจัดทำแผนพัฒนาเทศบาล",
    Role.DEVELOPMENT_COMMITTEE: "กรรมการพัฒนาเทศบาล",
}


class Supervision(models.Model):
    """ท้องถิ่นอำเภอ / ท้องถิ่นจังหวัด: a user's read-only oversight of the อปท. of one
    district (amphoe and province) or, with amphoe blank, of a whole province.

    A province-level supervision may also carry `can_manage_organizations` (the province
    administrator: adds อปท. and invites their planning officers). Matched against
    Organization.province/amphoe exactly; both store the bare names (accounts.areas:
    "พะเยา", never "จังหวัดพะเยา"). docs/adr/0041, 0049.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="supervisions", verbose_name="ผู้ใช้"
    )
    province = models.CharField("จังหวัด", max_length=100)
    amphoe = models.CharField(
        "อำเภอ", max_length=100, blank=True, help_text="เว้นว่าง = ทั้งจังหวัด (ท้องถิ่นจังหวัด)"
    )
    can_manage_organizations = models.BooleanField(
        "ผู้ดูแล อปท. ของจังหวัด",
        default=False,
        help_text="เพิ่ม อปท. ในจังหวัดและเชิญนักวิเคราะห์นโยบายและแผนของ อปท. (เฉพาะระดับจังหวัด)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ผู้กำกับดูแล อปท. (ท้องถิ่นอำเภอ/จังหวัด)"
        verbose_name_plural = "ผู้กำกับดูแล อปท. (ท้องถิ่นอำเภอ/จังหวัด)"
        ordering = ["province", "amphoe", "user"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(province=""),
                name="supervision_province_not_empty",
                violation_error_message="ต้องระบุจังหวัด",
            ),
            models.CheckConstraint(
                condition=Q(can_manage_organizations=False) | Q(amphoe=""),
                name="supervision_manager_is_province_level",
                violation_error_message="ผู้ดูแล อปท. ของจังหวัดต้องเป็นระดับจังหวัด (เว้นอำเภอว่าง)",
            ),
            models.UniqueConstraint(
                fields=["user", "province", "amphoe"],
                name="supervision_unique",
                violation_error_message="ผู้ใช้นี้กำกับดูแลพื้นที่นี้อยู่แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.level_label} {self.area_name}"

    def save(self, *args, **kwargs):
        self.province = province_name(self.province)
        self.amphoe = amphoe_name(self.amphoe)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the constraints are checked (full_clean): "จังหวัดพะเยา" is "พะเยา".
        self.province = province_name(self.province)
        self.amphoe = amphoe_name(self.amphoe)

    @property
    def is_province_level(self) -> bool:
        return not self.amphoe

    @property
    def level_label(self) -> str:
        return "ท้องถิ่นจังหวัด" if self.is_province_level else "ท้องถิ่นอำเภอ"

    @property
    def area_name(self) -> str:
        """จังหวัดพะเยา, or อำเภอเมืองพะเยา จังหวัดพะเยา."""
        if self.is_province_level:
            return f"จังหวัด{self.province}"
        return f"อำเภอ{self.amphoe} จังหวัด{self.province}"

    def covers(self, organization) -> bool:
        return organization.province == self.province and (
            self.is_province_level or organization.amphoe == self.amphoe
        )

    @property
    def organizations_filter(self) -> Q:
        """The organisations of the area, as a filter on Organization."""
        area = Q(province=self.province)
        return area if self.is_province_level else area & Q(amphoe=self.amphoe)

    def area_problem(self) -> tuple[str, str] | None:
        """(field, Thai message) when no organisation is in the area yet: most likely a
        name typed otherwise than the organisations have it. Names the areas that have
        organisations, to pick from. 2 queries at most."""
        province, amphoe = province_name(self.province), amphoe_name(self.amphoe)
        in_province = Organization.objects.filter(province=province)
        if not in_province.exists():
            known = Organization.objects.order_by().values_list("province", flat=True).distinct()
            return "province", _no_organization(f"จังหวัด{province}", "จังหวัด", known)
        if amphoe and not in_province.filter(amphoe=amphoe).exists():
            known = in_province.order_by().values_list("amphoe", flat=True).distinct()
            where = f"อำเภอ{amphoe} จังหวัด{province}"
            return "amphoe", _no_organization(where, f"อำเภอของจังหวัด{province}", known)
        return None


def _no_organization(where, kind, known, shown=10) -> str:
    names = sorted({name for name in known if name}, key=thai_sort_key)
    message = f"ยังไม่มี อปท. ใน{where} ในระบบ กรุณาตรวจการสะกดให้ตรงกับที่ อปท. ใช้"
    if names:
        more = f" และอีก {len(names) - shown} แห่ง" if len(names) > shown else ""
        message += f" {kind}ที่มี อปท. แล้ว: {', '.join(names[:shown])}{more}"
    return message
