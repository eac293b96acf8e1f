"""The user's settings files, read and validated: report layouts, themes, labels (TOML)."""
