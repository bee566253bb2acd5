"""Back-office test helpers: logged-in clients and dossiers at each stage, built with the services."""

import pytest
from django.test import Client

from motcua.dossiers import services


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    return client_for


def online(world, applicant, **extra):
    """An online dossier submitted by the citizen, waiting for reception at commune A."""
    return services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                           applicant=applicant, actor=world.citizen, owner=world.citizen, submit=True, **extra)


def received(world, applicant, **extra):
    return services.perform(online(world, applicant, **extra), "accept", world.reception, **extra)


def at_specialist(world, applicant, **extra):
    return services.perform(received(world, applicant, **extra), "forward", world.reception, **extra)


def pdf(name="to-khai.pdf"):
    """A small real PDF upload (one page, no scripts)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n", "application/pdf")
