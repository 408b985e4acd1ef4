"""`iss-adventure serve`: the game in a browser, one game process per visitor.

Built on textual-serve (the `[web]` extra): its server and app service are subclassed here to
add what a public page needs: a data folder per visitor from a cookie, an Origin check, a cap
on sessions, a page that needs nothing from outside, and game processes that never outlive
their visitor or the server. This package never imports the Textual front end: it starts
`iss-adventure play` as a child process.
"""
