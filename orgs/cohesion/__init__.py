"""cohesion — a part of the orgs app (models are registered through orgs.models)."""
