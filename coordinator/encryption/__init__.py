"""The registry's encryption keys: the data key, its wrappings and the recovery key."""
