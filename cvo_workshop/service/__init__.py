"""The use cases, once: what every front-end (the app, the CLI, later phones) calls,
between store | export below and the front-ends above (see ARCHITECTURE.md)."""
