//! Walking a cursor-paged listing (`listAllAgents`, `listAllCalls`) without
//! trusting the server to end it.
//!
//! A server that hands back a cursor it gave before — the same one, or two
//! taking turns — would page forever, and one that always has a new cursor
//! would page for as long as it likes. So a walk stops with
//! `ERR_BAD_RESPONSE` on any cursor seen before and after [`MAX_PAGES`]
//! pages, and a cursor longer than [`MAX_CURSOR_BYTES`] is refused too.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::Mutex;

use super::call::CallOptions;
use super::client::Client;
use super::error::CallError;
use super::query::{CallQuery, ListQuery};
use crate::error::{Error, ErrorCode, ErrorKind, Result};

/// Most pages one walk fetches: 200,000 agents at the server's default page
/// size of 20, 100 million at the largest `limit`.
pub const MAX_PAGES: u32 = 10_000;
/// Agora's cursors are agent ids (about 30 characters).
pub const MAX_CURSOR_BYTES: usize = 1024;

/// The cursors of one walk so far.
#[derive(Debug, Default)]
pub struct CursorTrail {
    seen: HashSet<String>,
    pages: u32,
}

fn bad(what: String) -> Error {
    Error::new(ErrorCode::BadResponse, ErrorKind::Plain, what)
}

impl CursorTrail {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a page about to be fetched; refuses past [`MAX_PAGES`].
    pub fn start_page(&mut self) -> Result<()> {
        if self.pages >= MAX_PAGES {
            return Err(bad(format!(
                "the listing did not end within {MAX_PAGES} pages; narrow it with a query (fromTime, toTime, …)"
            )));
        }
        self.pages += 1;
        Ok(())
    }

    /// After a page with `items` entries and `cursor`: the cursor to ask for
    /// next, or `None` when the listing is complete (no cursor, or an empty
    /// page). A cursor seen before, or an oversized one, is refused.
    pub fn follow(&mut self, cursor: Option<&str>, items: usize) -> Result<Option<String>> {
        let Some(cursor) = cursor.filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        if items == 0 {
            return Ok(None);
        }
        if cursor.len() > MAX_CURSOR_BYTES {
            return Err(bad(format!(
                "the server sent a page cursor longer than {MAX_CURSOR_BYTES} bytes"
            )));
        }
        if !self.seen.insert(cursor.to_string()) {
            return Err(bad(format!(
                "the server sent a page cursor it had sent before (after {} pages): the listing would never end",
                self.pages
            )));
        }
        Ok(Some(cursor.to_string()))
    }
}

/// What a walk lists: its query, and the cursor it asks for next.
#[derive(Clone, Debug)]
enum Listing {
    Agents(ListQuery),
    Calls(CallQuery),
}

impl Listing {
    fn set_cursor(&mut self, cursor: String) {
        match self {
            Self::Agents(q) => q.cursor = Some(cursor),
            Self::Calls(q) => q.cursor = Some(cursor),
        }
    }

    /// One page: its entries and the server's cursor.
    async fn page(
        &self,
        client: &Client,
        options: CallOptions,
    ) -> std::result::Result<(Vec<Value>, Option<String>), CallError> {
        let (mut page, key) = match self {
            Self::Agents(q) => (client.list_agents(q.clone(), options).await?, "agents"),
            Self::Calls(q) => (client.list_calls(q.clone(), options).await?, "calls"),
        };
        let entries = match page.get_mut(key).map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        let cursor = page
            .get("cursor")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok((entries, cursor))
    }
}

struct Walk {
    listing: Listing,
    trail: CursorTrail,
    done: bool,
}

/// Every entry of a listing (agents or calls), page by page. Cheap to clone
/// (clones share the walk); pages are fetched one at a time even when
/// `next` is called concurrently.
#[derive(Clone)]
pub struct Pages {
    client: Client,
    walk: Arc<Mutex<Walk>>,
}

/// The walk behind `listAllAgents` (the name the binding knows it by).
pub type AgentPages = Pages;

impl Pages {
    fn new(client: Client, listing: Listing) -> Self {
        Self {
            client,
            walk: Arc::new(Mutex::new(Walk {
                listing,
                trail: CursorTrail::new(),
                done: false,
            })),
        }
    }

    /// Every agent of a `listAgents` query.
    pub fn agents(client: Client, query: ListQuery) -> Self {
        Self::new(client, Listing::Agents(query))
    }

    /// Every call record of a `listCalls` query.
    pub fn calls(client: Client, query: CallQuery) -> Self {
        Self::new(client, Listing::Calls(query))
    }

    /// The entries of the next page (camelCase, as `listAgents` / `listCalls`
    /// give them), or `None` once the listing is complete. After an error
    /// the walk is over: later calls return `None`.
    pub async fn next(
        &self,
        options: CallOptions,
    ) -> std::result::Result<Option<Vec<Value>>, CallError> {
        let mut walk = self.walk.lock().await;
        if walk.done {
            return Ok(None);
        }
        // Ended unless this page says otherwise.
        walk.done = true;
        walk.trail.start_page()?;
        let (entries, cursor) = walk.listing.page(&self.client, options).await?;
        if let Some(next) = walk.trail.follow(cursor.as_deref(), entries.len())? {
            walk.listing.set_cursor(next);
            walk.done = false;
        }
        Ok(Some(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code<T>(r: Result<T>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn any_repeated_cursor_ends_the_walk() {
        let mut t = CursorTrail::new();
        assert_eq!(t.follow(Some("A"), 1), Ok(Some("A".into())));
        assert_eq!(t.follow(Some("B"), 1), Ok(Some("B".into())));
        // A, B, A: alternating cursors.
        assert_eq!(code(t.follow(Some("A"), 1)), Some(ErrorCode::BadResponse));
        let mut t = CursorTrail::new();
        assert!(t.follow(Some("A"), 1).is_ok());
        assert_eq!(code(t.follow(Some("A"), 1)), Some(ErrorCode::BadResponse));
    }

    #[test]
    fn the_walk_ends_without_cursor_or_items() {
        let mut t = CursorTrail::new();
        assert_eq!(t.follow(None, 5), Ok(None));
        assert_eq!(t.follow(Some(""), 5), Ok(None));
        assert_eq!(t.follow(Some("A"), 0), Ok(None));
    }

    #[test]
    fn pages_and_cursor_length_are_capped() {
        let mut t = CursorTrail::new();
        for i in 0..MAX_PAGES {
            assert!(t.start_page().is_ok());
            assert!(t.follow(Some(&i.to_string()), 1).is_ok());
        }
        assert_eq!(code(t.start_page()), Some(ErrorCode::BadResponse));
        let long = "c".repeat(MAX_CURSOR_BYTES + 1);
        assert_eq!(
            code(CursorTrail::new().follow(Some(&long), 1)),
            Some(ErrorCode::BadResponse)
        );
    }
}
