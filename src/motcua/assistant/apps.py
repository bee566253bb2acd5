from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """Trợ lý ảo — the virtual assistant grounded in the catalogue and the dossier data."""

    name = "motcua.assistant"
    verbose_name = "Trợ lý ảo"
