"""The interfaces a person uses: the Qt application and the `trialdesk` command line."""
