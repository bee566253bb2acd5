import pytest

from .world import make_queue


@pytest.fixture
def q(org):
    return make_queue(org)
