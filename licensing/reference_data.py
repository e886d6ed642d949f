"""Placeholder until the typed reference-data loader lands (issue 9, plumbing branch)."""

from licensing.services.reference import current_list_versions

__all__ = ["current_list_versions"]
