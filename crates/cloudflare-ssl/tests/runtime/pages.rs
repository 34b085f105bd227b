//! `certificate_pack_pages`: walking the list page by page, against honest
//! and lying servers; it always ends, under a page cap, and says why.

use cloudflare_ssl::types::{CertificatePackListStatus, ListCertificatePacksQuery};
use cloudflare_ssl::{Error, PagesEnd};
use serde_json::{Value, json};

use crate::raw_server::{ScriptedServer, json_response};
use crate::support::*;

/// A page holding packs with these ids, with `result_info` when given.
fn page(ids: &[&str], result_info: Option<Value>) -> Vec<u8> {
    let packs: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut pack = pack_envelope("active")["result"].clone();
            pack["id"] = json!(id);
            pack
        })
        .collect();
    let mut envelope = json!({ "success": true, "errors": [], "messages": [], "result": packs });
    if let Some(info) = result_info {
        envelope["result_info"] = info;
    }
    json_response(200, &envelope.to_string())
}

fn info(page: u64, total_pages: u64) -> Option<Value> {
    Some(
        json!({ "page": page, "per_page": 2, "count": 2, "total_count": total_pages * 2, "total_pages": total_pages }),
    )
}

/// Walks every page of `answers`; the ids seen, why it stopped, the requests.
async fn walk(answers: Vec<Vec<u8>>, max_pages: u32) -> (Vec<String>, PagesEnd, Vec<String>) {
    let server = ScriptedServer::start(answers).await;
    let client = client_at(&server.url());
    let query = ListCertificatePacksQuery::new()
        .status(CertificatePackListStatus::All)
        .per_page(5);
    let (packs, end) = client
        .certificate_pack_pages(ZONE, query)
        .max_pages(max_pages)
        .collect_all()
        .await
        .expect("every page");
    let ids = packs.into_iter().map(|pack| pack.id).collect();
    (ids, end, server.requests())
}

#[tokio::test]
async fn an_honest_list_is_read_to_its_last_page() {
    let (ids, end, requests) = walk(
        vec![
            page(&["a", "b"], info(1, 3)),
            page(&["c", "d"], info(2, 3)),
            page(&["e"], info(3, 3)),
        ],
        100,
    )
    .await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(end, PagesEnd::LastPage);
    let list = format!("GET /zones/{ZONE}/ssl/certificate_packs");
    assert_eq!(
        requests,
        [1, 2, 3].map(|n| format!("{list}?page={n}&per_page=5&status=all"))
    );
}

#[tokio::test]
async fn total_pages_that_never_ends_stops_at_the_page_cap() {
    let answers = (0..10)
        .map(|n| page(&[&format!("pack-{n}")], info(n + 1, 1_000_000)))
        .collect();
    let (ids, end, requests) = walk(answers, 4).await;
    assert_eq!(ids.len(), 4);
    assert_eq!(end, PagesEnd::PageCap { max_pages: 4 });
    assert_eq!(requests.len(), 4);
}

#[tokio::test]
async fn the_same_page_twice_ends_the_walk_without_repeating_items() {
    // A server that ignores `page`: every answer is the first page.
    let (ids, end, requests) = walk(vec![page(&["a", "b"], info(1, 50))], 100).await;
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(end, PagesEnd::RepeatedPage { page: 2 });
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_walk() {
    let (ids, end, requests) = walk(
        vec![page(&["a", "b"], info(1, 9)), page(&[], info(2, 9))],
        100,
    )
    .await;
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(end, PagesEnd::EmptyPage { page: 2 });
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn a_page_without_result_info_is_returned_and_ends_the_walk() {
    let (ids, end, requests) =
        walk(vec![page(&["a", "b"], None), page(&["c"], info(2, 2))], 100).await;
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(end, PagesEnd::NoResultInfo { page: 1 });
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn a_failed_page_is_returned_once_and_ends_the_walk() {
    let refused = json!({ "success": false, "errors": [{ "code": 10000, "message": "Authentication error" }], "messages": [], "result": null });
    let server = ScriptedServer::start(vec![
        page(&["a"], info(1, 3)),
        json_response(403, &refused.to_string()),
    ])
    .await;
    let client = client_at(&server.url());
    let mut pages = client.certificate_pack_pages(ZONE, ListCertificatePacksQuery::new());
    let first = pages.next_page().await.expect("a page").expect("ok");
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.result_info.and_then(|i| i.total_pages), Some(3));
    let error = pages
        .next_page()
        .await
        .expect("the error")
        .expect_err("403");
    assert!(error.is_auth(), "{error:?}");
    assert!(pages.next_page().await.is_none());
    assert_eq!(pages.stopped(), Some(&PagesEnd::Failed));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn query_parameters_outside_the_fragment_are_refused_by_name_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![page(&["a"], info(1, 1))]).await;
    let client = client_at(&server.url());
    for (query, parameter, reason) in [
        (
            ListCertificatePacksQuery::new().per_page(3),
            "per_page",
            "3 is not between 5 and 50",
        ),
        (
            ListCertificatePacksQuery::new().per_page(51),
            "per_page",
            "51 is not between 5 and 50",
        ),
        (
            ListCertificatePacksQuery::new().page(0),
            "page",
            "0 is less than 1",
        ),
        (
            ListCertificatePacksQuery::new().status("some".into()),
            "status",
            "\"some\" is not one of all",
        ),
    ] {
        let error = client
            .list_certificate_packs(ZONE, &query)
            .await
            .expect_err("refused");
        let Error::InvalidInput {
            parameter: named,
            reason: said,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!((*named, said.as_str()), (parameter, reason));
    }
    assert!(server.requests().is_empty());
}
