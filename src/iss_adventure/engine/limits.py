"""Every size limit the engine enforces on what it reads, in one place.

Each is far above what a real story, save or log needs (the shipped story is under a tenth of
each), and each turns hostile or damaged input into a `file:line:col` problem or a message for
the player instead of a hang, a memory blow-up or a RecursionError. docs/scene-format.md lists
them under "Limits".
"""

from __future__ import annotations

# Scene and story files (YAML).
MAX_FILE_BYTES = 256 * 1024  # one scene file; the longest shipped scene is about 7 KB
MAX_STORY_BYTES = 64 * 1024 * 1024  # every file of a story together
MAX_STORY_FILES = 50_000  # scene files in one story; the shipped story has 76
MAX_LINE_CHARS = 10_000  # one line of a scene file
MAX_NESTING = 64  # lists and mappings inside each other; scenes use about 5
MAX_ALIASES = 1_000  # uses of `*anchor` in one file
MAX_EXPANDED = 100_000  # values in one file once every alias is expanded

# Expressions (`if:` and `do:`).
MAX_EXPR_CHARS = 1_000
MAX_EXPR_DEPTH = 50  # operators inside operators; `a and (b or not c)` is 4

# Numbers: declarations, literals and every value arithmetic can store.
MAX_INT = 10**15

# Timed choices.
MAX_TIMEOUT_SECONDS = 24 * 60 * 60

# Saves, the profile, settings and choice logs (JSON).
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 32  # a save nests 4 deep
MAX_LOG_STEPS = 100_000  # choices in one save or log; a full playthrough is about 40
