"""Partnership depth, the cooperation ledger and consortium indicators (the partnership issue).

The partnership itself — one college, one enterprise, a status and dates — lives in ``accounts``
(``accounts.models.Partnership``): what an enterprise may see of a college follows from it, so it sits
below every domain app. This app builds on it.
"""
