from django.urls import path

from maillage.responsibilities.views import axes, letters, scheme, table

P = "<int:project_id>/responsibilities/"

urlpatterns = [
    path(P, table.responsibilities_table, name="responsibilities_table"),
    path(P + "raci/", table.responsibilities_raci, name="responsibilities_raci"),
    path(P + "workload/", table.responsibilities_workload, name="responsibilities_workload"),
    path(
        P + "export/xlsx/",
        table.responsibilities_export,
        {"fmt": "xlsx"},
        name="responsibilities_export_xlsx",
    ),
    path(
        P + "export/ods/",
        table.responsibilities_export,
        {"fmt": "ods"},
        name="responsibilities_export_ods",
    ),
    path(
        P + "export/pdf/",
        table.responsibilities_export,
        {"fmt": "pdf"},
        name="responsibilities_export_pdf",
    ),
    path(
        P + "assignments/new/",
        table.responsibilities_assignment_create,
        name="responsibilities_assignment_create",
    ),
    path(
        P + "assignments/<int:assignment_id>/",
        table.responsibilities_assignment_row,
        name="responsibilities_assignment_row",
    ),
    path(
        P + "assignments/<int:assignment_id>/edit/",
        table.responsibilities_assignment_edit,
        name="responsibilities_assignment_edit",
    ),
    path(
        P + "assignments/<int:assignment_id>/delete/",
        table.responsibilities_assignment_delete,
        name="responsibilities_assignment_delete",
    ),
    path(P + "axes/", axes.responsibilities_axes, name="responsibilities_axes"),
    path(
        P + "axes/<int:axis_id>/edit/",
        axes.responsibilities_axis_edit,
        name="responsibilities_axis_edit",
    ),
    path(
        P + "tasks/<int:task_id>/partners/",
        axes.responsibilities_task_partners,
        name="responsibilities_task_partners",
    ),
    path(P + "scheme/", scheme.responsibilities_scheme, name="responsibilities_scheme"),
    path(
        P + "scheme/data/", scheme.responsibilities_scheme_data, name="responsibilities_scheme_data"
    ),
    path(P + "letters/", letters.responsibilities_letters, name="responsibilities_letters"),
    path(
        P + "letters/<int:person_id>/",
        letters.responsibilities_letter,
        name="responsibilities_letter",
    ),
]
for _fmt in letters.RENDERERS:
    urlpatterns.append(
        path(
            P + f"letters/<int:person_id>/{_fmt}/",
            letters.responsibilities_letter_download,
            {"fmt": _fmt},
            name=f"responsibilities_letter_{_fmt}",
        )
    )
