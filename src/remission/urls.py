from django.urls import include, path

urlpatterns = [
    path("", include("remission.web.urls")),
    path("", include("remission.accounts.urls")),
    path("patients/", include("remission.patients.urls")),
    path("audit/", include("remission.audit.urls")),
    path("", include("remission.appointments.urls")),
    path("", include("remission.companion.urls")),
]
