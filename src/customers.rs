//! Reading customers files (CSV or JSON lines) into accounts, with errors that name file, line and key.
