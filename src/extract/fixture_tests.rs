//! Extraction tests on the saved fixture pages.
