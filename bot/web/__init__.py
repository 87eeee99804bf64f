"""The web channel: a mobile web chat for residents and neighbours, opened from a village's QR
poster, running the same flows as Telegram (see README, "Channels")."""
