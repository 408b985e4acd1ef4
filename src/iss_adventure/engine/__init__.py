"""The engine: pure Python, no terminal I/O, no Textual. Everything else drives it."""
