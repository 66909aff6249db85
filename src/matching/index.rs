//! Compact, read-only lookup structures for a million accounts: one arena holding every account's
//! canonical values, and a static hash index from (kind, value) to the accounts that carry it.

use std::hash::{Hash, Hasher};

/// Which account field an index key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum KeyKind {
    Email,
    Host,
    Ip,
    /// Registrable domain of a custom (not free-mail) address or of a host.
    Domain,
    /// A handle form: local part, local part without digits, name forms, domain label (`handles`).
    Handle,
    /// First and last name in ASCII spelling, sorted (`names`).
    NameFull,
    /// A name with one part as its initial (`sven h.`, `s. obrien`).
    NameInitial,
}

/// The 64-bit key of a value. Collisions are possible in principle, so every hit is checked
/// against the account's stored values before it counts.
pub(crate) fn key(kind: KeyKind, value: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut h);
    value.hash(&mut h);
    h.finish()
}

/// Static hash index: keys sorted, a directory over their top bits, and postings in one array.
/// Looking a key up costs one directory read and a scan of about one key, whatever the size.
pub(crate) struct Index {
    shift: u32,
    dir: Vec<u32>,
    keys: Vec<u64>,
    offsets: Vec<u32>,
    postings: Vec<u32>,
}

impl Index {
    /// Builds from (key, account) pairs; duplicates are dropped.
    pub(crate) fn build(mut pairs: Vec<(u64, u32)>) -> Index {
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys = Vec::new();
        let mut offsets = Vec::new();
        let mut postings = Vec::with_capacity(pairs.len());
        for (i, &(k, acct)) in pairs.iter().enumerate() {
            if i == 0 || pairs[i - 1].0 != k {
                keys.push(k);
                offsets.push(postings.len() as u32);
            }
            postings.push(acct);
        }
        offsets.push(postings.len() as u32);
        drop(pairs);
        let bits = (usize::BITS - keys.len().max(1).leading_zeros()).clamp(1, 30);
        let shift = 64 - bits;
        let mut dir = Vec::with_capacity((1usize << bits) + 1);
        let mut k = 0usize;
        for bucket in 0..=(1u64 << bits) {
            while k < keys.len() && (keys[k] >> shift) < bucket {
                k += 1;
            }
            dir.push(k as u32);
        }
        keys.shrink_to_fit();
        offsets.shrink_to_fit();
        Index {
            shift,
            dir,
            keys,
            offsets,
            postings,
        }
    }

    /// The accounts carrying `key` (empty if none).
    pub(crate) fn get(&self, key: u64) -> &[u32] {
        let bucket = (key >> self.shift) as usize;
        let (lo, hi) = (self.dir[bucket] as usize, self.dir[bucket + 1] as usize);
        match self.keys[lo..hi].iter().position(|&k| k == key) {
            Some(p) => {
                let i = lo + p;
                &self.postings[self.offsets[i] as usize..self.offsets[i + 1] as usize]
            }
            None => &[],
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.dir.capacity() * 4
            + self.keys.capacity() * 8
            + self.offsets.capacity() * 4
            + self.postings.capacity() * 4
    }
}

const FIELD: char = '\u{1f}';
const ITEM: char = '\u{1e}';

/// Every account's id, display name, e-mails, host names and IPs (canonical) in one string.
#[derive(Default)]
pub(crate) struct Accounts {
    arena: String,
    bounds: Vec<usize>,
}

/// One account as stored.
pub(crate) struct AccountView<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    emails: &'a str,
    hosts: &'a str,
    ips: &'a str,
}

fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split(ITEM).filter(|x| !x.is_empty())
}

impl<'a> AccountView<'a> {
    pub(crate) fn emails(&self) -> impl Iterator<Item = &'a str> {
        items(self.emails)
    }
    pub(crate) fn hosts(&self) -> impl Iterator<Item = &'a str> {
        items(self.hosts)
    }
    pub(crate) fn ips(&self) -> impl Iterator<Item = &'a str> {
        items(self.ips)
    }
}

fn clean(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_control())
}

impl Accounts {
    pub(crate) fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    pub(crate) fn push(
        &mut self,
        id: &str,
        name: &str,
        emails: &[String],
        hosts: &[String],
        ips: &[String],
    ) -> u32 {
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        self.arena.extend(clean(id));
        self.arena.push(FIELD);
        self.arena.extend(clean(name));
        for list in [emails, hosts, ips] {
            self.arena.push(FIELD);
            for v in list {
                self.arena.extend(clean(v));
                self.arena.push(ITEM);
            }
        }
        self.bounds.push(self.arena.len());
        (self.bounds.len() - 2) as u32
    }

    pub(crate) fn get(&self, i: u32) -> AccountView<'_> {
        let i = i as usize;
        let rec = &self.arena[self.bounds[i]..self.bounds[i + 1]];
        let mut f = rec.split(FIELD);
        let mut next = || f.next().unwrap_or("");
        AccountView {
            id: next(),
            name: next(),
            emails: next(),
            hosts: next(),
            ips: next(),
        }
    }

    pub(crate) fn shrink(&mut self) {
        self.arena.shrink_to_fit();
        self.bounds.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.bounds.capacity() * std::mem::size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_every_key_and_nothing_else() {
        let pairs: Vec<(u64, u32)> = (0..5000u32)
            .flat_map(|i| {
                [
                    (key(KeyKind::Email, &format!("u{i}@x.de")), i),
                    (key(KeyKind::Domain, "x.de"), i),
                ]
            })
            .collect();
        let idx = Index::build(pairs);
        for i in (0..5000u32).step_by(97) {
            assert_eq!(idx.get(key(KeyKind::Email, &format!("u{i}@x.de"))), &[i]);
        }
        assert_eq!(idx.get(key(KeyKind::Domain, "x.de")).len(), 5000);
        assert!(idx.get(key(KeyKind::Email, "nobody@x.de")).is_empty());
        assert!(Index::build(Vec::new()).get(42).is_empty());
    }

    #[test]
    fn accounts_round_trip_and_drop_separators() {
        let mut a = Accounts::default();
        a.push(
            "C-1",
            "Jan\u{1f} K",
            &["jan@x.de".into()],
            &["shop.x.de".into(), "x.de".into()],
            &[],
        );
        a.push("C-2", "Eva", &[], &[], &["10.1.2.3".into()]);
        assert_eq!(a.len(), 2);
        let v = a.get(0);
        assert_eq!((v.id, v.name), ("C-1", "Jan K"));
        assert_eq!(v.hosts().collect::<Vec<_>>(), ["shop.x.de", "x.de"]);
        assert_eq!(a.get(1).ips().collect::<Vec<_>>(), ["10.1.2.3"]);
        assert_eq!(a.get(1).emails().count(), 0);
    }
}
