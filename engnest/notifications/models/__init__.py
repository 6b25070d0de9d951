"""Notifications table."""

from engnest.notifications.models.notification import Notification

__all__ = ["Notification"]
