//! Verifying Discord's Ed25519 signature on HTTP interactions (`X-Signature-Ed25519` over
//! `X-Signature-Timestamp` + body), strictly (no malleable or small-order signatures), with a
//! freshness window so a captured request can not be replayed later (ids within the window are
//! refused once seen, see `guard`).

use ed25519_dalek::{Signature, VerifyingKey};

/// Requests signed longer ago than this (or this far in the future) are refused as replays.
pub const MAX_SKEW_SECS: i64 = 5 * 60;

/// Why a request was refused; every variant is answered 401.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    /// A signature or timestamp header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// The signature header is not 64 bytes of hex.
    #[error("signature header is not 128 hex digits")]
    BadSignatureEncoding,
    /// The timestamp header is not Unix seconds.
    #[error("timestamp header is not Unix seconds")]
    BadTimestamp,
    /// The timestamp lies outside the freshness window.
    #[error("timestamp is {0} s away from now (more than {MAX_SKEW_SECS} s): possible replay")]
    Stale(i64),
    /// The signature does not verify with the application's public key.
    #[error("signature does not verify")]
    Invalid,
}

/// Parses the application's hex public key (from `[discord] public_key`).
pub fn parse_public_key(hex_key: &str) -> Result<VerifyingKey, String> {
    let bytes = hex::decode(hex_key.trim()).map_err(|e| format!("public_key is not hex: {e}"))?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
        format!(
            "public_key must be 32 bytes (64 hex digits), got {} bytes",
            b.len()
        )
    })?;
    let key = VerifyingKey::from_bytes(&bytes)
        .map_err(|e| format!("public_key is not a valid Ed25519 key: {e}"))?;
    if key.is_weak() {
        // A small-order key "verifies" forged signatures; no real application has one.
        return Err("public_key is a weak (small-order) Ed25519 key".into());
    }
    Ok(key)
}

/// Checks one request. `now` is Unix seconds, passed in so tests control the clock.
pub fn verify(
    key: &VerifyingKey,
    signature_hex: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let signature_hex =
        signature_hex.ok_or(SignatureError::MissingHeader("X-Signature-Ed25519"))?;
    let timestamp = timestamp.ok_or(SignatureError::MissingHeader("X-Signature-Timestamp"))?;
    let sig_bytes: [u8; 64] = hex::decode(signature_hex.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SignatureError::BadSignatureEncoding)?;
    let signature = Signature::from_bytes(&sig_bytes);
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body);
    // Strict: refuses non-canonical signatures and small-order keys or R points, with which
    // a signature can verify for messages the key holder never signed.
    key.verify_strict(&message, &signature)
        .map_err(|_| SignatureError::Invalid)?;
    // Checked after the signature so an attacker learns nothing about the window from unsigned probes.
    let ts: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    let skew = now - ts;
    if skew.abs() > MAX_SKEW_SECS {
        return Err(SignatureError::Stale(skew));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn sign(k: &SigningKey, ts: &str, body: &[u8]) -> String {
        let mut m = ts.as_bytes().to_vec();
        m.extend_from_slice(body);
        hex::encode(k.sign(&m).to_bytes())
    }

    #[test]
    fn accepts_a_fresh_good_signature() {
        let k = key();
        let sig = sign(&k, "1000", b"{}");
        assert_eq!(
            verify(&k.verifying_key(), Some(&sig), Some("1000"), b"{}", 1010),
            Ok(())
        );
    }

    #[test]
    fn refuses_tampering_staleness_and_missing_headers() {
        let k = key();
        let vk = k.verifying_key();
        let sig = sign(&k, "1000", b"{}");
        assert_eq!(
            verify(&vk, Some(&sig), Some("1000"), b"{ }", 1000),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(&vk, Some(&sig), Some("1001"), b"{}", 1000),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(&vk, Some(&sig), Some("1000"), b"{}", 1000 + 301),
            Err(SignatureError::Stale(301))
        );
        assert_eq!(
            verify(&vk, Some("zz"), Some("1000"), b"{}", 1000),
            Err(SignatureError::BadSignatureEncoding)
        );
        assert!(matches!(
            verify(&vk, None, Some("1000"), b"{}", 1000),
            Err(SignatureError::MissingHeader(_))
        ));
        assert!(matches!(
            verify(&vk, Some(&sig), None, b"{}", 1000),
            Err(SignatureError::MissingHeader(_))
        ));
    }

    /// The identity point: a small-order key. With R the identity and S = 0, the plain
    /// Ed25519 equation holds for every message.
    const SMALL_ORDER: [u8; 32] = {
        let mut k = [0u8; 32];
        k[0] = 1;
        k
    };

    #[test]
    fn refuses_small_order_forgeries_and_malleable_signatures() {
        let weak = VerifyingKey::from_bytes(&SMALL_ORDER).unwrap();
        let mut forged = [0u8; 64];
        forged[..32].copy_from_slice(&SMALL_ORDER);
        let forged = hex::encode(forged);
        assert_eq!(
            verify(&weak, Some(&forged), Some("1000"), b"{\"any\": 1}", 1000),
            Err(SignatureError::Invalid)
        );
        assert!(parse_public_key(&hex::encode(SMALL_ORDER))
            .unwrap_err()
            .contains("weak"));

        let k = key();
        let sig = hex::decode(sign(&k, "1000", b"{}")).unwrap();
        let malleated = hex::encode(add_order(&sig));
        assert_eq!(
            verify(
                &k.verifying_key(),
                Some(&malleated),
                Some("1000"),
                b"{}",
                1000
            ),
            Err(SignatureError::Invalid)
        );
    }

    /// The same signature with S + L (L the group order): equal modulo L, a different encoding.
    fn add_order(sig: &[u8]) -> Vec<u8> {
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut out = sig.to_vec();
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(out[32 + i]) + u16::from(L[i]) + carry;
            out[32 + i] = sum as u8;
            carry = sum >> 8;
        }
        out
    }

    #[test]
    fn parses_hex_keys() {
        let vk = key().verifying_key();
        assert_eq!(parse_public_key(&hex::encode(vk.to_bytes())), Ok(vk));
        assert!(parse_public_key("abcd").unwrap_err().contains("32 bytes"));
        assert!(parse_public_key("not hex").is_err());
    }
}
