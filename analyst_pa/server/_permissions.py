"""Who may do what with a source: owner, grants, administrators, tokens.

The identity is jupyter-server's: the identity provider's user name, and the
groups that come with it (JupyterHub's ``hub_user["groups"]``, or a
``groups`` attribute an identity provider adds). A single-user server that
knows no real users (jupyter-server's own token or password provider) is one
person's: everyone holding its token is its owner, whose name is
``AnalystApp.owner_name``.

A source's owner and the administrators may do everything with it; a grant of
``use`` lets a user or group read it, a grant of ``manage`` also lets them
change it and its grants. A scoped token narrows its holder to the sources and
actions named in it, and never widens them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from analyst_pa.server._store import Grant, SourceRow

__all__ = ["Identity", "Policy", "identity_of"]

ANYONE = "*"
GROUP = "group:"


@dataclass(frozen=True)
class Identity:
    """The user behind a request, with their groups and any token scope."""

    name: str
    groups: frozenset[str] = frozenset()
    sources: frozenset[str] | None = None  # None: not limited by a token
    actions: frozenset[str] | None = None

    @property
    def scoped(self) -> bool:
        return self.sources is not None

    def in_scope(self, source: str, action: str) -> bool:
        if self.sources is None or self.actions is None:
            return True
        return source in self.sources and action in self.actions


def identity_of(user: Any, provider: Any, owner_name: str) -> Identity:
    """Return the identity of jupyter-server's ``user``.

    Parameters
    ----------
    user : jupyter_server.auth.User
        ``handler.current_user``; a scoped-token user carries its claims.
    provider : jupyter_server.auth.IdentityProvider
        The server's identity provider.
    owner_name : str
        Who a single-user server's token holder is.
    """
    claims = getattr(user, "analyst_claims", None)
    if claims is not None:
        return Identity(
            name=claims["sub"],
            groups=frozenset(claims.get("groups", ())),
            sources=frozenset(claims["sources"]),
            actions=frozenset(claims["actions"]),
        )
    if _knows_no_users(provider):
        return Identity(owner_name)
    return Identity(user.username, frozenset(_groups_of(user)))


def _knows_no_users(provider: Any) -> bool:
    # jupyter-server's own providers make up an anonymous user per browser
    # (or per request, with a token and no cookie): not an identity to own by.
    from jupyter_server.auth.identity import IdentityProvider, PasswordIdentityProvider

    return type(provider) in (IdentityProvider, PasswordIdentityProvider)


def _groups_of(user: Any) -> Iterable[str]:
    hub_user = getattr(user, "hub_user", None)
    if isinstance(hub_user, dict):
        return [str(group) for group in hub_user.get("groups") or ()]
    return [str(group) for group in getattr(user, "groups", ()) or ()]


@dataclass(frozen=True)
class Policy:
    """The server's rules: administrators and who may register sources.

    Both are lists of user names and ``group:NAME`` entries; ``*`` is anyone.
    """

    admins: Sequence[str] = ()
    registrars: Sequence[str] = (ANYONE,)

    def is_admin(self, identity: Identity) -> bool:
        return not identity.scoped and _listed(identity, self.admins)

    def may_register(self, identity: Identity) -> bool:
        if identity.scoped:
            return False  # a token is for reading what exists, not for adding
        return self.is_admin(identity) or _listed(identity, self.registrars)

    def allows(
        self,
        identity: Identity,
        source: SourceRow,
        grants: Sequence[Grant],
        action: str,
    ) -> bool:
        """Whether ``identity`` may ``use`` or ``manage`` ``source``."""
        if not identity.in_scope(source.name, action):
            return False
        if identity.name == source.owner or _listed(identity, self.admins):
            return True
        return any(
            _grant_covers(grant, action) and _holds(identity, grant) for grant in grants
        )


def _listed(identity: Identity, entries: Sequence[str]) -> bool:
    for entry in entries:
        if entry == ANYONE or entry == identity.name:
            return True
        if entry.startswith(GROUP) and entry[len(GROUP) :] in identity.groups:
            return True
    return False


def _grant_covers(grant: Grant, action: str) -> bool:
    return grant.action == action or grant.action == "manage"


def _holds(identity: Identity, grant: Grant) -> bool:
    if grant.principal_kind == "user":
        return grant.principal == identity.name
    return grant.principal in identity.groups
