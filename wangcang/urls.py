from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView

from . import calendar_views, notification_views, searchviews, views
from .api_tokens import ObtainTokenView
from .api_urls import router
from .searchselect import search_choices

api_patterns = [
    path("", include(router.urls)),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", views.api_docs, name="api-docs"),
]

handler404 = "wangcang.views.page_not_found"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/tokens/", views.ApiTokenListView.as_view(), name="api-tokens"),
    path("accounts/tokens/revoke/", views.ApiTokenRevokeView.as_view(), name="api-token-revoke"),
    path("i18n/setlang/", set_language, name="set-language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path(
        "accounts/notifications/",
        notification_views.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("calendar/", calendar_views.CalendarMonthView.as_view(), name="calendar"),
    path("calendar/feed/", calendar_views.CalendarFeedManageView.as_view(), name="calendar-feed-manage"),
    path("calendar/feed/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job-retry"),
    path("jobs/<int:pk>/file/", views.JobFileView.as_view(), name="job-file"),
    path("bulk/<slug:key>/", views.BulkActionView.as_view(), name="bulk-action"),
    path("bulk/results/<int:pk>/", views.BulkResultView.as_view(), name="bulk-result"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/choices/<str:token>/", search_choices, name="search-choices"),
    path("search/", searchviews.SearchView.as_view(), name="search"),
    path("filters/save/", searchviews.SavedFilterSaveView.as_view(), name="saved-filter-save"),
    path("filters/<int:pk>/delete/", searchviews.SavedFilterDeleteView.as_view(), name="saved-filter-delete"),
    path("orgs/", include("orgs.urls")),
    path("incubator/", include("incubator.urls")),
    path("services/", include("services.urls")),
    path("reports/", include("reports.urls")),
    path("api/v1/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.views.defaults import page_not_found, permission_denied, server_error

    urlpatterns += [
        path("__errors__/403/", permission_denied, {"exception": Exception()}),
        path("__errors__/404/", page_not_found, {"exception": Exception()}),
        path("__errors__/500/", server_error),
    ]
