//! One page of a list operation: the items and Cloudflare's `result_info`.

use crate::generated_types::ResultInfo;

/// What a list method returns: one page of results, and where it stands in
/// the list when Cloudflare said so (`result_info` is optional in the
/// schema, and a server may leave it out).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The envelope's `result`.
    pub items: Vec<T>,
    /// The envelope's `result_info`: `page`, `per_page`, `count`,
    /// `total_count`, `total_pages`.
    pub result_info: Option<ResultInfo>,
}

impl<T> Page<T> {
    pub(crate) fn new(items: Vec<T>, result_info: Option<ResultInfo>) -> Self {
        Self { items, result_info }
    }
}
