"""A fake bank for the demo and the tests: takes VietQR payments, sends signed webhooks."""
