"""One Screen per view: dashboard, timesheet, clients & projects, invoices, reports."""
