"""The figures the authority publishes and its managers watch (issue 12): every number on
the dashboard and in the reports is computed by licensing.reports.selectors."""
