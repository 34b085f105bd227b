//! `GET …/ssl/certificate_packs`: a zone's packs, filtered by `status` and
//! cut into pages, with a `result_info` that tells the truth about them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// One page of `packs` (in the zone's order) for the request's `query`,
/// read and defaulted from the fragment by the query check: `page` and
/// `per_page`, and `status`, without which only `active` packs are listed
/// (the fragment: "Include Certificate Packs of all statuses, not just
/// active ones"). `deploy` is accepted and not modelled: it filters nothing.
///
/// `result_info`: `page` and `per_page` as asked, `count` the packs on this
/// page, `total_count` the packs that pass the filter, `total_pages` the
/// pages they fill (0 when there are none). A page past the last is empty.
/// The page's packs, and its `result_info`.
pub(super) fn page(packs: &[&Value], query: &BTreeMap<String, Value>) -> (Vec<Value>, Value) {
    let all = query.get("status").and_then(Value::as_str) == Some("all");
    let listed: Vec<&Value> = packs
        .iter()
        .copied()
        .filter(|pack| all || pack.get("status").and_then(Value::as_str) == Some("active"))
        .collect();
    let total = listed.len() as u64;
    let number = |name: &str| query.get(name).and_then(Value::as_u64);
    let page = number("page").unwrap_or(1).max(1);
    // Without a documented default, everything on one page.
    let per_page = number("per_page").unwrap_or(total).max(1);
    let skip = (page - 1).saturating_mul(per_page);
    let items: Vec<Value> = listed
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .cloned()
        .collect();
    let info = json!({
        "page": page,
        "per_page": per_page,
        "count": items.len(),
        "total_count": total,
        "total_pages": total.div_ceil(per_page),
    });
    (items, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packs(statuses: &[&str]) -> Vec<Value> {
        statuses
            .iter()
            .enumerate()
            .map(|(i, status)| json!({ "id": i.to_string(), "status": status }))
            .collect()
    }

    fn listed(packs: &[Value], query: Value) -> (Vec<String>, Value) {
        let query: BTreeMap<String, Value> = serde_json::from_value(query).expect("a query object");
        let refs: Vec<&Value> = packs.iter().collect();
        let (items, info) = page(&refs, &query);
        let ids = items
            .iter()
            .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        (ids, info)
    }

    #[test]
    fn pages_are_cut_honestly_and_the_last_is_short() {
        let packs = packs(&["active"; 12]);
        let (ids, info) = listed(&packs, json!({ "page": 3, "per_page": 5 }));
        assert_eq!(ids, ["10", "11"]);
        assert_eq!(
            info,
            json!({ "page": 3, "per_page": 5, "count": 2, "total_count": 12, "total_pages": 3 })
        );
        let (ids, info) = listed(&packs, json!({ "page": 4, "per_page": 5 }));
        assert!(ids.is_empty());
        assert_eq!(info["count"], 0);
        assert_eq!(info["page"], 4);
    }

    #[test]
    fn only_active_packs_unless_status_all() {
        let packs = packs(&["active", "pending_validation", "active", "expired"]);
        let (ids, info) = listed(&packs, json!({ "page": 1, "per_page": 20 }));
        assert_eq!(ids, ["0", "2"]);
        assert_eq!(info["total_count"], 2);
        let (ids, _) = listed(
            &packs,
            json!({ "page": 1, "per_page": 20, "status": "all" }),
        );
        assert_eq!(ids.len(), 4);
        let (ids, info) = listed(&[], json!({ "page": 1, "per_page": 20 }));
        assert!(ids.is_empty());
        assert_eq!(info["total_pages"], 0);
    }
}
