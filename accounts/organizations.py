"""The write path for organisations: create one with its default departments."""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction

from accounts.areas import amphoe_name, province_name
from accounts.models import DefaultDepartment, Department, DepartmentKind, Organization
from accounts.permissions import (
    OPERATOR,
    PLANNERS_ONLY,
    can_create_organization,
    can_manage_organization,
)
from uploads import images

PROVINCE_ADMINS_ONLY = "เฉพาะผู้ดูแล อปท. ของจังหวัดนี้เท่านั้นที่เพิ่ม อปท. ได้"


def create_organization(*, name, slug, type, amphoe, province, by=OPERATOR, **fields):
    """Create an organisation and the default departments of its type.

    `by` is the province administrator adding it from the web (accounts.permissions.
    can_create_organization for `province`); commands, seeds and tests act as OPERATOR.
    Raises PermissionDenied, or ValidationError (Thai messages, keyed by field), and
    saves nothing when a value is invalid or the slug is taken. The area is stored by its
    bare names ("จังหวัดพะเยา" → "พะเยา", accounts.areas).
    """
    province = province_name(province)
    if not can_create_organization(by, province):
        raise PermissionDenied(PROVINCE_ADMINS_ONLY)
    organization = Organization(
        name=name.strip(),
        slug=slug.strip(),
        type=type,
        amphoe=amphoe_name(amphoe),
        province=province,
        **fields,
    )
    return save_new_organization(organization)


@transaction.atomic
def save_new_organization(organization: Organization) -> Organization:
    """Validate and save an unsaved organisation, then add its type's default departments."""
    if organization.pk is not None:
        raise ValueError("save_new_organization() is for organisations not yet saved")
    normalise_logo(organization)
    organization.full_clean()
    organization.save()
    defaults = DefaultDepartment.objects.filter(organization_type=organization.type)
    Department.objects.bulk_create(
        Department(
            organization=organization,
            name=default.name,
            kind=DepartmentKind.INTERNAL,
            order=default.order,
        )
        for default in defaults
    )
    return organization


def validation_messages(error: ValidationError, model) -> list[str]:
    """Flatten a ValidationError into lines 'field label: message' for a command's output."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    lines = []
    for field, messages in error.message_dict.items():
        if field == NON_FIELD_ERRORS:
            lines.extend(messages)
            continue
        try:
            label = model._meta.get_field(field).verbose_name
        except FieldDoesNotExist:
            label = field
        lines.extend(f"{label}: {message}" for message in messages)
    return lines


def normalise_logo(organization) -> None:
    """A logo just uploaded is stored normalised (uploads.images: upright, at most
    1,024 pixels a side, re-encoded without metadata), never as it came.

    Raises ValidationError({"logo": …}) in Thai for a file that is refused."""
    logo = organization.logo
    if logo and not logo._committed:
        try:
            organization.logo = images.normalise(logo.file, images.LOGO)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from None


def _require_manager(organization, by):
    if not can_manage_organization(by, organization):
        raise PermissionDenied(PLANNERS_ONLY)


# Fields a planning officer may change; slug and type stay with the administrator
# (the slug is in published links, the type decides titles and defaults).
EDITABLE_FIELDS = (
    "name",
    "amphoe",
    "province",
    "address",
    "executive_name",
    "logo",
    "thai_digits",
    "amendment_path",
)


@transaction.atomic
def update_organization(organization: Organization, *, by, changed) -> Organization:
    """Save the `changed` fields of an organisation's own settings.

    Callers (the settings form) set the new values on `organization` first.
    Raises PermissionDenied for anyone but its planning officers, ValidationError
    for bad values, ValueError for fields outside EDITABLE_FIELDS.
    """
    _require_manager(organization, by)
    changed = list(changed)
    unknown = set(changed) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    normalise_logo(organization)
    organization.full_clean()
    if changed:
        organization.save(update_fields=changed)
    return organization


@transaction.atomic
def save_department(department: Department, *, by) -> Department:
    """Add or change a department of an organisation. Raises PermissionDenied or ValidationError."""
    _require_manager(department.organization, by)
    department.name = department.name.strip()
    department.full_clean()
    department.save()
    return department
