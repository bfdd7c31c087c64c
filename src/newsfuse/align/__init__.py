"""Cross-source matching: events merged across articles, claims aligned, conflicts found."""
