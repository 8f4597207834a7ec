from django.urls import path

from . import documents, views
from .funds.urls import urlpatterns as funds_urlpatterns

app_name = "services"
contract_urlpatterns: list = [
    path("contracts/", views.ContractListView.as_view(), name="contract-list"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="contract-create"),
    path("contracts/<int:pk>/", views.ContractDetailView.as_view(), name="contract-detail"),
    path("contracts/<int:pk>/edit/", views.ContractUpdateView.as_view(), name="contract-update"),
    path("contracts/<int:pk>/documents/", views.ContractDocumentUploadView.as_view(), name="document-upload"),
    path("contracts/<int:pk>/advisers/new/", views.AdviserCreateView.as_view(), name="adviser-create"),
    path("contracts/<int:pk>/deliveries/new/", views.DeliveryCreateView.as_view(), name="delivery-create"),
    path("contracts/<int:pk>/cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("documents/<int:pk>/file/", views.ContractDocumentFileView.as_view(), name="document-file"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery-list"),
    path("deliveries/queue/", views.DeliveryQueueView.as_view(), name="delivery-queue"),
    path("deliveries/<int:pk>/", views.DeliveryDetailView.as_view(), name="delivery-detail"),
    path("deliveries/<int:pk>/receipt.pdf", documents.DeliveryReceiptView.as_view(), name="delivery-receipt"),
    path("deliveries/<int:pk>/confirm/", views.DeliveryConfirmView.as_view(), name="delivery-confirm"),
    path("evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence-file"),
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<int:pk>/confirm/", views.CaseConfirmView.as_view(), name="case-confirm"),
    path("cases/<int:pk>/reveal/", views.CaseRevealView.as_view(), name="case-reveal"),
    path("kinds/", views.DeliverableKindListView.as_view(), name="kind-list"),
]
urlpatterns = [*contract_urlpatterns, *funds_urlpatterns]
