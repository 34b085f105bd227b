//! `certificate_pack_pages`: walking the list page by page, as a stream and
//! whole, against honest and lying servers; it always ends, under a page
//! cap, says why, and says whether every item was seen.

use std::time::Duration;

use cloudflare_ssl::types::{CertificatePackListStatus, ListCertificatePacksQuery};
use cloudflare_ssl::{Error, ListingError, PagesEnd};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::raw_server::{ScriptedServer, json_response};
use crate::support::*;

/// A page holding packs with these ids, with `result_info` when given.
fn page(ids: &[&str], result_info: Option<Value>) -> Vec<u8> {
    page_of(ids, "active", result_info)
}

/// [`page`] with packs in `status`.
fn page_of(ids: &[&str], status: &str, result_info: Option<Value>) -> Vec<u8> {
    let packs: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut pack = pack_envelope(status)["result"].clone();
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

/// The 403 Cloudflare answers to credentials it refuses.
fn refused() -> Vec<u8> {
    let body = json!({ "success": false, "errors": [{ "code": 10000, "message": "Authentication error" }], "messages": [], "result": null });
    json_response(403, &body.to_string())
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
    let mut pages = client
        .certificate_pack_pages(ZONE, query)
        .max_pages(max_pages);
    let mut ids = Vec::new();
    while let Some(page) = pages.next_page().await {
        ids.extend(
            page.expect("every page")
                .items
                .into_iter()
                .map(|pack| pack.id),
        );
    }
    let end = pages.stopped().cloned().expect("the walk ended");
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
    let server = ScriptedServer::start(vec![page(&["a"], info(1, 3)), refused()]).await;
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

/// The ids of `packs`.
fn ids_of(packs: &[cloudflare_ssl::types::CertificatePack]) -> Vec<&str> {
    packs.iter().map(|pack| pack.id.as_str()).collect()
}

/// `collect_all` over `answers`.
async fn collect(
    answers: Vec<Vec<u8>>,
    max_pages: u32,
) -> Result<
    Vec<cloudflare_ssl::types::CertificatePack>,
    ListingError<cloudflare_ssl::types::CertificatePack>,
> {
    let server = ScriptedServer::start(answers).await;
    let client = client_at(&server.url());
    client
        .certificate_pack_pages(ZONE, ListCertificatePacksQuery::new().per_page(5))
        .max_pages(max_pages)
        .collect_all()
        .await
}

#[tokio::test]
async fn collect_all_returns_every_item_of_a_list_read_to_its_last_page() {
    let packs = collect(
        vec![page(&["a", "b"], info(1, 2)), page(&["c"], info(2, 2))],
        100,
    )
    .await
    .expect("complete");
    assert_eq!(ids_of(&packs), ["a", "b", "c"]);
}

/// A server's answers, a page cap, the end they lead to, and the ids read.
type IncompleteCase = (Vec<Vec<u8>>, u32, PagesEnd, &'static [&'static str]);

#[tokio::test]
async fn collect_all_fails_on_every_end_that_may_have_left_items_unread() {
    let cases: [IncompleteCase; 4] = [
        (
            (0..3)
                .map(|n| page(&[&format!("p{n}")], info(n + 1, 9)))
                .collect(),
            2,
            PagesEnd::PageCap { max_pages: 2 },
            &["p0", "p1"],
        ),
        (
            vec![page(&["a", "b"], info(1, 50))],
            100,
            PagesEnd::RepeatedPage { page: 2 },
            &["a", "b"],
        ),
        (
            vec![page(&["a"], info(1, 9)), page(&[], info(2, 9))],
            100,
            PagesEnd::EmptyPage { page: 2 },
            &["a"],
        ),
        (
            vec![page(&["a"], None)],
            100,
            PagesEnd::NoResultInfo { page: 1 },
            &["a"],
        ),
    ];
    for (answers, max_pages, expected_end, expected_ids) in cases {
        let error = collect(answers, max_pages).await.expect_err("incomplete");
        assert!(!expected_end.is_complete(), "{expected_end:?}");
        let ListingError::Incomplete { items, end } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(
            (ids_of(items).as_slice(), end),
            (expected_ids, &expected_end)
        );
        assert_eq!(ids_of(error.items()), expected_ids);
        let said = error.to_string();
        assert!(
            said.starts_with("the listing is incomplete")
                && said.contains(&expected_end.to_string()),
            "{said}"
        );
    }
}

#[tokio::test]
async fn collect_all_keeps_the_items_read_before_a_failed_call() {
    let error = collect(vec![page(&["a", "b"], info(1, 3)), refused()], 100)
        .await
        .expect_err("403");
    let ListingError::Failed {
        items,
        error: cause,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(ids_of(items), ["a", "b"]);
    assert!(cause.is_auth(), "{cause:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(ids_of(&error.into_items()), ["a", "b"]);
}

/// An empty zone: Cloudflare's page 1 with no packs and `total_pages` 0.
#[tokio::test]
async fn an_empty_zone_is_a_complete_empty_listing() {
    let empty = page(
        &[],
        Some(json!({ "page": 1, "per_page": 5, "count": 0, "total_count": 0, "total_pages": 0 })),
    );
    let server = ScriptedServer::start(vec![empty.clone()]).await;
    let client = client_at(&server.url());
    let mut pages = client.certificate_pack_pages(ZONE, ListCertificatePacksQuery::new());
    assert!(pages.next_page().await.is_none());
    let end = pages.stopped().expect("ended");
    assert_eq!(end, &PagesEnd::EmptyPage { page: 1 });
    assert!(end.is_complete());
    assert_eq!(server.requests().len(), 1);

    let packs = collect(vec![empty], 100).await.expect("complete");
    assert!(packs.is_empty());
}

#[tokio::test]
async fn the_walk_is_a_stream_that_still_says_why_it_ended() {
    let server = ScriptedServer::start(vec![
        page(&["a", "b"], info(1, 2)),
        page(&["c"], info(2, 2)),
    ])
    .await;
    let client = client_at(&server.url());
    let mut pages = client.certificate_pack_pages(ZONE, ListCertificatePacksQuery::new());
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(page.expect("ok").items.into_iter().map(|pack| pack.id));
    }
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(pages.stopped(), Some(&PagesEnd::LastPage));
    assert!(pages.stopped().is_some_and(PagesEnd::is_complete));
    assert!(pages.next().await.is_none(), "an ended walk stays ended");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn into_stream_yields_each_page_then_the_error_that_ended_the_walk() {
    let server = ScriptedServer::start(vec![page(&["a"], info(1, 3)), refused()]).await;
    let client = client_at(&server.url());
    let outcomes: Vec<_> = client
        .certificate_pack_pages(ZONE, ListCertificatePacksQuery::new())
        .into_stream()
        .collect()
        .await;
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert_eq!(outcomes[0].as_ref().expect("page 1").items[0].id, "a");
    assert!(outcomes[1].as_ref().is_err_and(Error::is_auth));
    assert_eq!(server.requests().len(), 2);
}

/// A server that ignores `page` and whose items changed between the reads
/// (new hashes): `result_info.page` still gives it away.
#[tokio::test]
async fn a_page_that_names_another_page_ends_the_walk_even_with_changed_items() {
    let server = ScriptedServer::start(vec![
        page_of(&["a", "b"], "pending_validation", info(1, 50)),
        page_of(&["a", "b"], "active", info(1, 50)),
    ])
    .await;
    let client = client_at(&server.url());
    let mut pages = client.certificate_pack_pages(ZONE, ListCertificatePacksQuery::new());
    assert_eq!(
        pages
            .next_page()
            .await
            .expect("page 1")
            .expect("ok")
            .items
            .len(),
        2
    );
    assert!(pages.next_page().await.is_none());
    assert_eq!(pages.stopped(), Some(&PagesEnd::RepeatedPage { page: 2 }));
    assert_eq!(server.requests().len(), 2);
}

/// `next_page` dropped while its page is in flight (a `select!` that took
/// another branch, here a timeout): the next call finishes that same
/// request rather than sending it again. On the paused clock, with a
/// server that answers 10 s after reading each request.
#[tokio::test(start_paused = true)]
async fn a_next_page_dropped_mid_request_leaves_its_page_to_the_next_call() {
    let server = ScriptedServer::start_delayed(
        vec![page(&["a"], info(1, 2)), page(&["b"], info(2, 2))],
        Duration::from_secs(10),
    )
    .await;
    let client = client_at(&server.url());
    let mut pages = client.certificate_pack_pages(ZONE, ListCertificatePacksQuery::new());
    let cut_off = tokio::time::timeout(Duration::from_secs(1), pages.next_page()).await;
    assert!(cut_off.is_err(), "the first page is still in flight");
    assert_eq!(server.requests().len(), 1);
    let mut ids = Vec::new();
    while let Some(page) = pages.next_page().await {
        ids.extend(page.expect("ok").items.into_iter().map(|pack| pack.id));
    }
    assert_eq!(ids, ["a", "b"]);
    let list = format!("GET /zones/{ZONE}/ssl/certificate_packs");
    assert_eq!(
        server.requests(),
        [1, 2].map(|n| format!("{list}?page={n}"))
    );
}
