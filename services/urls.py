from django.urls import path  # noqa: F401

from .funds.urls import urlpatterns as funds_urlpatterns

app_name = "services"
contract_urlpatterns: list = []
urlpatterns = [*contract_urlpatterns, *funds_urlpatterns]
