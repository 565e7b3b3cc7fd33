from django.contrib.auth import views as auth_views
from django.urls import path

from maillage.members import views

P = "projects/<int:project_id>/members/"

urlpatterns = [
    path(P, views.members, name="members"),
    path(P + "<int:membership_id>/role/", views.member_role, name="member_role"),
    path(P + "<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(P + "<int:membership_id>/person/", views.member_person, name="member_person"),
    path(P + "invite/", views.invitation_create, name="invitation_create"),
    path(
        P + "invitations/<int:member_invitation_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        P + "invitations/<int:member_invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # Public: the link of an invitation e-mail, outside any project.
    path("invitations/<str:invitation_token>/", views.invitation_accept, name="invitation_accept"),
    # Passwords: Django's views with the site's templates.
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
