"""Every URL requires login except the few listed here (style.md §4)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Named URLs anyone may open without signing in.
PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "public:organization",
    "public:download",
    "public:round",
    "public:round_download",
    "public:edition",
    "public:signed_scan",
    "public:project",
    "ops:healthz",
    # The open data API: read-only, announced editions only (api/permissions.py).
    "api:guide",
    "api:openapi",
    "api:organizations",
    "api:organization",
    "api:organization_plans",
    "api:plan_projects",
    "api:plan_projects_csv",
    "invitations:accept",
}

_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_EXAMPLES = {"int": "1", "slug": "demo", "str": "x", "path": "x/y", "uuid": "0" * 32, None: "x"}


def walk(patterns, prefix="", namespace=""):
    """Yield (example path, name, callback, is_route) for every pattern."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            example = _CONVERTER.sub(lambda m: _EXAMPLES[m["converter"]], route)
            name = f"{namespace}{entry.name}" if entry.name else None
            is_route = isinstance(entry.pattern, RoutePattern) and "^" not in prefix
            yield "/" + example, name, entry.callback, is_route


APP_URLS = [u for u in walk(get_resolver().url_patterns) if not u[0].startswith("/admin/")]
ADMIN_URLS = [u for u in walk(get_resolver().url_patterns) if u[0].startswith("/admin/")]


def test_the_walk_finds_the_application_urls():
    names = {name for _, name, _, _ in APP_URLS}
    assert {"accounts:login", "projects:dashboard", "accounts:switch_organization"} <= names


def test_application_urls_are_routes_not_regexes():
    # Regex URLs could not be walked here: keep the application on path().
    assert [path for path, _, _, is_route in APP_URLS if not is_route] == []


@pytest.mark.parametrize(("path", "name"), [(p, n) for p, n, _, _ in APP_URLS])
def test_only_public_urls_are_exempt_from_login(path, name):
    callback = next(c for p, n, c, _ in APP_URLS if p == path)
    exempt = getattr(callback, "login_required", True) is False
    assert exempt == (name in PUBLIC), f"{name} ({path})"


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), [(p, n) for p, n, _, _ in APP_URLS if n not in PUBLIC])
def test_anonymous_visitors_are_sent_to_login(client, path, name):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, f"{name} {path}"
        assert response["Location"].startswith("/accounts/login/?next="), f"{name} {path}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted({p for p, _, _, is_route in ADMIN_URLS if is_route}))
def test_the_admin_sends_anonymous_visitors_to_its_login(client, path):
    response = client.get(path)
    if path == "/admin/login/":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, path
        assert "/login/" in response["Location"], path
