//! Mail providers whose domain says nothing about the account holder: one list for matching
//! (a free-mail domain is no evidence) and assessment (it is not the customer's domain).

const FREE_MAIL: &[&str] = &[
    "1und1.de",
    "aol.com",
    "arcor.de",
    "email.de",
    "fastmail.com",
    "freenet.de",
    "gmail.com",
    "gmx.at",
    "gmx.ch",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.com",
    "hotmail.de",
    "icloud.com",
    "kabelmail.de",
    "live.com",
    "live.de",
    "mac.com",
    "mail.com",
    "mail.ru",
    "mailbox.org",
    "me.com",
    "msn.com",
    "online.de",
    "outlook.com",
    "outlook.de",
    "posteo.de",
    "posteo.net",
    "proton.me",
    "protonmail.ch",
    "protonmail.com",
    "t-online.de",
    "tuta.io",
    "tutanota.com",
    "vodafone.de",
    "web.de",
    "yahoo.com",
    "yahoo.de",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// Whether `domain` (lower case, registrable) is a free-mail provider's.
pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.binary_search(&domain).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_for_binary_search() {
        assert!(super::FREE_MAIL.windows(2).all(|w| w[0] < w[1]));
        assert!(super::is_free_mail("gmail.com"));
        assert!(super::is_free_mail("hotmail.de"));
        assert!(!super::is_free_mail("kowalczyk-design.de"));
    }
}
