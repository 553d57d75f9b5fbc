"""Content loading: Markdown files with front matter into `Post` objects."""
