"""Payment gateway plugins shipped with motcua: bank transfer, national platform, bank simulator."""
