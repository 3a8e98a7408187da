"""Small pieces every view shares: table models and views, refreshing when shown, date fields, the
result entry line."""
