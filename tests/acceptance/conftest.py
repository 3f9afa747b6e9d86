from tests.tui.conftest import clock  # noqa: F401  (the app's fake clock, for Pilot tests)
