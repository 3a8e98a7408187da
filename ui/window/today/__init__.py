"""Today: the first view after sign-in, the day's worklist for the signed-in person and the site."""
