"""Accounts tables: users, their sessions, one-time account links, API tokens."""

from engnest.accounts.models.account_token import AccountToken
from engnest.accounts.models.api_token import ApiToken
from engnest.accounts.models.user import User, UserPublic, UserSession

__all__ = ["AccountToken", "ApiToken", "User", "UserPublic", "UserSession"]
