from django.urls import path  # noqa: F401

from .cohesion.urls import urlpatterns as cohesion_urlpatterns
from .selfreports.urls import urlpatterns as selfreport_urlpatterns

app_name = "orgs"
registry_urlpatterns: list = []
urlpatterns = [*registry_urlpatterns, *selfreport_urlpatterns, *cohesion_urlpatterns]
