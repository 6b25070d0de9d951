"""Accounts tables: users, their sessions, one-time account links."""

from engnest.accounts.models.account_token import AccountToken
from engnest.accounts.models.user import User, UserPublic, UserSession

__all__ = ["AccountToken", "User", "UserPublic", "UserSession"]
