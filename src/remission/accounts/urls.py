from django.urls import path

from remission.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/forgotten/", views.password_reset, name="password_reset"),
    path("password/forgotten/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password/set/<uidb64>/<token>/", views.set_password, name="set_password"),
    path("account/second-factor/", views.second_factor_view, name="second_factor"),
    path("account/", views.security, name="security"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("clinic/", views.clinic_settings, name="clinic_settings"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:user_id>/invite/", views.user_invite, name="user_invite"),
    path(
        "users/<int:user_id>/second-factor/reset/",
        views.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
]
