"""The data model: units and the registry, indicators and the catalog, regions, tidy results."""
