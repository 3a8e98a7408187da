"""The screening checklist view: its table model, the workflow's dialogs and the checklist PDF export."""
