from django.urls import path

from . import views

urlpatterns = [
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("two-factor/", views.TwoFactorView.as_view(), name="two-factor"),
    path("two-factor/verify/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("two-factor/setup/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("users/", views.AccountListView.as_view(), name="account-list"),
    path("users/new/", views.AccountFormView.as_view(), name="account-create"),
    path("users/<int:pk>/", views.AccountDetailView.as_view(), name="account-detail"),
    path("users/<int:pk>/edit/", views.AccountFormView.as_view(), name="account-edit"),
    path("users/<int:pk>/active/", views.AccountActiveView.as_view(), name="account-active"),
    path("users/<int:pk>/two-factor-reset/", views.AccountTwoFactorResetView.as_view(), name="account-2fa-reset"),
]
