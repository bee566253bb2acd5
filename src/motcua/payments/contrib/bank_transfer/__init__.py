"""Bank transfer to the unit's account by VietQR, confirmed by the bank's signed webhook."""
