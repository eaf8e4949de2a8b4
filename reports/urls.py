from django.urls import path

from reports import views
from reports.book_texts import ORGANIZATION, PLAN

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/reports/<str:form>/", views.form_page, name="form"),
    path("plans/<int:pk>/reports/<str:form>.<str:fmt>", views.download, name="download"),
    path(
        "plans/<int:pk>/announcement.pdf",
        views.document_download,
        {"key": "announcement"},
        name="announcement",
    ),
    path("plans/<int:pk>/book.pdf", views.document_download, {"key": "book"}, name="book"),
    path(
        "meetings/<int:pk>/invitation.pdf",
        views.meeting_document,
        {"key": "invitation"},
        name="meeting_invitation",
    ),
    path(
        "meetings/<int:pk>/agenda.pdf",
        views.meeting_document,
        {"key": "agenda"},
        name="meeting_agenda",
    ),
    path(
        "meetings/<int:pk>/minutes.pdf",
        views.meeting_document,
        {"key": "minutes"},
        name="meeting_minutes",
    ),
    # A round's results report (URL names for the round's page: reports:results,
    # reports:results_download with "pdf" or "xlsx", reports:results_announcement).
    path("rounds/<int:pk>/reports/results/", views.results_page, name="results"),
    path(
        "rounds/<int:pk>/reports/results.<str:fmt>",
        views.results_download,
        name="results_download",
    ),
    path(
        "rounds/<int:pk>/reports/results-announcement.pdf",
        views.results_announcement,
        name="results_announcement",
    ),
    path("renders/<int:pk>/", views.render_status, name="render"),
    path("renders/<int:pk>/file", views.render_file, name="render_file"),
    path("renders/<int:pk>/retry/", views.render_retry, name="render_retry"),
    path("plans/<int:pk>/book/<str:key>/", views.book_text, {"scope": PLAN}, name="book_text"),
    path(
        "plans/<int:pk>/book/<str:key>/default/",
        views.book_text,
        {"scope": ORGANIZATION},
        name="book_text_default",
    ),
]
