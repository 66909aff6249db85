//! Verifying Discord's Ed25519 signature on HTTP interactions (`X-Signature-Ed25519` over
//! `X-Signature-Timestamp` + body), with a freshness window so a captured request can not be replayed later.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};

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
    VerifyingKey::from_bytes(&bytes)
        .map_err(|e| format!("public_key is not a valid Ed25519 key: {e}"))
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
    key.verify(&message, &signature)
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

    #[test]
    fn parses_hex_keys() {
        let vk = key().verifying_key();
        assert_eq!(parse_public_key(&hex::encode(vk.to_bytes())), Ok(vk));
        assert!(parse_public_key("abcd").unwrap_err().contains("32 bytes"));
        assert!(parse_public_key("not hex").is_err());
    }
}
