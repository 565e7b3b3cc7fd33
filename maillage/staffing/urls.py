"""The needs pages and fragments, below /projects/<id>/."""

from django.urls import path

from maillage.staffing import views

urlpatterns = [
    path("<int:project_id>/needs/", views.needs_grid, name="staffing_needs_grid"),
    path("<int:project_id>/needs/line/", views.need_line, name="staffing_need_line"),
    path("<int:project_id>/needs/preview/", views.need_preview, name="staffing_need_preview"),
    path(
        "<int:project_id>/tasks/<int:task_id>/needs/new/",
        views.need_create,
        name="staffing_need_create",
    ),
    path("<int:project_id>/needs/<int:need_id>/", views.need_row, name="staffing_need_row"),
    path("<int:project_id>/needs/<int:need_id>/edit/", views.need_edit, name="staffing_need_edit"),
    path(
        "<int:project_id>/needs/<int:need_id>/delete/",
        views.need_delete,
        name="staffing_need_delete",
    ),
]
