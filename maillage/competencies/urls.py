"""The competency pages of a project (below /projects/<id>/competencies/), and the personal
review links outside any project (/review/<review_token>/), which answer without an account."""

from django.urls import path

from maillage.competencies.views import analysis, campaigns, framework, imports, review

P = "projects/<int:project_id>/competencies/"
R = "review/<str:review_token>/"

urlpatterns = [
    path(P, analysis.competencies_map, name="competencies_map"),
    path(P + "profiles/", analysis.competencies_profiles, name="competencies_profiles"),
    path(P + "compare/", analysis.competencies_compare, name="competencies_compare"),
    path(P + "validation/", campaigns.competencies_validation, name="competencies_validation"),
    path(P + "campaigns/", campaigns.competencies_campaigns, name="competencies_campaigns"),
    path(
        P + "campaigns/new/",
        campaigns.competencies_campaign_create,
        name="competencies_campaign_create",
    ),
    path(
        P + "campaigns/<int:campaign_id>/",
        campaigns.competencies_campaign_detail,
        name="competencies_campaign_detail",
    ),
    path(
        P + "campaigns/<int:campaign_id>/invitations/",
        campaigns.competencies_campaign_invitations,
        name="competencies_campaign_invitations",
    ),
    path(
        P + "campaigns/<int:campaign_id>/close/",
        campaigns.competencies_campaign_close,
        name="competencies_campaign_close",
    ),
    path(P + "framework/", framework.competencies_framework, name="competencies_framework"),
    path(
        P + "framework/levels/",
        framework.competencies_framework_levels,
        name="competencies_framework_levels",
    ),
    path(
        P + "framework/copy/",
        framework.competencies_framework_copy,
        name="competencies_framework_copy",
    ),
    path(
        P + "framework/new/",
        framework.competencies_competency_create,
        name="competencies_competency_create",
    ),
    path(
        P + "framework/<int:competency_id>/edit/",
        framework.competencies_competency_edit,
        name="competencies_competency_edit",
    ),
    path(
        P + "framework/export/",
        framework.competencies_framework_export,
        name="competencies_framework_export",
    ),
    path(
        P + "framework/import/",
        framework.competencies_framework_import,
        name="competencies_framework_import",
    ),
    path(P + "import/", imports.competencies_import, name="competencies_import"),
    path(
        P + "import/template/",
        imports.competencies_import_template,
        name="competencies_import_template",
    ),
    path(
        P + "people/<int:person_id>/data/",
        imports.competencies_person_data,
        name="competencies_person_data",
    ),
    path(R, review.review_form, name="review_form"),
    path(R + "draft/", review.review_draft, name="review_draft"),
    path(R + "data/", review.review_data, name="review_data"),
    path(R + "withdraw/", review.review_withdraw, name="review_withdraw"),
]
