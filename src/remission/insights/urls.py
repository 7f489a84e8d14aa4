from django.urls import path

from remission.insights import views

app_name = "insights"

urlpatterns = [
    path("outcomes/", views.dashboard, name="dashboard"),
    path("research/export/", views.research_export, name="research_export"),
    path("patients/<int:patient_id>/report.pdf", views.progress_report, name="progress_report"),
]
