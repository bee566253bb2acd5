from tests.fixtures_dossiers import at, make_procedure  # noqa: F401  (re-exported for tests here)
