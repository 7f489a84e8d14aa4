from django.urls import path

from remission.planning import views

app_name = "planning"

P = "patients/<int:patient_id>/"

urlpatterns = [
    path(f"{P}planning/", views.planning, name="planning"),
    path(f"{P}planning/context/", views.save_context, name="context"),
    path(f"{P}care-plan/", views.care_plan, name="care_plan"),
    path(f"{P}care-plan/v<int:number>/", views.version, name="version"),
    path(f"{P}care-plan/v<int:number>/patient.pdf", views.patient_pdf, name="patient_pdf"),
    path("portal/care-plan/", views.portal_plan, name="portal"),
    path("portal/care-plan/pdf/", views.portal_pdf, name="portal_pdf"),
    path("planning/reviews/", views.reviews, name="reviews"),
]
