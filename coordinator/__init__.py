"""TrialDesk's pure core: clinical values, rules and reports. No Qt, no SQL."""


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata when first asked for: loading
    # importlib.metadata costs the window's first paint a few hundredths of a second.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("trialdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
