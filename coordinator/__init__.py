"""TrialDesk's pure core: clinical values, rules and reports. No Qt, no SQL."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trialdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
