"""cvo-workshop: progressive-personalization workshops in the terminal."""

__version__ = "0.1.0"
