"""Fuzz targets for atheris, one per surface a user's text reaches (see fuzz/README.md)."""
