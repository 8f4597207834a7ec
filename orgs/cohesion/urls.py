from django.urls import path

from . import views

urlpatterns = [
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("departments/new/", views.DepartmentFormView.as_view(), name="department-create"),
    path("departments/<int:pk>/edit/", views.DepartmentFormView.as_view(), name="department-edit"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", views.MeetingFormView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.MeetingFormView.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/issues/", views.MeetingIssueCreateView.as_view(), name="meeting-issue-create"),
    path("meetings/<int:pk>/attachments/", views.MeetingAttachmentAddView.as_view(), name="meeting-attachment-add"),
    path("meetings/attachments/<int:pk>/", views.MeetingAttachmentView.as_view(), name="meeting-attachment"),
    path("issues/", views.IssueListView.as_view(), name="issue-list"),
    path("issues/open/", views.IssueBoardView.as_view(), name="issue-board"),
    path("issues/new/", views.IssueCreateView.as_view(), name="issue-create"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="issue-detail"),
    path("issues/<int:pk>/edit/", views.IssueEditView.as_view(), name="issue-edit"),
    path("issues/<int:pk>/resolve/", views.IssueResolveView.as_view(), name="issue-resolve"),
    path("appointments/", views.AppointmentListView.as_view(), name="appointment-list"),
    path("appointments/seats/new/", views.CommitteeSeatFormView.as_view(), name="seat-create"),
    path("appointments/seats/<int:pk>/edit/", views.CommitteeSeatFormView.as_view(), name="seat-edit"),
    path("appointments/secondments/new/", views.SecondmentFormView.as_view(), name="secondment-create"),
    path("appointments/secondments/<int:pk>/edit/", views.SecondmentFormView.as_view(), name="secondment-edit"),
]
