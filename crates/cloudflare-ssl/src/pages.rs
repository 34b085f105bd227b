//! Walking any paginated list page by page: [`Pages`].
//!
//! The walk trusts `result_info` only as far as it can check it: it stops
//! at the last page `total_pages` names, and also on an empty page, a page
//! whose items were all seen before or whose `result_info` names another
//! page (a server that ignores `page`), a page
//! without `result_info` (after yielding it: nothing says whether more
//! follow), a failed call, and a cap on the number of pages. It never
//! loops, and [`Pages::stopped`] says why it ended; only the first of those
//! ends means that every item was seen ([`PagesEnd::is_complete`]).
//!
//! The walk knows nothing of the list it walks: it is given the number of
//! its first page and a function that fetches a page by number.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::{FusedStream, Stream};
use serde::Serialize;

use crate::error::Error;
use crate::page::Page;

/// How many pages a walk reads at most by default: at 50 certificate packs
/// a page, 5 000 packs, far beyond a zone's certificate pack quota.
pub const DEFAULT_MAX_PAGES: u32 = 100;

/// One page being fetched: what the fetch function given to [`Pages::new`]
/// returns for a page number.
pub(crate) type PageFuture<'c, T> =
    Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send + 'c>>;

/// Why a walk over pages ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagesEnd {
    /// The page `result_info.total_pages` names as the last was read.
    LastPage,
    /// A page came back with no items. Page 1 empty is an empty list; a
    /// later page empty means the list shrank under the walk or
    /// `total_pages` was wrong.
    EmptyPage {
        /// The page number asked for.
        page: u64,
    },
    /// A page held only items already seen, or its `result_info.page`
    /// named another page: the server ignored `page`, or the list moved
    /// under the walk. That page was not returned.
    RepeatedPage {
        /// The page number asked for.
        page: u64,
    },
    /// A page came without `result_info`, so nothing said whether more
    /// follow; that page was returned.
    NoResultInfo {
        /// The page number asked for.
        page: u64,
    },
    /// The cap on pages was reached with more pages announced.
    PageCap {
        /// The cap.
        max_pages: u32,
    },
    /// A call failed; its error was returned by [`Pages::next_page`].
    Failed,
}

impl PagesEnd {
    /// Whether the walk saw every item from its first page on: only after
    /// the last page `result_info` names ([`PagesEnd::LastPage`]) or an
    /// empty page 1 (an empty list). Every other end may have left items
    /// unread: the cap, a failed call, a page without `result_info`, a
    /// repeated page, or an empty page after the first (a list that still
    /// announced more pages, or one without `total_pages`: the walk cannot
    /// tell a list that shrank from one that ended).
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::LastPage | Self::EmptyPage { page: 1 })
    }
}

impl fmt::Display for PagesEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LastPage => f.write_str("the last page `result_info` names was read"),
            Self::EmptyPage { page } => write!(f, "page {page} came back empty"),
            Self::RepeatedPage { page } => {
                write!(f, "page {page} held only items already seen")
            }
            Self::NoResultInfo { page } => write!(
                f,
                "page {page} came without `result_info`, so nothing said whether more follow"
            ),
            Self::PageCap { max_pages } => {
                write!(f, "the cap of {max_pages} pages was reached")
            }
            Self::Failed => f.write_str("a call failed"),
        }
    }
}

/// Why [`Pages::collect_all`] did not return every item. Both variants
/// keep the items read before the walk ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum ListingError<T> {
    /// The walk ended without seeing every item ([`PagesEnd::is_complete`]
    /// is false): the cap, a repeated or empty page, a page without
    /// `result_info`.
    Incomplete {
        /// Every item read, in order.
        items: Vec<T>,
        /// Why the walk ended.
        end: PagesEnd,
    },
    /// A call failed.
    Failed {
        /// Every item read before it, in order.
        items: Vec<T>,
        /// The failed call's error.
        error: Error,
    },
}

impl<T> ListingError<T> {
    /// The items read before the walk ended.
    pub fn items(&self) -> &[T] {
        match self {
            Self::Incomplete { items, .. } | Self::Failed { items, .. } => items,
        }
    }

    /// The items read before the walk ended, by value.
    pub fn into_items(self) -> Vec<T> {
        match self {
            Self::Incomplete { items, .. } | Self::Failed { items, .. } => items,
        }
    }
}

impl<T> fmt::Display for ListingError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Incomplete { items, end } => write!(
                f,
                "the listing is incomplete ({} read): {end}",
                item_count(items.len())
            ),
            Self::Failed { items, error } => write!(
                f,
                "the listing failed after {}: {error}",
                item_count(items.len())
            ),
        }
    }
}

/// `1 item`, `2 items`.
fn item_count(n: usize) -> String {
    match n {
        1 => "1 item".to_owned(),
        n => format!("{n} items"),
    }
}

impl<T: fmt::Debug> std::error::Error for ListingError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Incomplete { .. } => None,
            Self::Failed { error, .. } => Some(error),
        }
    }
}

/// A walk over the pages of a list operation, from the `Client` method
/// that names it (`Client::certificate_pack_pages`); nothing is sent until
/// the first page is asked for.
///
/// Read it page by page with [`Pages::next_page`], as a
/// [`Stream`](futures_core::Stream) of pages (`Pages` is one, so
/// [`Pages::stopped`] can still be read after `StreamExt::next` returned
/// `None`), or whole with [`Pages::collect_all`], which fails unless every
/// item was seen.
///
/// **Repeated pages** are recognised without knowing what an item's id is,
/// two ways. A page whose `result_info.page` is not the page asked for
/// ends the walk. And the walk remembers a 64-bit hash of each item's JSON
/// encoding (SipHash, keyed afresh for each walk): a page whose every item
/// hashes to one already seen ends it, which catches a server that ignores
/// `page` without saying which page it sent. A hash rather than the
/// encoding itself, so that what is kept stays a `u64` per item (in a
/// `HashSet`) whatever the items' size; the price is one JSON encoding of
/// each item, about as much work as decoding it was. Two different items
/// share a hash with a chance of about n²/2⁶⁵ for n items (below 10⁻¹² for
/// 5 000); a page would then end the walk as a `RepeatedPage`, which
/// [`PagesEnd::is_complete`] reports as incomplete, never silently. An item
/// that cannot be encoded (the generated types always can) counts as new.
#[must_use = "nothing is sent until the first page is asked for"]
pub struct Pages<'c, T> {
    fetch: Box<dyn FnMut(u64) -> PageFuture<'c, T> + Send + 'c>,
    /// The page being fetched and its number: kept across polls, so a
    /// `next_page` dropped before it finished loses nothing.
    in_flight: Option<(u64, PageFuture<'c, T>)>,
    next: u64,
    pages_read: u32,
    max_pages: u32,
    /// The hash of every item seen, by `item_keys`.
    seen: HashSet<u64>,
    item_keys: RandomState,
    stopped: Option<PagesEnd>,
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .field("in_flight", &self.in_flight.as_ref().map(|(page, _)| page))
            .field("pages_read", &self.pages_read)
            .field("max_pages", &self.max_pages)
            .field("items_seen", &self.seen.len())
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl<'c, T: Serialize + Send + 'c> Pages<'c, T> {
    /// A walk from page `first_page` on, fetching page `n` with
    /// `fetch(n)`; it reads at most [`DEFAULT_MAX_PAGES`] pages.
    pub(crate) fn new(
        first_page: u64,
        fetch: impl FnMut(u64) -> PageFuture<'c, T> + Send + 'c,
    ) -> Self {
        Self {
            fetch: Box::new(fetch),
            in_flight: None,
            next: first_page,
            pages_read: 0,
            max_pages: DEFAULT_MAX_PAGES,
            seen: HashSet::new(),
            item_keys: RandomState::new(),
            stopped: None,
        }
    }

    /// Reads at most `max_pages` pages ([`DEFAULT_MAX_PAGES`] by default).
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The next page, or `None` once the walk has ended (see
    /// [`Pages::stopped`]). After an error the walk ends. Cancel-safe: a
    /// call dropped before it returns (in a `select!`, say) leaves its
    /// page to the next call, neither lost nor sent twice.
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Why the walk ended; `None` while it has not.
    pub fn stopped(&self) -> Option<&PagesEnd> {
        self.stopped.as_ref()
    }

    /// The walk as a [`Stream`](futures_core::Stream) of pages, for code
    /// that takes one by value. `Pages` is itself a stream: keep it (and
    /// call `StreamExt::next(&mut pages)`) to read [`Pages::stopped`]
    /// afterwards.
    pub fn into_stream(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'c {
        self
    }

    /// Every item of every remaining page, in order, when the walk sees
    /// them all.
    ///
    /// Fails with [`ListingError::Incomplete`] when the walk ends any other
    /// way than [`PagesEnd::is_complete`] allows (the cap, a repeated or
    /// empty page, a page without `result_info`), and with
    /// [`ListingError::Failed`] at the first failed call; both keep the
    /// items read. An error rather than a flag on the result, because a
    /// caller who acts on "every" item (restarting every timed-out pack,
    /// say) must not act on part of them by forgetting a check: `?` stops
    /// it, and the items are still there for one that wants them.
    pub async fn collect_all(mut self) -> Result<Vec<T>, ListingError<T>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            match page {
                Ok(page) => items.extend(page.items),
                Err(error) => return Err(ListingError::Failed { items, error }),
            }
        }
        match self.stopped {
            Some(end) if end.is_complete() => Ok(items),
            end => Err(ListingError::Incomplete {
                items,
                end: end.unwrap_or(PagesEnd::Failed),
            }),
        }
    }

    /// One step of the walk: starts the next page's fetch when none is in
    /// flight (unless the walk has ended or reached its cap), and judges
    /// the page once it has arrived.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>> {
        if self.stopped.is_some() {
            return Poll::Ready(None);
        }
        let (page_number, fetch) = match &mut self.in_flight {
            Some(in_flight) => in_flight,
            None => {
                if self.pages_read >= self.max_pages {
                    self.stopped = Some(PagesEnd::PageCap {
                        max_pages: self.max_pages,
                    });
                    return Poll::Ready(None);
                }
                self.pages_read += 1;
                let page_number = self.next;
                self.in_flight
                    .insert((page_number, (self.fetch)(page_number)))
            }
        };
        let page_number = *page_number;
        let outcome = ready!(fetch.as_mut().poll(cx));
        self.in_flight = None;
        Poll::Ready(self.judge(page_number, outcome))
    }

    /// What a fetched page means for the walk: it is returned, or it ends
    /// the walk (and `stopped` says why).
    fn judge(
        &mut self,
        page_number: u64,
        outcome: Result<Page<T>, Error>,
    ) -> Option<Result<Page<T>, Error>> {
        let page = match outcome {
            Ok(page) => page,
            Err(error) => {
                self.stopped = Some(PagesEnd::Failed);
                return Some(Err(error));
            }
        };
        if page.items.is_empty() {
            self.stopped = Some(PagesEnd::EmptyPage { page: page_number });
            return None;
        }
        let mut new_items = false;
        for item in &page.items {
            new_items |= match self.item_key(item) {
                Some(key) => self.seen.insert(key),
                None => true,
            };
        }
        if !new_items || names_another_page(&page, page_number) {
            self.stopped = Some(PagesEnd::RepeatedPage { page: page_number });
            return None;
        }
        let last = |total: i64| u64::try_from(total).is_ok_and(|total| page_number >= total);
        match &page.result_info {
            None => self.stopped = Some(PagesEnd::NoResultInfo { page: page_number }),
            Some(info) if info.total_pages.is_some_and(last) => {
                self.stopped = Some(PagesEnd::LastPage);
            }
            // Without `total_pages`, the next page, empty or repeated, ends
            // the walk.
            Some(_) => self.next = page_number.saturating_add(1),
        }
        Some(Ok(page))
    }

    /// The hash that stands for `item` among the items seen; `None` when it
    /// cannot be encoded.
    fn item_key(&self, item: &T) -> Option<u64> {
        let json = serde_json::to_vec(item).ok()?;
        Some(self.item_keys.hash_one(json))
    }
}

/// Whether `page`'s `result_info.page` names another page than the one
/// asked for: a server that ignores `page` answers page 1 again, even when
/// its items changed since (so that their hashes are new).
fn names_another_page<T>(page: &Page<T>, asked: u64) -> bool {
    let named = page.result_info.as_ref().and_then(|info| info.page);
    named.is_some_and(|named| u64::try_from(named) != Ok(asked))
}

impl<'c, T: Serialize + Send + 'c> Stream for Pages<'c, T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<'c, T: Serialize + Send + 'c> FusedStream for Pages<'c, T> {
    fn is_terminated(&self) -> bool {
        self.stopped.is_some()
    }
}
