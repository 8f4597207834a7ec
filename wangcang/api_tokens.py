"""``POST /api/v1/auth/token/``: a user name and password in, a named token out (shown once).

The password goes through Django's ``authenticate`` with the request, so django-axes counts
a wrong password here exactly as on the login page, and a locked-out user gets 429."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import actions


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="What the token is for."
    )
    otp_token = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="For accounts with two-factor sign-in: the code the authenticator app shows, or a backup code.",
    )


class TokenAnswerSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown only this once.")
    name = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


def second_factor_refusal(user, token: str) -> str:
    """Why a token is refused to ``user`` for want of a second factor, or "" when none is
    missing: a token must not open what the password alone does not."""
    from django_otp import match_token

    from .accounts import twofactor

    if twofactor.has_device(user):
        if token and match_token(user, "".join(token.split())) is not None:
            return ""
        return str(_("Enter the current code of your authenticator app (otp_token)."))
    if twofactor.required_for(user):
        return str(_("Set up two-factor sign-in on the portal before asking for an API token."))
    return ""


class ObtainTokenView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            201: TokenAnswerSerializer,
            429: OpenApiResponse(description="Locked out after repeated wrong passwords."),
        },
        auth=[],
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("The username or password is wrong. Note that the password is case-sensitive.")
                    ]
                }
            )
        refusal = second_factor_refusal(user, data["otp_token"])
        if refusal:
            raise serializers.ValidationError({"otp_token": [refusal]})
        name = data["name"].strip() or f"API {timezone.localtime():%Y-%m-%d %H:%M:%S}"
        token, key = actions.api_token_create(user=user, name=name)
        answer = TokenAnswerSerializer({"token": key, "name": token.name, "expiry": token.expiry})
        return Response(answer.data, status=status.HTTP_201_CREATED)
