from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("plans/<int:pk>/actions/<str:action>/", views.perform, name="perform"),
    path("plans/<int:pk>/decide/<str:action>/", views.decide, name="decide"),
    path("plans/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("committees/", views.committees, name="committees"),
    path("committees/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("plans/<int:pk>/meetings/new/", views.meeting_schedule, name="meeting_schedule"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/resolution/", views.meeting_resolution, name="meeting_resolution"),
    path("plans/<int:pk>/posting/", views.posting, name="posting"),
    path("postings/<int:pk>/correct/", views.posting_correct, name="posting_correct"),
    path("postings/<int:pk>/withdraw/", views.posting_withdraw, name="posting_withdraw"),
    path("postings/<int:pk>/photo/", views.posting_photo, name="posting_photo"),
    path("plans/<int:pk>/offline-announcement/", views.announce_offline, name="announce_offline"),
    path("plans/<int:pk>/offline-announcement/scan.pdf", views.offline_scan, name="offline_scan"),
    path("inbox/", views.inbox, name="inbox"),
]
