"""The Markdown stage: a post's body into HTML, headings, excerpt and text measures."""
