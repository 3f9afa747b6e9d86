"""Records: the vocabulary every other package speaks. Imports pydantic only."""
