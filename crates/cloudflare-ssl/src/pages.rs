//! Walking a paginated list page by page: [`Client::certificate_pack_pages`].
//!
//! The walk trusts `result_info` only as far as it can check it: it stops
//! at the last page `total_pages` names, and also on an empty page, a page
//! whose items were all seen before (a server that ignores `page`), a page
//! without `result_info` (after yielding it: nothing says whether more
//! follow), a failed call, and a cap on the number of pages. It never
//! loops, and [`CertificatePackPages::stopped`] says why it ended.

use std::collections::HashSet;

use crate::client::Client;
use crate::error::Error;
use crate::page::Page;
use crate::types::{CertificatePack, ListCertificatePacksQuery};

/// How many pages a walk reads at most by default: 50 packs a page makes
/// 5 000 packs, far beyond a zone's certificate pack quota.
pub const DEFAULT_MAX_PAGES: u32 = 100;

/// Why a walk over pages ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagesEnd {
    /// The page `result_info.total_pages` names as the last was read.
    LastPage,
    /// A page came back with no items.
    EmptyPage {
        /// The page number asked for.
        page: u64,
    },
    /// A page held only items already seen: the server ignored `page`, or
    /// the list moved under the walk.
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
    /// A call failed; its error was returned by
    /// [`CertificatePackPages::next_page`].
    Failed,
}

/// A walk over the pages of [`Client::list_certificate_packs`].
#[derive(Debug)]
#[must_use = "nothing is sent until `.next_page()`"]
pub struct CertificatePackPages<'c> {
    client: &'c Client,
    zone_id: String,
    query: ListCertificatePacksQuery,
    next: u64,
    pages_read: u32,
    max_pages: u32,
    seen: HashSet<String>,
    stopped: Option<PagesEnd>,
}

impl Client {
    /// Every page of [`Client::list_certificate_packs`] for `query`, from
    /// `query.page` (or 1) on; see [`CertificatePackPages`]. Without
    /// `status(All)` Cloudflare lists only active packs.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_ssl::Client) -> Result<(), cloudflare_ssl::Error> {
    /// use cloudflare_ssl::types::{CertificatePackListStatus, ListCertificatePacksQuery};
    /// let query = ListCertificatePacksQuery::new().status(CertificatePackListStatus::All).per_page(50);
    /// let mut pages = client.certificate_pack_pages("023e105f4ecef8ad9ca31a8372d0c353", query);
    /// while let Some(page) = pages.next_page().await {
    ///     for pack in page?.items {
    ///         println!("{} {}", pack.id, pack.status);
    ///     }
    /// }
    /// println!("stopped: {:?}", pages.stopped());
    /// # Ok(())
    /// # }
    /// ```
    pub fn certificate_pack_pages(
        &self,
        zone_id: &str,
        query: ListCertificatePacksQuery,
    ) -> CertificatePackPages<'_> {
        CertificatePackPages {
            client: self,
            zone_id: zone_id.to_owned(),
            next: query.page.unwrap_or(1),
            query,
            pages_read: 0,
            max_pages: DEFAULT_MAX_PAGES,
            seen: HashSet::new(),
            stopped: None,
        }
    }
}

impl CertificatePackPages<'_> {
    /// Reads at most `max_pages` pages ([`DEFAULT_MAX_PAGES`] by default).
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The next page, or `None` once the walk has ended (see
    /// [`CertificatePackPages::stopped`]). After an error the walk ends.
    pub async fn next_page(&mut self) -> Option<Result<Page<CertificatePack>, Error>> {
        if self.stopped.is_some() {
            return None;
        }
        if self.pages_read >= self.max_pages {
            self.stopped = Some(PagesEnd::PageCap {
                max_pages: self.max_pages,
            });
            return None;
        }
        let page_number = self.next;
        let query = self.query.clone().page(page_number);
        self.pages_read += 1;
        let page = match self
            .client
            .list_certificate_packs(&self.zone_id, &query)
            .await
        {
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
        for pack in &page.items {
            new_items |= self.seen.insert(pack.id.clone());
        }
        if !new_items {
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

    /// Why the walk ended; `None` while it has not.
    pub fn stopped(&self) -> Option<&PagesEnd> {
        self.stopped.as_ref()
    }

    /// Every pack of every remaining page, in order, and why the walk
    /// ended; the first error ends it.
    pub async fn collect_all(mut self) -> Result<(Vec<CertificatePack>, PagesEnd), Error> {
        let mut packs = Vec::new();
        while let Some(page) = self.next_page().await {
            packs.extend(page?.items);
        }
        let end = self.stopped.unwrap_or(PagesEnd::Failed);
        Ok((packs, end))
    }
}
