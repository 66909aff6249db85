//! Text normalisation shared by matching and assessment: case, Unicode, confusables, zero-width characters, de-obfuscation.
