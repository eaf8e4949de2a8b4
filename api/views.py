"""The open data API (django-ninja, docs/adr/0039-open-data-api.md): read-only, no login,
announced editions only. Operations are thin: a scope finds the object (404 for drafts
and unknown ids alike), api.records builds the body, api.caching answers it."""

import json
import math
from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Query
from ninja.errors import Throttled, ValidationError

from accounts.areas import amphoe_name, province_name
from api import caching, exports, limits, permissions, records, schemas

api = NinjaAPI(
    title="OpPlan — ข้อมูลเปิดแผนการดำเนินงาน",
    version="1",
    description=(
        "แผนการดำเนินงานที่ประกาศใช้แล้วขององค์กรปกครองส่วนท้องถิ่น: อ่านอย่างเดียว "
        "ไม่ต้องเข้าสู่ระบบ ไม่มีร่างแผน งบประมาณเป็นข้อความทศนิยมสองตำแหน่ง "
        "คำอธิบายภาษาไทยพร้อมตัวอย่างอยู่ที่ /api/v1/"
    ),
    urls_namespace="api",
    openapi_url=None,  # served by `openapi` below: cached and counted like the rest
    docs_url=None,  # the guide page in Thai instead of a Swagger UI (CSP, ADR 0039)
    throttle=[limits.AddressRateThrottle()],
)

# What every operation may answer besides 200: 304 to a conditional GET that matches,
# 404 (unknown or not announced), 429 (the address's limit); 422 for a bad query value.
ERRORS = {304: None, 404: schemas.Error, 429: schemas.Error}
QUERY_ERRORS = {**ERRORS, 422: schemas.Error}
Scope = Literal["edition", "consolidated"]
PAGE = Query(1, ge=1, description="หน้าที่ (เริ่มที่ 1)")
SCOPE = Query(
    "edition",
    description="edition: แถวของฉบับนี้ตามที่ประกาศ; consolidated: แผนที่มีผลใช้ทั้งปีงบประมาณ "
    "(ทุกฉบับที่ประกาศแล้วของปีนั้น)",
)


def _json(model) -> bytes:
    return model.model_dump_json().encode()


def _error(request, status, detail, **headers):
    """A refusal as JSON {"detail": Thai text} (schemas.Error), Thai left readable."""
    response = HttpResponse(
        _json(schemas.Error(detail=detail)), status=status, content_type=caching.JSON
    )
    for name, value in headers.items():
        response[name] = value
    response["Access-Control-Allow-Origin"] = "*"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    detail = str(exc) if exc.args else "ไม่พบข้อมูลที่ขอ"
    return _error(request, 404, detail)


QUERY_RULES = {"page": "ต้องเป็นจำนวนเต็มตั้งแต่ 1", "scope": "ต้องเป็น edition หรือ consolidated"}


@api.exception_handler(ValidationError)
def invalid(request, exc):
    problems = []
    for error in exc.errors:
        name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "คำขอ"
        rule = QUERY_RULES.get(name)
        problems.append(f"ค่าของ {name} ไม่ถูกต้อง" + (f": {rule}" if rule else ""))
    return _error(request, 422, "; ".join(problems))


@api.exception_handler(Throttled)
def too_many(request, exc):
    detail, wait = limits.refusal_text()
    return _error(request, 429, detail, **{"Retry-After": str(wait)})


def _page_links(request, page, pages):
    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))

    return (
        link(page + 1) if page < pages else None,
        link(page - 1) if page > 1 else None,
    )


def _page(request, count, page):
    """(slice of the page's items, next, previous) for `count` items; Http404 past the
    last page (an empty list has one, empty, page)."""
    size = settings.OPPLAN_API_PAGE_SIZE
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise Http404(f"ไม่มีหน้าที่ {page}: มีทั้งหมด {pages} หน้า")
    next_url, previous_url = _page_links(request, page, pages)
    return slice((page - 1) * size, page * size), next_url, previous_url


@api.get(
    "/organizations/",
    response={200: schemas.OrganizationPage, **QUERY_ERRORS},
    url_name="organizations",
    operation_id="organizations",
    summary="รายชื่อ อปท.",
)
def organizations(
    request,
    province: str = Query("", description="เฉพาะจังหวัดนี้ (เช่น พะเยา หรือ จังหวัดพะเยา)"),
    district: str = Query("", description="เฉพาะอำเภอนี้ (เช่น เมือง)"),
    page: int = PAGE,
):
    """อปท. ในระบบ เรียงตามจังหวัด อำเภอ และชื่อ แบ่งหน้าละ OPPLAN_API_PAGE_SIZE รายการ"""

    def build():
        everyone = permissions.visible_organizations().order_by("province", "amphoe", "name", "pk")
        if province.strip():  # "จังหวัดพะเยา" or "พะเยา", as the names are stored (accounts.areas)
            everyone = everyone.filter(province=province_name(province))
        if district.strip():
            everyone = everyone.filter(amphoe=amphoe_name(district))
        count = everyone.count()
        on_page, next_url, previous_url = _page(request, count, page)
        return _json(
            schemas.OrganizationPage(
                count=count,
                next=next_url,
                previous=previous_url,
                results=[records.organization(request, o) for o in everyone[on_page]],
            )
        )

    return caching.respond(request, build)


@api.get(
    "/organizations/{slug}/",
    response={200: schemas.Organization, **ERRORS},
    url_name="organization",
    operation_id="organization",
    summary="ข้อมูล อปท.",
)
def organization(request, slug: str):
    """ชื่อ ประเภท อำเภอ จังหวัด ของ อปท. หนึ่งแห่ง"""
    found = permissions.organization_or_404(slug)
    return caching.respond(request, lambda: _json(records.organization(request, found)))


@api.get(
    "/organizations/{slug}/plans/",
    response={200: schemas.PlanList, **ERRORS},
    url_name="organization_plans",
    operation_id="organization_plans",
    summary="แผนที่ประกาศใช้แล้วของ อปท.",
)
def organization_plans(request, slug: str):
    """ทุกฉบับที่ประกาศใช้แล้ว (ฉบับแรก เพิ่มเติม แก้ไข) ใหม่ที่สุดก่อน พร้อมการปิดประกาศ
    SHA-256 ของบันทึกฉบับที่ประกาศ และลิงก์ไฟล์ที่เผยแพร่"""
    found = permissions.organization_or_404(slug)
    return caching.respond(request, lambda: _json(records.organization_plans(request, found)))


@api.get(
    "/plans/{plan_id}/projects/",
    response={200: schemas.ProjectPage, **QUERY_ERRORS},
    url_name="plan_projects",
    operation_id="plan_projects",
    summary="โครงการของแผน (ตามที่ประกาศ)",
)
def plan_projects(request, plan_id: int, scope: Scope = SCOPE, page: int = PAGE):
    """แถวของฉบับนี้ตามที่ประกาศ หรือ scope=consolidated: แผนที่มีผลใช้ทั้งปีงบประมาณ
    พร้อมผลการดำเนินงานของรอบที่ประกาศผลล่าสุด แบ่งหน้าละ OPPLAN_API_PAGE_SIZE แถว"""
    plan = permissions.plan_or_404(plan_id)

    def build():
        rows = records.project_rows(plan, scope)
        on_page, next_url, previous_url = _page(request, len(rows.rows), page)
        return _json(
            schemas.ProjectPage(
                plan=plan.pk,
                organization=plan.organization.slug,
                fiscal_year=plan.fiscal_year,
                scope=scope,
                snapshot_sha256=rows.snapshot_sha256,
                results_round=rows.round,
                count=len(rows.rows),
                total_budget=rows.total,
                next=next_url,
                previous=previous_url,
                results=list(rows.rows[on_page]),
            )
        )

    return caching.respond(request, build)


def csv_filename(plan, scope) -> str:
    edition = "" if plan.number == 0 else f"-{plan.kind}-{plan.number}"
    if scope == "consolidated":
        edition = "-consolidated"
    return f"projects-{plan.organization.slug}-{plan.fiscal_year}{edition}.csv"


@api.get(
    "/plans/{plan_id}/projects.csv",
    response={200: None, **QUERY_ERRORS},
    url_name="plan_projects_csv",
    operation_id="plan_projects_csv",
    summary="โครงการของแผนเป็นไฟล์ CSV",
    openapi_extra={
        "responses": {
            200: {
                "description": "ทุกแถวในไฟล์เดียว: UTF-8 มี BOM (เปิดใน Excel ได้ทันที) "
                "หัวตารางภาษาไทย ค่าตรงกับ JSON",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def plan_projects_csv(request, plan_id: int, scope: Scope = SCOPE):
    """ข้อมูลเดียวกับ /projects/ ทุกแถวในไฟล์เดียว"""
    plan = permissions.plan_or_404(plan_id)

    def build():
        rows = records.project_rows(plan, scope).rows
        return exports.render_projects_csv([r.model_dump(mode="json") for r in rows])

    return caching.respond(
        request, build, content_type=caching.CSV, filename=csv_filename(plan, scope)
    )


@login_not_required
@require_safe
def openapi(request):
    """The OpenAPI 3 document of every operation above."""
    if not limits.allow(request):
        return too_many(request, None)
    prefix = reverse("api:guide")
    return caching.respond(
        request,
        lambda: json.dumps(
            api.get_openapi_schema(path_prefix=prefix), ensure_ascii=False, indent=1
        ).encode(),
    )


@login_not_required
@require_safe
@cache_control(public=True, max_age=300)
def guide(request):
    """The human page: what the API serves, in Thai, with curl examples on real ids."""
    example_plan = (
        permissions.visible_plans().select_related("organization").order_by("-pk").first()
    )
    example_org = (
        example_plan.organization
        if example_plan
        else permissions.visible_organizations().order_by("pk").first()
    )
    base = request.build_absolute_uri(reverse("api:guide"))
    return render(
        request,
        "api/guide.html",
        {
            "base": base.rstrip("/"),
            "slug": example_org.slug if example_org else "nongbua",
            "province": example_org.province if example_org else "พะเยา",
            "plan_id": example_plan.pk if example_plan else 1,
            "page_size": settings.OPPLAN_API_PAGE_SIZE,
            "rate_limit": settings.OPPLAN_API_RATE_LIMIT,
            "rate_window": settings.OPPLAN_API_RATE_WINDOW,
            "cache_seconds": settings.OPPLAN_API_CACHE_SECONDS,
            "csv_columns": exports.COLUMNS,
        },
    )
