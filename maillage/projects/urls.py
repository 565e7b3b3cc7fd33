"""The project pages. Every URL below /projects/<id>/ goes through `maillage.access`."""

from django.urls import path

from maillage.projects.views import directory, framing, people, people_import, projects, tasks

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
    path(
        "<int:project_id>/people/import/",
        people_import.directory_people_import,
        name="directory_people_import",
    ),
    path(
        "<int:project_id>/people/import/template/",
        people_import.directory_people_import_template,
        name="directory_people_import_template",
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

# The framing (cadrage): sponsors, objectives and results, axes, the PAT's identity.
urlpatterns += [
    path("<int:project_id>/framing/", framing.framing, name="framing"),
    path("<int:project_id>/framing/identity/", framing.framing_identity, name="framing_identity"),
    path(
        "<int:project_id>/framing/sponsors/new/",
        framing.framing_sponsor_add,
        name="framing_sponsor_add",
    ),
    path(
        "<int:project_id>/framing/sponsors/<int:organisation_id>/",
        framing.framing_sponsor_edit,
        name="framing_sponsor_edit",
    ),
    path(
        "<int:project_id>/framing/sponsors/<int:organisation_id>/remove/",
        framing.framing_sponsor_remove,
        name="framing_sponsor_remove",
    ),
    path(
        "<int:project_id>/framing/axes/new/",
        framing.framing_axis_create,
        name="framing_axis_create",
    ),
    path(
        "<int:project_id>/framing/axes/<int:axis_id>/",
        framing.framing_axis_edit,
        name="framing_axis_edit",
    ),
    path(
        "<int:project_id>/framing/axes/<int:axis_id>/move/",
        framing.framing_axis_move,
        name="framing_axis_move",
    ),
    path(
        "<int:project_id>/framing/axes/<int:axis_id>/archive/",
        framing.framing_axis_archive,
        name="framing_axis_archive",
    ),
    path(
        "<int:project_id>/framing/objectives/new/",
        framing.framing_objective_create,
        name="framing_objective_create",
    ),
    path(
        "<int:project_id>/framing/objectives/<int:objective_id>/",
        framing.framing_objective_edit,
        name="framing_objective_edit",
    ),
    path(
        "<int:project_id>/framing/objectives/<int:objective_id>/move/",
        framing.framing_objective_move,
        name="framing_objective_move",
    ),
    path(
        "<int:project_id>/framing/objectives/<int:objective_id>/delete/",
        framing.framing_objective_delete,
        name="framing_objective_delete",
    ),
    path(
        "<int:project_id>/framing/objectives/<int:objective_id>/results/new/",
        framing.framing_result_create,
        name="framing_result_create",
    ),
    path(
        "<int:project_id>/framing/results/<int:result_id>/",
        framing.framing_result_edit,
        name="framing_result_edit",
    ),
    path(
        "<int:project_id>/framing/results/<int:result_id>/move/",
        framing.framing_result_move,
        name="framing_result_move",
    ),
    path(
        "<int:project_id>/framing/results/<int:result_id>/delete/",
        framing.framing_result_delete,
        name="framing_result_delete",
    ),
]
