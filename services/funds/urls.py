from django.urls import path

from . import views

urlpatterns = [
    path("funds/", views.FundListView.as_view(), name="fund-list"),
    path("funds/new/", views.FundFormView.as_view(), name="fund-create"),
    path("funds/<int:pk>/", views.FundDetailView.as_view(), name="fund-detail"),
    path("funds/<int:pk>/edit/", views.FundFormView.as_view(), name="fund-edit"),
    path("funds/ledger/", views.TransactionListView.as_view(), name="transaction-list"),
    path("funds/ledger/new/", views.TransactionCreateView.as_view(), name="transaction-create"),
    path("funds/ledger/<int:pk>/", views.TransactionDetailView.as_view(), name="transaction-detail"),
    path("funds/ledger/<int:pk>/reverse/", views.TransactionReverseView.as_view(), name="transaction-reverse"),
    path("funds/ledger/<int:pk>/evidence/", views.TransactionEvidenceView.as_view(), name="transaction-evidence"),
    path("funds/payouts/", views.PayoutRequestListView.as_view(), name="payout-request-list"),
    path("funds/payouts/<int:pk>/", views.PayoutRequestDetailView.as_view(), name="payout-request-detail"),
    path(
        "funds/payouts/<int:pk>/approve/",
        views.PayoutRequestDecideView.as_view(decision="approve"),
        name="payout-request-approve",
    ),
    path(
        "funds/payouts/<int:pk>/reject/",
        views.PayoutRequestDecideView.as_view(decision="reject"),
        name="payout-request-reject",
    ),
    path("funds/grants/", views.GrantListView.as_view(), name="grant-list"),
    path("funds/grants/propose/", views.GrantProposeView.as_view(), name="grant-propose"),
    path("funds/grants/<int:pk>/", views.GrantDetailView.as_view(), name="grant-detail"),
    path("funds/grants/<int:pk>/approve/", views.GrantDecideView.as_view(decision="approve"), name="grant-approve"),
    path("funds/grants/<int:pk>/reject/", views.GrantDecideView.as_view(decision="reject"), name="grant-reject"),
    path("funds/dues/", views.DuesListView.as_view(), name="dues-list"),
    path("funds/dues/new/", views.DuesCreateView.as_view(), name="dues-create"),
    path("funds/students/", views.StudentListView.as_view(), name="student-list"),
    path("funds/students/new/", views.StudentCreateView.as_view(), name="student-create"),
    path("funds/households/", views.HouseholdListView.as_view(), name="household-list"),
    path("funds/households/new/", views.HouseholdCreateView.as_view(), name="household-create"),
    path("funds/mutual-aid/", views.MutualAidListView.as_view(), name="mutual-aid-list"),
    path("funds/mutual-aid/contributions/new/", views.ContributionCreateView.as_view(), name="contribution-create"),
    path("funds/mutual-aid/payouts/new/", views.PayoutCreateView.as_view(), name="payout-create"),
    path("funds/reveal/<str:kind>/<int:pk>/", views.RevealView.as_view(), name="reveal"),
]
