"""Small modal screens that ask the player one thing and dismiss with the answer."""
