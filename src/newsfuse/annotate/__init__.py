"""Per-article annotation stages: entities, places, dates, figures, quotes."""
