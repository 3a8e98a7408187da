"""The pre-screen view: the patients x trials matrix of verdicts."""
