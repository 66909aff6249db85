//! Values that documentation and sample configuration use in place of real ones: the address
//! blocks reserved for documentation (RFC 5737, RFC 3849) and example domains (RFC 2606 and
//! their translations: exemple, ejemplo, beispiel).

use std::net::IpAddr;

/// Whether an address lies in a block reserved for documentation.
pub fn is_documentation_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            matches!((a, b, c), (192, 0, 2) | (198, 51, 100) | (203, 0, 113))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            s[0] == 0x2001 && s[1] == 0x0db8
        }
    }
}

/// Second-level names that mean "example" in the languages the assessment reads.
const EXAMPLE_NAMES: &[&str] = &[
    "example",
    "exemple",
    "ejemplo",
    "beispiel",
    "esempio",
    "exemplo",
    "voorbeeld",
];

/// Whether a host name (or the domain of an address) is an example domain: under a reserved
/// TLD (`.example`, `.test`, `.invalid`, `.localhost`), or named "example" in one of the
/// languages read (`example.com`, `exemple.fr`, `ejemplo.net`).
pub fn is_example_domain(host: &str) -> bool {
    let h = host.trim().trim_end_matches('.').to_lowercase();
    let labels: Vec<&str> = h.rsplit('.').collect();
    match labels.as_slice() {
        [tld, ..] if matches!(*tld, "example" | "test" | "invalid" | "localhost") => true,
        [_, sld, ..] => EXAMPLE_NAMES.contains(sld),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_values_are_recognised() {
        assert!(is_documentation_ip("192.0.2.10".parse().unwrap()));
        assert!(is_documentation_ip("2001:db8::1".parse().unwrap()));
        assert!(!is_documentation_ip("192.0.3.10".parse().unwrap()));
        assert!(is_example_domain("_spf.example.net"));
        assert!(is_example_domain("mail.exemple.fr"));
        assert!(is_example_domain("shop.test"));
        assert!(!is_example_domain("kowalczyk-design.de"));
    }
}
