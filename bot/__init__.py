"""The shell around the flows: Telegram runtimes, rendering, delivery, scheduler, CLI."""
