"""The Analyse page of a project and the fragment htmx refreshes after an edit or a filter."""

from django.urls import path

from maillage.analysis import views

urlpatterns = [
    path("<int:project_id>/analysis/", views.analysis_page, name="analysis_page"),
    path("<int:project_id>/analysis/results/", views.analysis_results, name="analysis_results"),
    path(
        "<int:project_id>/analysis/thresholds/",
        views.analysis_thresholds,
        name="analysis_thresholds",
    ),
]
