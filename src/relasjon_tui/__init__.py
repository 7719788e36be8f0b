"""relasjon-tui: the Directorate's guidance on measures that improve relationships, in the terminal."""

__version__ = "0.1.0"
