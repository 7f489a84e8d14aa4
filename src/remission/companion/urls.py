from django.urls import path

from remission.companion.views import chart, family, groups, portal, signin

app_name = "companion"

urlpatterns = [
    # The patient portal: no patient id in any address.
    path("portal/", portal.home, name="home"),
    path("portal/check-in/", portal.check_in, name="check_in"),
    path("portal/journal/", portal.journal_view, name="journal"),
    path("portal/safety-plan/", portal.safety_plan, name="safety_plan"),
    path("portal/safety-plan/edit/", portal.safety_plan_edit, name="safety_plan_edit"),
    path("portal/safety-plan/pdf/", portal.safety_plan_pdf, name="safety_plan_pdf"),
    path("portal/skills/", portal.skill_list, name="skills"),
    path("portal/skills/<slug:slug>/", portal.exercise, name="exercise"),
    path("portal/homework/<int:assignment_id>/", portal.homework, name="homework"),
    path("portal/learn/", portal.learn, name="learn"),
    path("portal/learn/<slug:slug>/", portal.learn_page, name="learn_page"),
    path("portal/appointments/", portal.appointments, name="appointments"),
    path("portal/people/", portal.people, name="people"),
    path("portal/people/<int:link_id>/", portal.person, name="person"),
    path("portal/people/<int:link_id>/end/", portal.person_revoke, name="person_revoke"),
    path("portal/groups/", portal.groups, name="groups"),
    path("portal/groups/<int:group_id>/", portal.group, name="group"),
    path("portal/groups/<int:group_id>/join/", portal.group_join, name="group_join"),
    path("portal/groups/<int:group_id>/leave/", portal.group_leave, name="group_leave"),
    path("portal/more/", portal.more, name="more"),
    path("portal/language/", portal.language, name="language"),
    # One-time sign-in links and invitations.
    path("portal/sign-in-link/", signin.sign_in_link, name="sign_in_link"),
    path("portal/sign-in/", signin.sign_in_confirm, name="sign_in_confirm"),
    path("portal/sign-in/<str:token>/", signin.sign_in_token, name="sign_in_token"),
    path("family/join/", signin.join, name="join"),
    path("family/join/<str:token>/", signin.join_token, name="join_token"),
    # Family members and friends.
    path("family/", family.home, name="family_home"),
    path("family/language/", family.language, name="family_language"),
    path("family/<int:link_id>/", family.overview, name="family_overview"),
    path("family/<int:link_id>/appointments/", family.appointments, name="family_appointments"),
    path(
        "family/<int:link_id>/safety-contacts/",
        family.safety_contacts,
        name="family_safety_contacts",
    ),
    path("family/<int:link_id>/check-ins/", family.check_ins, name="family_checkins"),
    path("family/<int:link_id>/learn/", family.learn, name="family_learn"),
    path("family/<int:link_id>/learn/<slug:slug>/", family.learn_page, name="family_learn_page"),
    # The care team, in the chart.
    path("patients/<int:patient_id>/check-ins/", chart.check_ins, name="chart_checkins"),
    path("patients/<int:patient_id>/safety-plan/", chart.safety_plan, name="chart_safety_plan"),
    path(
        "patients/<int:patient_id>/safety-plan/edit/",
        chart.safety_plan_edit,
        name="chart_safety_plan_edit",
    ),
    path(
        "patients/<int:patient_id>/safety-plan/pdf/",
        chart.safety_plan_pdf,
        name="chart_safety_plan_pdf",
    ),
    path("patients/<int:patient_id>/homework/new/", chart.homework_new, name="chart_homework_new"),
    path(
        "patients/<int:patient_id>/homework/<int:assignment_id>/",
        chart.homework,
        name="chart_homework",
    ),
    path(
        "patients/<int:patient_id>/homework/<int:assignment_id>/withdraw/",
        chart.homework_withdraw,
        name="chart_homework_withdraw",
    ),
    path("patients/<int:patient_id>/portal-access/", chart.portal_invite, name="portal_invite"),
    # Peer support groups, staff side.
    path("groups/", groups.group_list, name="staff_groups"),
    path("groups/new/", groups.group_new, name="staff_group_new"),
    path("groups/<int:group_id>/", groups.group_detail, name="staff_group"),
    path("groups/<int:group_id>/edit/", groups.group_edit, name="staff_group_edit"),
    path(
        "groups/<int:group_id>/sessions/<int:session_id>/",
        groups.attendance,
        name="staff_group_attendance",
    ),
]
