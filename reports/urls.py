from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("refresh/", views.RefreshView.as_view(), name="refresh"),
    path("county/", views.ReportView.as_view(), name="report"),
    path("county/xlsx/", views.ReportXlsxView.as_view(), name="report-xlsx"),
    path("county/pdf/", views.ReportPdfView.as_view(), name="report-pdf"),
    path("files/", views.ReportFileListView.as_view(), name="file-list"),
    path("files/<int:pk>/", views.ReportFileDownloadView.as_view(), name="file-download"),
]
