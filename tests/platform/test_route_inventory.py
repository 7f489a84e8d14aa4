"""Every route declares an access policy (security-targets T01)."""

from django.http import HttpResponse
from django.urls import path

from remission.access import STAFF, route
from remission.access.inventory import routes, undeclared


def test_every_route_of_the_app_declares_a_known_policy():
    assert [r.pattern for r in undeclared()] == []


def test_the_inventory_finds_the_app_routes_with_their_namespaces():
    names = {r.name for r in routes()}
    assert {"patients:chart", "audit:events", "accounts:login", "web:home"} <= names


def test_a_route_added_without_a_policy_is_reported():
    def forgotten(request):
        return HttpResponse("patient data")

    @route(STAFF)
    def guarded(request):
        return HttpResponse("ok")

    patterns = [path("forgotten/", forgotten, name="forgotten"), path("ok/", guarded, name="ok")]

    assert [r.name for r in undeclared(patterns)] == ["forgotten"]


def test_a_route_with_a_policy_object_that_is_not_registered_is_reported():
    from remission.access.policies import Policy

    @route(Policy("home-made", frozenset({"nurse"})))
    def sneaky(request):
        return HttpResponse("ok")

    assert [r.name for r in undeclared([path("x/", sneaky, name="sneaky")])] == ["sneaky"]


def test_django_system_check_fails_on_a_route_without_policy(settings):
    from django.core.checks import run_checks

    settings.ROOT_URLCONF = "tests.platform.urls_without_policy"
    errors = [e for e in run_checks(tags=["security"]) if e.id == "remission.E001"]
    assert len(errors) == 1
    assert "leaky/" in errors[0].msg


def test_every_api_operation_declares_a_known_policy():
    from remission.access.inventory import api_operations, undeclared_api_operations

    assert api_operations()
    assert undeclared_api_operations() == []


def test_an_api_operation_without_a_policy_is_reported(monkeypatch):
    from remission.access.inventory import undeclared_api_operations
    from remission.api import access

    first = next(iter(access.DECLARED))
    monkeypatch.delitem(access.DECLARED, first)

    assert [op.operation_id for op in undeclared_api_operations()] == [first]
