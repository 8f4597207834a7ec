from django.urls import path

from . import views

urlpatterns = [
    path("self-reports/rounds/", views.RoundListView.as_view(), name="round-list"),
    path("self-reports/rounds/new/", views.RoundCreateView.as_view(), name="round-create"),
    path("self-reports/rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("self-reports/rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round-close"),
    path("self-reports/rounds/<int:pk>/questions/", views.RoundQuestionsView.as_view(), name="round-questions"),
    path(
        "self-reports/rounds/<int:pk>/questions/new/",
        views.RoundQuestionCreateView.as_view(),
        name="round-question-create",
    ),
    path("self-reports/questions/<int:pk>/edit/", views.RoundQuestionEditView.as_view(), name="round-question-edit"),
    path(
        "self-reports/questions/<int:pk>/delete/", views.RoundQuestionDeleteView.as_view(), name="round-question-delete"
    ),
    path("self-reports/answers/<int:pk>/file/", views.AnswerFileView.as_view(), name="self-report-answer-file"),
    path("self-reports/", views.SelfReportListView.as_view(), name="self-report-list"),
    path("self-reports/<int:pk>/", views.SelfReportDetailView.as_view(), name="self-report-detail"),
    path("self-reports/<int:pk>/edit/", views.SelfReportEditView.as_view(), name="self-report-edit"),
    path("self-reports/<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="self-report-upload"),
    path("self-reports/<int:pk>/return/", views.SelfReportReturnView.as_view(), name="self-report-return"),
    path("self-reports/<int:pk>/accept/", views.SelfReportAcceptView.as_view(), name="self-report-accept"),
    path("self-reports/attachments/<int:pk>/", views.AttachmentView.as_view(), name="self-report-attachment"),
    path(
        "self-reports/attachments/<int:pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="self-report-attachment-delete",
    ),
    path("self-reports/problems/<int:pk>/track/", views.ProblemTrackView.as_view(), name="self-report-problem-track"),
]
