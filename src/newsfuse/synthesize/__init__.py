"""The picture a person reads: summary, timeline, what changed."""
