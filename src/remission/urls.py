from django.urls import include, path

from remission.api.main import api
from remission.measures.urls import selfreport_patterns

urlpatterns = [
    path("", include("remission.web.urls")),
    path("", include("remission.accounts.urls")),
    path("patients/", include("remission.patients.urls")),
    path("audit/", include("remission.audit.urls")),
    path("", include("remission.measures.urls")),
    path("", include("remission.treatments.urls")),
    path("", include(selfreport_patterns)),
    path("api/", api.urls),
    path("", include("remission.appointments.urls")),
    path("", include("remission.companion.urls")),
    path("", include("remission.planning.urls")),
    path("", include("remission.interventional.urls")),
    path("", include("remission.insights.urls")),
]

handler500 = "remission.web.views.server_error"
