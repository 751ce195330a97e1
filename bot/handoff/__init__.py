"""The handoff to the broker's staff: lead cards, relays, the outbox, links and exports."""
