"""The top layer: the dashboard, the navigation and the shell pages, assembled from what each app offers.

It may import every app; no app imports it (docs/architecture.md)."""
