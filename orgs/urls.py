from django.urls import path

from . import views
from .cohesion.urls import urlpatterns as cohesion_urlpatterns
from .selfreports.urls import urlpatterns as selfreport_urlpatterns

app_name = "orgs"
registry_urlpatterns: list = [
    path("", views.OrganizationListView.as_view(), name="organization-list"),
    path("new/", views.OrganizationCreateView.as_view(), name="organization-create"),
    path("mine/", views.MyOrganizationView.as_view(), name="my-organization"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization-update"),
    path("<int:pk>/members.xlsx", views.OrganizationMembersExportView.as_view(), name="organization-members-export"),
    path("branches/", views.BranchTreeView.as_view(), name="branch-tree"),
    path("branches/new/", views.BranchFormView.as_view(), name="branch-create"),
    path("branches/<int:pk>/", views.BranchDetailView.as_view(), name="branch-detail"),
    path("branches/<int:pk>/edit/", views.BranchFormView.as_view(), name="branch-update"),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("members/new/", views.MemberCreateView.as_view(), name="member-create"),
    path("members/<int:pk>/id-number/", views.MemberRevealView.as_view(), name="member-reveal"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/<str:what>.xlsx", views.ImportTemplateView.as_view(), name="import-template"),
    path("import/<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
]
urlpatterns = [*registry_urlpatterns, *selfreport_urlpatterns, *cohesion_urlpatterns]
