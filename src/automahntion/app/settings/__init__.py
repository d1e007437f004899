"""A tenant's account, settings and levels: the typed changes the API and the CLI hand in
(`changes`), the rules only the app can check (`validation`) and the use case that applies
them (`configure`)."""
