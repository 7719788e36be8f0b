"""Provides the app's screens and dialogs."""
