"""The delivery receipt (服务交付回执) of a confirmed service delivery, issued in the county
union's name. Picked through ``visible_to``; an unconfirmed or unseen delivery answers 404."""

from __future__ import annotations

from django.views import View

from wangcang.permissions import AnyRoleMixin
from wangcang.printing import document_response
from wangcang.scoping import get_visible_or_404

from .models import Delivery


class DeliveryReceiptView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        delivery = get_visible_or_404(
            Delivery.objects.visible_to(request.user)
            .confirmed()
            .select_related(
                "contract__provider",
                "contract__division",
                "kind",
                "served_organization",
                "served_union",
                "confirmed_by",
            ),
            pk=pk,
        )
        return document_response(
            "services/documents/delivery_receipt.html",
            {"delivery": delivery, "federation": delivery.contract.division.federation_name},
            filename=f"服务交付回执-{delivery.delivered_on:%Y%m%d}-{delivery.pk}.pdf",
        )
