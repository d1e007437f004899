"""Stand-ins for lexoffice, Pingen (postal), Stripe (payments) and an SMTP server, for the tests,
the demo and a local stack. A distribution of its own: never in the runtime image, it imports
nothing of the product, and the product finds it only by the entry points in its pyproject.toml."""
