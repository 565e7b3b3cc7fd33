"""The project pages. Every URL below /projects/<id>/ goes through `maillage.access`."""

from django.urls import path

from maillage.projects.views import directory, people, projects, tasks

urlpatterns = [
    path("new/", projects.project_create, name="project_create"),
    path("<int:project_id>/", projects.project_overview, name="project_overview"),
    path("<int:project_id>/edit/", projects.project_edit, name="project_edit"),
    path("<int:project_id>/delete/", projects.project_delete, name="project_delete"),
    path("<int:project_id>/directory/", directory.directory, name="directory"),
    path(
        "<int:project_id>/organisations/new/",
        directory.organisation_create,
        name="organisation_create",
    ),
    path(
        "<int:project_id>/organisations/<int:organisation_id>/",
        directory.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "<int:project_id>/organisations/<int:organisation_id>/edit/",
        directory.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "<int:project_id>/organisations/<int:organisation_id>/delete/",
        directory.organisation_delete,
        name="organisation_delete",
    ),
    path("<int:project_id>/people/new/", people.person_create, name="person_create"),
    path("<int:project_id>/people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("<int:project_id>/people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("<int:project_id>/people/<int:person_id>/time/", people.person_time, name="person_time"),
    path(
        "<int:project_id>/people/<int:person_id>/delete/",
        people.person_delete,
        name="person_delete",
    ),
    path("<int:project_id>/tasks/", tasks.task_tree, name="task_tree"),
    path("<int:project_id>/tasks/new/", tasks.task_create, name="task_create"),
    path("<int:project_id>/tasks/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("<int:project_id>/tasks/<int:task_id>/edit/", tasks.task_edit, name="task_edit"),
    path("<int:project_id>/tasks/<int:task_id>/delete/", tasks.task_delete, name="task_delete"),
]
