"""Amazon's Value Loops: models, widgets, checks and data for the course notebooks.

Every model is a small pure function in a submodule (``valueloops.flywheel``,
``valueloops.platform``, ``valueloops.cloud`` ...); notebooks import them rather than copy them.
"""

__version__ = "0.1.0"
