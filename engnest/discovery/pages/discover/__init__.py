"""Discover: search and filter engineers."""
