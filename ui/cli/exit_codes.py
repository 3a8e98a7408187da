"""The exit statuses of `trialdesk`, named (as pip's cli/status_codes.py names its own).

A verdict is never an error: `screen` exits OK whether or not the patient is eligible."""

OK = 0
REJECTED = 1  # input rejected, a step refused, or a check failed (audit chain, PDF signatures)
MISUSE = 2  # a command or option wrongly given (click's usage errors)
