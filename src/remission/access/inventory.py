"""The route inventory: every URL the app serves, with the access policy it declares.

``manage.py check`` fails on a route without a policy (system check ``remission.E001``), and the
role x route matrix test walks the same inventory (security-targets T01).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from remission.access.policies import POLICIES, Policy


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "patients:chart"
    pattern: str
    view: Any

    @property
    def policy(self) -> Policy | None:
        policy = getattr(self.view, "access_policy", None)
        return policy if isinstance(policy, Policy) else None

    @property
    def methods(self) -> frozenset[str]:
        return getattr(self.view, "allowed_methods", frozenset())

    @property
    def is_api_operation(self) -> bool:
        """A django-ninja view (its operations' policies sit on each operation's function; its
        root only anchors the URLs and always answers 404)."""
        view = self.view.func if isinstance(self.view, partial) else self.view
        return getattr(view, "__module__", "").startswith("ninja.") and self.policy is None


def routes(
    patterns: Sequence[Any] | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[Route]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Route(name, prefix + str(entry.pattern), entry.callback)


def undeclared(patterns: Sequence[Any] | None = None) -> list[Route]:
    """Routes without a known policy: each is a hole in access control. API operations are
    checked one by one by :func:`undeclared_api_operations`."""
    return [
        route
        for route in routes(patterns)
        if not route.is_api_operation and not _known(route.policy)
    ]


@dataclass(frozen=True)
class ApiOperation:
    operation_id: str
    method: str
    path: str

    @property
    def policy(self) -> Policy | None:
        from remission.api.access import DECLARED

        return DECLARED.get(self.operation_id)


def api_operations() -> list[ApiOperation]:
    """Every operation of the OpenAPI schema, as served."""
    from remission.api.main import api

    schema = api.get_openapi_schema(path_prefix="/api/")
    return [
        ApiOperation(operation["operationId"], method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def undeclared_api_operations() -> list[ApiOperation]:
    return [operation for operation in api_operations() if not _known(operation.policy)]


def _known(policy: Policy | None) -> bool:
    return policy is not None and POLICIES.get(policy.name) is policy


@register("security")
def check_every_route_declares_a_policy(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = [
        Error(
            f"The route {route.pattern!r} ({route.name or 'unnamed'}) declares no access policy.",
            hint="Wrap the view with remission.access.route(<policy>).",
            obj=route.view,
            id="remission.E001",
        )
        for route in undeclared()
    ]
    errors += [
        Error(
            f"The API operation {operation.method} {operation.path} declares no access policy.",
            hint="Decorate it with remission.api.access.api_route(<policy>).",
            id="remission.E002",
        )
        for operation in undeclared_api_operations()
    ]
    return errors
