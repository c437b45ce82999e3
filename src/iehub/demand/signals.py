"""What demand announces to the apps above it, which connect their receivers in ``AppConfig.ready``.

Why signals: demand sits below curriculum in the layer order and must not import it, yet a raised
alert has to reach the programs concerned in the same transaction (docs/architecture.md).
"""

from django.dispatch import Signal

# Sent inside the transaction that records a new alert: ``alert`` (SkillAlert), ``now`` (when it was
# raised, the start of the response clock) and ``notify`` (whether to e-mail the people who answer).
alert_raised = Signal()
