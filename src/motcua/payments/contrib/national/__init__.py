"""The national payment platform of the Cổng Dịch vụ công quốc gia (DuocThanhToanTrucTuyen = 1)."""
