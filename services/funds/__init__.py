"""funds — a part of the services app (models are registered through services.models)."""
