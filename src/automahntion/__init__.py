"""automahntion: payment reminders and dunning notices for lexoffice invoices."""
