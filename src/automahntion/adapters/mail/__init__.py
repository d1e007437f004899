"""E-mail adapters: SMTP through aiosmtplib (`smtp`, `transports`), and `.eml` files in a
folder for the demo (`folder`)."""
