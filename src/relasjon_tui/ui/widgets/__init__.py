"""Provides the widgets of the main screen's areas."""
