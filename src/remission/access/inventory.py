"""The route inventory: every URL the app serves, with the access policy it declares.

``manage.py check`` fails on a route without a policy (system check ``remission.E001``), and the
role x route matrix test walks the same inventory (security-targets T01).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    """Routes without a known policy: each is a hole in access control."""
    return [
        route
        for route in routes(patterns)
        if route.policy is None or POLICIES.get(route.policy.name) is not route.policy
    ]


@register("security")
def check_every_route_declares_a_policy(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            f"The route {route.pattern!r} ({route.name or 'unnamed'}) declares no access policy.",
            hint="Wrap the view with remission.access.route(<policy>).",
            obj=route.view,
            id="remission.E001",
        )
        for route in undeclared()
    ]
