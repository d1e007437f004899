"""The sandbox's own webhook signing key: RSA, PKCS#1 v1.5 with SHA-512, like lexoffice's."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


class Signer:
    def __init__(self, private_key_pem: bytes | None = None) -> None:
        if private_key_pem is None:
            self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            loaded = serialization.load_pem_private_key(private_key_pem, password=None)
            if not isinstance(loaded, rsa.RSAPrivateKey):
                raise ValueError("the signing key must be an RSA private key")
            self._key = loaded

    def public_key_pem(self) -> str:
        return (
            self._key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )

    def sign(self, body: bytes) -> str:
        """Base64 of the signature over exactly these bytes (the `X-Lxo-Signature` value)."""
        signature = self._key.sign(body, padding.PKCS1v15(), hashes.SHA512())
        return base64.b64encode(signature).decode("ascii")
