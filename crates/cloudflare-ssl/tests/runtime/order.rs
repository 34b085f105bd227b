//! `order_certificate_pack_once`: the requests it sends, in order, for an
//! existing pack, an exhausted quota, an order and an order whose outcome
//! is unclear, and the input it refuses with nothing sent. The scripted
//! server answers the n-th request with the n-th answer and records every
//! request line.

use cloudflare_ssl::types::{
    CertificateAuthority, CertificatePackOrderRequest, CertificatePackOrderType, ValidationMethod,
    ValidityDays,
};
use cloudflare_ssl::{Client, Error, ListingError, OrderError, OrderOutcome, PagesEnd};
use serde_json::{Value, json};

use crate::raw_server::{ScriptedServer, json_response};
use crate::support::*;

const ORDERED: &str = "9a7806061c88ada191ed06f989cc3dac";

fn list() -> String {
    list_page(1)
}

fn list_page(page: u64) -> String {
    format!("GET /zones/{ZONE}/ssl/certificate_packs?page={page}&per_page=50&status=all")
}

fn quota() -> String {
    format!("GET /zones/{ZONE}/ssl/certificate_packs/quota")
}

fn post() -> String {
    format!("POST {}", order_path())
}

/// A pack as Cloudflare lists it.
fn pack(id: &str, hosts: &[&str], status: &str) -> Value {
    json!({ "id": id, "certificates": [], "hosts": hosts, "status": status, "type": "advanced" })
}

/// One page of packs, page `page` of `total_pages`.
fn page_of(packs: &[Value], page: u64, total_pages: u64) -> Vec<u8> {
    let body = json!({
        "success": true, "errors": [], "messages": [], "result": packs,
        "result_info": { "page": page, "per_page": 50, "count": packs.len(), "total_count": packs.len(), "total_pages": total_pages }
    });
    json_response(200, &body.to_string())
}

/// The whole list of a zone in one page.
fn listing(packs: &[Value]) -> Vec<u8> {
    page_of(packs, 1, 1)
}

fn quota_of(allocated: i64, used: i64) -> Vec<u8> {
    let body = json!({ "success": true, "errors": [], "messages": [], "result": { "advanced": { "allocated": allocated, "used": used } } });
    json_response(200, &body.to_string())
}

/// The order's answer: the new pack, `initializing`.
fn ordered() -> Vec<u8> {
    let body = json!({ "success": true, "errors": [], "messages": [], "result": pack(ORDERED, &["example.com", "*.example.com"], "initializing") });
    json_response(200, &body.to_string())
}

fn bad_gateway() -> Vec<u8> {
    json_response(
        502,
        r#"{"success":false,"errors":[{"code":502,"message":"Bad gateway"}],"messages":[],"result":null}"#,
    )
}

/// The 403 Cloudflare answers to credentials it refuses.
fn refused() -> Vec<u8> {
    json_response(
        403,
        r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#,
    )
}

/// A client of the scripted server that would retry twice.
fn client(server: &ScriptedServer) -> Client {
    builder_at(&server.url())
        .max_retries(2)
        .build()
        .expect("client")
}

/// Orders [`an_order`] through a scripted server with these answers; what
/// it ended in and every request line.
async fn order_with(answers: Vec<Vec<u8>>) -> (Result<OrderOutcome, OrderError>, Vec<String>) {
    order_this(an_order(), answers).await
}

async fn order_this(
    order: CertificatePackOrderRequest,
    answers: Vec<Vec<u8>>,
) -> (Result<OrderOutcome, OrderError>, Vec<String>) {
    let server = ScriptedServer::start(answers).await;
    let outcome = client(&server)
        .order_certificate_pack_once(ZONE, &order)
        .await;
    (outcome, server.requests())
}

#[tokio::test]
async fn a_pack_with_the_same_hosts_in_another_order_and_case_is_existing_and_nothing_is_ordered() {
    let same = pack(
        PACK,
        &["*.EXAMPLE.com", "Example.COM"],
        "pending_validation",
    );
    let (outcome, requests) = order_with(vec![listing(&[same])]).await;
    let outcome = outcome.expect("existing");
    assert!(
        matches!(&outcome, OrderOutcome::Existing(pack) if pack.id == PACK),
        "{outcome:?}"
    );
    assert!(!outcome.was_ordered());
    assert_eq!(requests, [list()]);
}

#[tokio::test]
async fn every_page_is_read_before_deciding() {
    let other = pack("aaaa", &["www.example.com"], "active");
    let same = pack(PACK, &["example.com", "*.example.com"], "active");
    let (outcome, requests) =
        order_with(vec![page_of(&[other], 1, 2), page_of(&[same], 2, 2)]).await;
    assert_eq!(outcome.expect("existing").pack().id, PACK);
    assert_eq!(requests, [list(), list_page(2)]);
}

#[tokio::test]
async fn packs_that_ended_or_differ_do_not_count_and_the_pack_is_ordered_once() {
    let packs = [
        pack("deleted", &["example.com", "*.example.com"], "deleted"),
        pack("expired", &["example.com", "*.example.com"], "expired"),
        pack("fewer", &["example.com"], "active"),
        pack(
            "more",
            &["example.com", "*.example.com", "www.example.com"],
            "active",
        ),
    ];
    let (outcome, requests) = order_with(vec![listing(&packs), quota_of(5, 4), ordered()]).await;
    let outcome = outcome.expect("ordered");
    assert!(
        matches!(&outcome, OrderOutcome::Ordered(pack) if pack.id == ORDERED),
        "{outcome:?}"
    );
    assert!(outcome.was_ordered());
    assert_eq!(requests, [list(), quota(), post()]);
}

#[tokio::test]
async fn an_exhausted_quota_is_an_error_with_both_numbers_and_nothing_is_ordered() {
    let (outcome, requests) = order_with(vec![listing(&[]), quota_of(2, 2)]).await;
    let error = outcome.expect_err("exhausted");
    assert!(
        matches!(
            error,
            OrderError::QuotaExhausted {
                used: 2,
                allocated: 2
            }
        ),
        "{error:?}"
    );
    assert!(!error.may_have_ordered());
    assert_eq!(
        error.to_string(),
        "the zone's advanced certificate pack quota is used up (2 used of 2 allocated); nothing was ordered"
    );
    assert_eq!(requests, [list(), quota()]);
}

#[tokio::test]
async fn a_quota_without_its_numbers_does_not_stop_the_order() {
    let no_numbers = json_response(
        200,
        r#"{"success":true,"errors":[],"messages":[],"result":{"advanced":{}}}"#,
    );
    let (outcome, requests) = order_with(vec![listing(&[]), no_numbers, ordered()]).await;
    assert!(outcome.expect("ordered").was_ordered());
    assert_eq!(requests, [list(), quota(), post()]);
}

#[tokio::test]
async fn an_order_answered_with_a_502_whose_pack_was_made_is_found_on_the_second_listing() {
    let made = pack(ORDERED, &["example.com", "*.example.com"], "initializing");
    let (outcome, requests) = order_with(vec![
        listing(&[]),
        quota_of(5, 0),
        bad_gateway(),
        listing(&[made]),
    ])
    .await;
    let outcome = outcome.expect("found");
    assert!(
        matches!(&outcome, OrderOutcome::Ordered(pack) if pack.id == ORDERED),
        "{outcome:?}"
    );
    assert_eq!(requests, [list(), quota(), post(), list()]);
}

#[tokio::test]
async fn an_unclear_order_without_a_pack_after_it_has_an_unknown_outcome() {
    // A 502, and a connection cut after the request was read.
    for (answer, status) in [(bad_gateway(), Some(502)), (Vec::new(), None)] {
        let (outcome, requests) =
            order_with(vec![listing(&[]), quota_of(5, 0), answer, listing(&[])]).await;
        let error = outcome.expect_err("unknown");
        let OrderError::OutcomeUnknown {
            error: cause,
            listing,
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(cause.status().map(|s| s.as_u16()), status, "{cause:?}");
        assert!(listing.is_none(), "{listing:?}");
        assert!(error.may_have_ordered());
        assert!(
            error
                .to_string()
                .starts_with("the order's outcome is unknown: it may have reached Cloudflare ("),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .ends_with("and no pack with these hosts was listed after it"),
            "{error}"
        );
        assert_eq!(requests, [list(), quota(), post(), list()]);
    }
}

#[tokio::test]
async fn an_unclear_order_whose_second_listing_fails_says_so() {
    let (outcome, requests) =
        order_with(vec![listing(&[]), quota_of(5, 0), bad_gateway(), refused()]).await;
    let error = outcome.expect_err("unknown");
    let OrderError::OutcomeUnknown {
        listing: Some(listing),
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(
        matches!(listing.as_ref(), ListingError::Failed { .. }),
        "{listing:?}"
    );
    assert!(
        error
            .to_string()
            .contains("the listing after it could not tell"),
        "{error}"
    );
    assert_eq!(requests, [list(), quota(), post(), list()]);
}

#[tokio::test]
async fn an_order_cloudflare_refused_is_not_listed_again() {
    let invalid = json_response(
        400,
        r#"{"success":false,"errors":[{"code":1400,"message":"Invalid hosts"}],"messages":[],"result":null}"#,
    );
    let (outcome, requests) = order_with(vec![listing(&[]), quota_of(5, 0), invalid]).await;
    let error = outcome.expect_err("refused");
    let OrderError::Request(cause) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(cause.codes(), [1400]);
    assert!(!error.may_have_ordered());
    assert_eq!(requests, [list(), quota(), post()]);
}

#[tokio::test]
async fn an_incomplete_or_failed_listing_orders_nothing() {
    // Page 2 of 3 comes back empty: the list shrank, or `total_pages` lied.
    let other = pack("aaaa", &["www.example.com"], "active");
    let (outcome, requests) = order_with(vec![page_of(&[other], 1, 3), page_of(&[], 2, 3)]).await;
    let error = outcome.expect_err("incomplete");
    let OrderError::Listing(listing) = &error else {
        panic!("{error:?}")
    };
    let ListingError::Incomplete { items, end } = listing.as_ref() else {
        panic!("{listing:?}")
    };
    assert_eq!((items.len(), end), (1, &PagesEnd::EmptyPage { page: 2 }));
    assert!(!error.may_have_ordered());
    assert_eq!(requests, [list(), list_page(2)]);

    let (outcome, requests) = order_with(vec![refused()]).await;
    let error = outcome.expect_err("failed");
    assert!(
        matches!(&error, OrderError::Listing(listing) if matches!(listing.as_ref(), ListingError::Failed { error: Error::Api { .. }, .. })),
        "{error:?}"
    );
    assert_eq!(requests, [list()]);
}

/// [`an_order`] with `change` made to it.
fn order_where(
    change: impl FnOnce(&mut CertificatePackOrderRequest),
) -> CertificatePackOrderRequest {
    let mut order = an_order();
    change(&mut order);
    order
}

#[tokio::test]
async fn bad_input_is_refused_by_field_and_nothing_is_sent() {
    let hosts = |hosts: Vec<String>| order_where(|order| order.hosts = hosts);
    let cases = [
        (hosts(Vec::new()), "hosts"),
        (
            hosts((0..51).map(|n| format!("h{n}.example.com")).collect()),
            "hosts",
        ),
        (
            hosts(vec!["example.com".into(), "EXAMPLE.com".into()]),
            "hosts",
        ),
        (hosts(vec!["example.com".into(), String::new()]), "hosts"),
        (
            order_where(|order| {
                order.certificate_authority = CertificateAuthority::from("digicert")
            }),
            "certificate_authority",
        ),
        (
            order_where(|order| order.validation_method = ValidationMethod::from("cname")),
            "validation_method",
        ),
        (
            order_where(|order| order.validity_days = ValidityDays::from(60)),
            "validity_days",
        ),
        (
            order_where(|order| order.type_ = CertificatePackOrderType::from("universal")),
            "type",
        ),
        // HTTP validation with the wildcard host.
        (
            order_where(|order| order.validation_method = ValidationMethod::Http),
            "validation_method",
        ),
    ];
    for (order, expected) in cases {
        let (outcome, requests) = order_this(order.clone(), vec![listing(&[])]).await;
        let error = outcome.expect_err("refused");
        assert!(
            matches!(&error, OrderError::InvalidInput { field, .. } if *field == expected),
            "{order:?}: {error:?}"
        );
        assert!(error.to_string().ends_with("; nothing was sent"), "{error}");
        assert!(requests.is_empty(), "{order:?}: {requests:?}");
    }
}

#[tokio::test]
async fn a_bad_zone_id_is_refused_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![listing(&[])]).await;
    let error = client(&server)
        .order_certificate_pack_once("../zones", &an_order())
        .await
        .expect_err("refused");
    assert!(
        matches!(
            &error,
            OrderError::InvalidInput {
                field: "zone_id",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}
