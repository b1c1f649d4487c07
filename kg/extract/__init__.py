"""Clinical findings from titles and abstracts."""
