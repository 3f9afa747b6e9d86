"""Click command groups, one module a group. Modules here import only click and
the light core at import time; heavy libraries are imported inside commands."""
