"""VNeID mô phỏng: a real OpenID Connect provider, mounted at /vneid-mo-phong/, for the demo and the
tests. On only when demo plugins are (MOTCUA_ENABLE_DEMO_PLUGINS)."""
