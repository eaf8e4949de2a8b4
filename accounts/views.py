from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.forms import LoginForm, OrganizationChoiceForm
from accounts.middleware import choose_organization
from accounts.permissions import visible_organizations


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def switch_organization(request):
    """Work in another of the user's organisations (the navbar's switcher)."""
    form = OrganizationChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404("ไม่พบ อปท. ที่เลือก")
    organization = get_object_or_404(
        visible_organizations(request.user), pk=form.cleaned_data["organization"]
    )
    choose_organization(request, organization)
    messages.success(request, f"กำลังทำงานใน {organization.name}")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "projects:dashboard"
    return redirect(next_url)
