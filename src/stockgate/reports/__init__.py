"""Reports: renderings of results for people (text, Markdown) and machines (JSON, JUnit XML)."""
