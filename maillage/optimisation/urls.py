"""The staffing proposal, its progress and acceptance, locks, remedies and history."""

from django.urls import path

from maillage.optimisation import views

urlpatterns = [
    path("<int:project_id>/optimisation/", views.optimisation_page, name="optimisation_page"),
    path(
        "<int:project_id>/optimisation/start/",
        views.optimisation_start,
        name="optimisation_start",
    ),
    path(
        "<int:project_id>/optimisation/runs/<int:run_id>/",
        views.optimisation_run,
        name="optimisation_run",
    ),
    path(
        "<int:project_id>/optimisation/runs/<int:run_id>/progress/",
        views.optimisation_run_progress,
        name="optimisation_run_progress",
    ),
    path(
        "<int:project_id>/optimisation/runs/<int:run_id>/cancel/",
        views.optimisation_run_cancel,
        name="optimisation_run_cancel",
    ),
    path(
        "<int:project_id>/optimisation/runs/<int:run_id>/accept/",
        views.optimisation_run_accept,
        name="optimisation_run_accept",
    ),
    path(
        "<int:project_id>/optimisation/locks/", views.optimisation_locks, name="optimisation_locks"
    ),
    path(
        "<int:project_id>/optimisation/history/",
        views.optimisation_history,
        name="optimisation_history",
    ),
    path(
        "<int:project_id>/optimisation/remedies/",
        views.optimisation_remedies,
        name="optimisation_remedies",
    ),
    path(
        "<int:project_id>/optimisation/remedies/choose/",
        views.optimisation_remedy_choose,
        name="optimisation_remedy_choose",
    ),
    path(
        "<int:project_id>/optimisation/remedies/costs/",
        views.optimisation_rates,
        name="optimisation_rates",
    ),
]
