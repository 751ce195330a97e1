"""The Telegram adapter: turns updates into core events and core replies into messages."""
