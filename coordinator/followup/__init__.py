"""On-study follow-up: the exit and dose rules, the engine that replays an enrolled patient's history
up to a day, weight-based dosing, entries typed for an enrolled patient, and the timeline chart's
series."""
