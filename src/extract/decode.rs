//! Bytes to text: the charset from a byte-order mark, the Content-Type header or an HTML
//! `<meta>` in the first kilobyte, else UTF-8; invalid sequences become U+FFFD, never an error.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// Decodes a document body. `html` enables the `<meta charset>` sniff.
pub fn decode<'a>(body: &'a [u8], content_type: Option<&str>, html: bool) -> Cow<'a, str> {
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| if html { meta_charset(body) } else { None })
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .unwrap_or(UTF_8);
    // A BOM wins over declarations, as browsers do; `decode` checks for it.
    let (text, _, _) = declared.decode(body);
    text
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`
/// in the first kilobyte; `charset=` elsewhere (in text, in a script) does not count.
fn meta_charset(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.match_indices("<meta").find_map(|(start, _)| {
        let tag = &head[start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let at = tag.find("charset=")? + "charset=".len();
        let rest = tag[at..].trim_start_matches(['"', '\'', ' ']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_from_header_meta_and_bom() {
        assert_eq!(
            decode(b"Gr\xfc\xdfe", Some("text/html; charset=ISO-8859-1"), true),
            "Grüße"
        );
        assert_eq!(
            decode(b"<meta charset=\"windows-1252\"><p>\x80", None, true),
            "<meta charset=\"windows-1252\"><p>€"
        );
        assert_eq!(
            decode(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">\xa4", None, true),
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">€"
        );
        assert_eq!(
            decode(
                b"\xef\xbb\xbfplain",
                Some("text/html; charset=latin1"),
                true
            ),
            "plain"
        );
    }

    #[test]
    fn charset_outside_meta_is_ignored() {
        assert_eq!(
            decode(b"<p>set charset=latin1 in php.ini</p>\xc3\xa9", None, true),
            "<p>set charset=latin1 in php.ini</p>\u{e9}"
        );
        assert_eq!(
            decode(b"{\"t\":\"<meta charset=latin1>\xc3\xa9\"}", None, false),
            "{\"t\":\"<meta charset=latin1>\u{e9}\"}"
        );
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            decode(b"ok \xff\xfe bad", None, true),
            "ok \u{fffd}\u{fffd} bad"
        );
        assert_eq!(decode(b"caf\xc3", Some("text/html"), true), "caf\u{fffd}");
    }
}
