//! Matching posts to customer accounts: indexes over accounts and a Fellegi-Sunter-style score with evidence.
