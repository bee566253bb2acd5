"""motcua — one-stop administrative service centres (Trung tâm Phục vụ hành chính công)."""

__version__ = "0.1.0"
