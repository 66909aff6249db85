//! Host names against the public suffix list: the registrable domain and whether a name is
//! under a known suffix. Below both identifier extraction and deobfuscation, which need it.

/// The registrable domain of a host name under the public suffix list (`shop.acme.co.uk` ->
/// `acme.co.uk`); `None` for IPs, bare suffixes and names whose suffix is not on the list.
pub fn registrable_domain(host: &str) -> Option<String> {
    let h = host.trim().trim_end_matches('.').to_lowercase();
    if let Some(d) = special_use_domain(&h) {
        return Some(d);
    }
    let d = psl::domain(h.as_bytes())?;
    if !d.suffix().is_known() {
        return None;
    }
    std::str::from_utf8(d.as_bytes()).ok().map(str::to_string)
}

/// Special-use TLDs (RFC 2606, RFC 6761) are not in the public suffix list, yet documentation,
/// staging and test systems use real host names under them; their second-level names are
/// registrable like any other.
const SPECIAL_USE_TLDS: &[&str] = &["example", "test"];

fn special_use_domain(h: &str) -> Option<String> {
    let mut labels = h.rsplit('.');
    let tld = labels.next()?;
    let sld = labels.next()?;
    let ok = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-');
    (SPECIAL_USE_TLDS.contains(&tld) && ok(sld)).then(|| format!("{sld}.{tld}"))
}

/// Whether `name` is a host name under a known public suffix with at least one label of its own.
pub fn is_known_suffix(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or("");
    !last.is_empty()
        && !last.chars().all(|c| c.is_ascii_digit())
        && registrable_domain(name).is_some()
}
