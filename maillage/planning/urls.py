"""Planning pages, below /projects/<id>/plan/."""

from django.urls import path

from maillage.planning import views

P = "<int:project_id>/plan/"

urlpatterns = [
    path(f"{P}versions/", views.version_list, name="planning_versions"),
    path(f"{P}versions/new/", views.version_create, name="planning_version_create"),
    path(f"{P}versions/compare/", views.version_compare, name="planning_version_compare"),
    path(f"{P}versions/<int:version_id>/", views.version_detail, name="planning_version_detail"),
    path(
        f"{P}versions/<int:version_id>/submit/",
        views.version_submit,
        name="planning_version_submit",
    ),
    path(
        f"{P}versions/<int:version_id>/decide/",
        views.version_decide,
        name="planning_version_decide",
    ),
    path(
        f"{P}versions/<int:version_id>/decisions/<int:review_id>/record/",
        views.review_record,
        name="planning_review_record",
    ),
    path(
        f"{P}versions/<int:version_id>/decisions/<int:review_id>/document/",
        views.review_attachment,
        name="planning_review_attachment",
    ),
    path(f"{P}steps/", views.step_list, name="planning_steps"),
    path(f"{P}steps/new/", views.step_create, name="planning_step_create"),
    path(f"{P}steps/<int:step_id>/edit/", views.step_edit, name="planning_step_edit"),
    path(f"{P}steps/<int:step_id>/delete/", views.step_delete, name="planning_step_delete"),
    path(f"{P}gantt/", views.gantt, name="planning_gantt"),
    path(f"{P}gantt/tasks/<int:task_id>/move/", views.task_move, name="planning_task_move"),
    path(f"{P}tasks/<int:task_id>/reorder/", views.task_reorder, name="planning_task_reorder"),
    path(f"{P}roll/", views.roll, name="planning_roll"),
    path(f"{P}export.xlsx", views.export_xlsx, name="planning_export_xlsx"),
    path(f"{P}export.ods", views.export_ods, name="planning_export_ods"),
    path(f"{P}export.pdf", views.export_pdf, name="planning_export_pdf"),
    path(f"{P}calendar/", views.calendar, name="planning_calendar"),
    path(f"{P}calendar/<str:token>.ics", views.calendar_feed, name="planning_calendar_feed"),
]
