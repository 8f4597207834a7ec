"""Printable documents of the incubation base, issued in the county union's name: the
admission notice of an admitted application and the graduation certificate (孵化成功证书)
of a graduated residency. Picked through ``visible_to``; anything else answers 404."""

from __future__ import annotations

from django.views import View

from wangcang.permissions import AnyRoleMixin
from wangcang.printing import document_response
from wangcang.scoping import get_visible_or_404

from .models import Application, Residency


class AdmissionNoticeView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        application = get_visible_or_404(
            Application.objects.visible_to(request.user)
            .filter(status=Application.Status.ADMITTED)
            .select_related("organization", "batch__division"),
            pk=pk,
        )
        return document_response(
            "incubator/documents/admission_notice.html",
            {"application": application, "federation": application.batch.division.federation_name},
            filename=f"入驻通知书-{application.organization.name}.pdf",
        )


class GraduationCertificateView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        residency = get_visible_or_404(
            Residency.objects.visible_to(request.user)
            .filter(status=Residency.Status.GRADUATED)
            .select_related("organization", "application__batch__division"),
            pk=pk,
        )
        return document_response(
            "incubator/documents/graduation_certificate.html",
            {"residency": residency, "federation": residency.application.batch.division.federation_name},
            filename=f"孵化成功证书-{residency.organization.name}.pdf",
        )
