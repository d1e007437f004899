"""Deutsche Post tracking numbers in UPU S10 form: two letters, 8 digits, a check digit, `DE`."""

from __future__ import annotations

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("the serial must be 8 digits")
    remainder = sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    return {10: 0, 11: 5}.get(digit, digit)


def tracking_number(sequence: int, prefix: str = "RN") -> str:
    """E.g. `RN656470810DE` for serial 65647081."""
    serial = f"{sequence % 10**8:08d}"
    return f"{prefix}{serial}{check_digit(serial)}DE"
