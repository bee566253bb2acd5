from tests.monitoring.people import fresh_cache, people  # noqa: F401  (fixtures)
