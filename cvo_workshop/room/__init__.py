"""The room on its own devices: a small web server participants' phones join.

It runs in the app's event loop and drives the workshop only through
`service.workshop.RunningWorkshop`; what it sends a phone is built from what
may be shown (`Draw.by_participant`, `summary.present_voters`), never a hidden vote.
"""
