//! Pure extraction of posts from fetched documents: HTML with CSS selectors, feeds, JSON; clean text; relevance.
