"""blogforge: a static site generator for bilingual machine-learning study blogs."""

__version__ = "0.1.0"
