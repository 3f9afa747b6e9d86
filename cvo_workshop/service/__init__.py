"""The use cases, once: what every front-end (the app, the command line) calls."""
