"""ISS Adventure: a branching text adventure aboard the International Space Station."""

__version__ = "0.1.0"
