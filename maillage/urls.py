from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from maillage.projects.views.projects import home

urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=False),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", include("maillage.projects.urls")),
    path("projects/", include("maillage.analysis.urls")),
    path("projects/", include("maillage.planning.urls")),
    path("projects/", include("maillage.optimisation.urls")),  # staffing proposals, remedies
    path("projects/", include("maillage.responsibilities.urls")),
    path("projects/", include("maillage.governance.urls")),  # governance bodies
    path("projects/", include("maillage.staffing.urls")),  # a task's competency needs
    path("", include("maillage.competencies.urls")),  # competencies and /review/<token>/
    path("", include("maillage.members.urls")),  # members, /invitations/<token>/, passwords
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
