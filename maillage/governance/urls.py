"""Governance pages, below /projects/<id>/bodies/."""

from django.urls import path

from maillage.governance import views

P = "<int:project_id>/bodies/"

urlpatterns = [
    path(P, views.body_list, name="governance_bodies"),
    path(f"{P}new/", views.body_create, name="governance_body_create"),
    path(f"{P}<int:body_id>/", views.body_detail, name="governance_body_detail"),
    path(f"{P}<int:body_id>/edit/", views.body_edit, name="governance_body_edit"),
    path(f"{P}<int:body_id>/delete/", views.body_delete, name="governance_body_delete"),
    path(f"{P}<int:body_id>/members/", views.body_member_add, name="governance_body_member_add"),
    path(
        f"{P}<int:body_id>/members/<int:member_id>/remove/",
        views.body_member_remove,
        name="governance_body_member_remove",
    ),
]
