"""A URL configuration with one unguarded route, for the route-inventory test."""

from django.http import HttpResponse
from django.urls import path


def leaky(request):
    return HttpResponse("everything")


urlpatterns = [path("leaky/", leaky)]
