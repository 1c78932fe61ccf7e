"""Stegvis product logic: conversations and domain rules, free of any framework."""
