//! `Client::dcv_plan` and `Client::dcv_delegation_records` against
//! wiremock: which packs a plan keeps, where each record comes from, what
//! it sends, and how the plan reads as TSV, zone file and JSON.

use cloudflare_ssl::dcv::{DcvPlan, DelegatedHosts, DelegationError, PlanError};
use cloudflare_ssl::{Client, ListingError};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const C: &str = "cccccccccccccccccccccccccccccccc";

/// A pack `id` in `status` for `hosts`, from Let's Encrypt, with `extra`
/// properties.
fn pack(id: &str, status: &str, hosts: &[&str], extra: Value) -> Value {
    let mut pack = pack_envelope(status)["result"].clone();
    pack["id"] = json!(id);
    pack["hosts"] = json!(hosts);
    pack["certificate_authority"] = json!("lets_encrypt");
    if let (Some(pack), Some(extra)) = (pack.as_object_mut(), extra.as_object()) {
        pack.extend(extra.clone());
    }
    pack
}

fn list_page(packs: Vec<Value>, page: u64, total_pages: u64) -> ResponseTemplate {
    let count = packs.len();
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "errors": [], "messages": [], "result": packs,
        "result_info": { "page": page, "per_page": 50, "count": count, "total_count": count, "total_pages": total_pages }
    }))
}

fn envelope(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({ "success": true, "errors": [], "messages": [], "result": result }))
}

/// Mounts the pack list's page `page` (asked with `status=all` and 50 a
/// page).
async fn mount_page(server: &MockServer, page: u64, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE}/ssl/certificate_packs")))
        .and(query_param("status", "all"))
        .and(query_param("per_page", "50"))
        .and(query_param("page", page.to_string()))
        .respond_with(answer)
        .expect(1)
        .mount(server)
        .await;
}

/// Mounts `/ssl/verification`, expected `calls` times, never with `retry`.
async fn mount_verification(server: &MockServer, entries: Value, calls: u64) {
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE}/ssl/verification")))
        .and(query_param_is_missing("retry"))
        .respond_with(envelope(entries))
        .expect(calls)
        .mount(server)
        .await;
}

/// Two pages: A (pending validation: a TXT record, a delegation CNAME, an
/// HTTP file and e-mail), B (active, with a stale record), C (initializing,
/// no record yet); verification adds C's TXT record and repeats A's.
async fn zone_with_three_packs(server: &MockServer) {
    let a_records = json!({
        "validation_records": [
            { "txt_name": "_acme-challenge.example.com", "txt_value": "a-token", "status": "pending" },
            { "http_url": "http://www.example.com/.well-known/pki-validation/a.txt", "http_body": "a-body",
              "emails": ["admin@example.com", "hostmaster@example.com"] }
        ],
        "dcv_delegation_records": [
            { "cname": "_acme-challenge.example.com", "cname_target": "example.com.abc123.dcv.cloudflare.com" }
        ]
    });
    let b_records = json!({
        "validation_records": [{ "txt_name": "_acme-challenge.b.example.com", "txt_value": "stale" }]
    });
    let a = pack(
        A,
        "pending_validation",
        &["example.com", "*.example.com"],
        a_records,
    );
    let b = pack(B, "active", &["b.example.com"], b_records);
    let c = pack(C, "initializing", &["c.example.com"], json!({}));
    mount_page(server, 1, list_page(vec![a, b], 1, 2)).await;
    mount_page(server, 2, list_page(vec![c], 2, 2)).await;
    let verification = json!([
        { "cert_pack_uuid": A, "certificate_status": "authorizing", "validation_method": "txt",
          "verification_info": { "record_name": "_acme-challenge.example.com", "record_target": "a-token" } },
        { "cert_pack_uuid": B, "certificate_status": "active", "validation_method": "txt",
          "verification_info": { "record_name": "_acme-challenge.b.example.com", "record_target": "other" } },
        { "cert_pack_uuid": C, "certificate_status": "initializing",
          "verification_info": { "txt_name": "_acme-challenge.c.example.com", "txt_value": "c-token" } }
    ]);
    mount_verification(server, verification, 1).await;
}

async fn plan_of(server: &MockServer) -> Result<DcvPlan, PlanError> {
    client(server).dcv_plan(ZONE).await
}

#[tokio::test]
async fn a_plan_holds_the_records_of_every_pack_being_validated_once_each() {
    let server = MockServer::start().await;
    zone_with_three_packs(&server).await;
    let plan = plan_of(&server).await.expect("a plan");
    let z = ZONE;
    assert_eq!(
        plan.to_tsv(),
        format!(
            "{z}\t{A}\ttxt\t_acme-challenge.example.com\ta-token\tto publish\n\
             {z}\t{A}\thttp\thttp://www.example.com/.well-known/pki-validation/a.txt\ta-body\tto publish\n\
             {z}\t{A}\temail\t-\tadmin@example.com,hostmaster@example.com\tto publish\n\
             {z}\t{A}\tcname\t_acme-challenge.example.com\texample.com.abc123.dcv.cloudflare.com\tto publish\n\
             {z}\t{C}\ttxt\t_acme-challenge.c.example.com\tc-token\tto publish\n"
        )
    );
    assert_eq!(plan.problems(), 0, "a plan not checked has no problem");
}

#[tokio::test]
async fn a_plan_reads_as_a_zone_file() {
    let server = MockServer::start().await;
    zone_with_three_packs(&server).await;
    let plan = plan_of(&server).await.expect("a plan");
    assert_eq!(
        plan.to_zone_file(),
        format!(
            "; zone {ZONE} pack {A} (pending_validation): example.com, *.example.com\n\
             _acme-challenge.example.com. 300 IN TXT \"a-token\"\n\
             ; http http://www.example.com/.well-known/pki-validation/a.txt a-body\n\
             ; email admin@example.com,hostmaster@example.com\n\
             _acme-challenge.example.com. 300 IN CNAME example.com.abc123.dcv.cloudflare.com.\n\
             ; zone {ZONE} pack {C} (initializing): c.example.com\n\
             _acme-challenge.c.example.com. 300 IN TXT \"c-token\"\n"
        )
    );
}

#[tokio::test]
async fn a_plan_reads_as_typed_json() {
    let server = MockServer::start().await;
    zone_with_three_packs(&server).await;
    let plan = plan_of(&server).await.expect("a plan");
    let json = serde_json::to_value(&plan).expect("serialises");
    assert_eq!(json["zone_id"], ZONE);
    assert_eq!(json["delegation"], json!([]));
    let packs = json["packs"].as_array().expect("packs");
    assert_eq!(packs.len(), 2);
    assert_eq!(packs[0]["id"], A);
    assert_eq!(packs[0]["status"], "pending_validation");
    assert_eq!(packs[0]["certificate_authority"], "lets_encrypt");
    assert_eq!(packs[0]["hosts"], json!(["example.com", "*.example.com"]));
    assert_eq!(packs[0]["caa"], json!([]));
    assert_eq!(
        packs[0]["records"],
        json!([
            { "kind": "txt", "name": "_acme-challenge.example.com", "value": "a-token", "state": "to_publish" },
            { "kind": "http", "url": "http://www.example.com/.well-known/pki-validation/a.txt", "body": "a-body", "state": "to_publish" },
            { "kind": "email", "addresses": ["admin@example.com", "hostmaster@example.com"], "state": "to_publish" },
            { "kind": "cname", "name": "_acme-challenge.example.com", "target": "example.com.abc123.dcv.cloudflare.com", "state": "to_publish" }
        ])
    );
}

#[tokio::test]
async fn no_pack_being_validated_reads_no_verification() {
    let server = MockServer::start().await;
    let active = pack(A, "active", &["example.com"], json!({}));
    let issuing = pack(B, "pending_issuance", &["b.example.com"], json!({}));
    mount_page(&server, 1, list_page(vec![active, issuing], 1, 1)).await;
    mount_verification(&server, json!([]), 0).await;
    let plan = plan_of(&server).await.expect("a plan");
    assert!(plan.packs.is_empty());
    assert_eq!(plan.to_tsv(), "");
}

#[tokio::test]
async fn an_incomplete_listing_is_an_error_not_part_of_a_plan() {
    let server = MockServer::start().await;
    let a = pack(A, "pending_validation", &["example.com"], json!({}));
    mount_page(&server, 1, list_page(vec![a.clone()], 1, 2)).await;
    // Page 2 answers page 1 again: a server ignoring `page`.
    mount_page(&server, 2, list_page(vec![a], 1, 2)).await;
    mount_verification(&server, json!([]), 0).await;
    match plan_of(&server).await {
        Err(PlanError::Listing(ListingError::Incomplete { items, .. })) => {
            assert_eq!(items.len(), 1)
        }
        other => panic!("expected an incomplete listing: {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_verification_read_is_an_error() {
    let server = MockServer::start().await;
    let a = pack(A, "pending_validation", &["example.com"], json!({}));
    mount_page(&server, 1, list_page(vec![a], 1, 1)).await;
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE}/ssl/verification")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "success": false, "errors": [{ "code": 10000, "message": "Authentication error" }], "messages": [], "result": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    match plan_of(&server).await {
        Err(error @ PlanError::Verification(_)) => {
            assert!(
                error.to_string().starts_with("reading /ssl/verification: "),
                "{error}"
            );
        }
        other => panic!("expected a verification error: {other:?}"),
    }
}

async fn uuid_server(result: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE}/dcv_delegation/uuid")))
        .respond_with(envelope(result))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn delegation_records_come_from_the_zone_uuid() {
    let server = uuid_server(json!({ "uuid": "f1e2d3c4b5a69788" })).await;
    let hosts = DelegatedHosts::parse(["example.com", "*.example.com", "sub.example.com"])
        .expect("valid hosts");
    let records = client(&server)
        .dcv_delegation_records(ZONE, &hosts)
        .await
        .expect("records");
    let mut plan = DcvPlan::new(ZONE, &[], &[]);
    plan.add_delegation(records);
    assert_eq!(
        plan.to_tsv(),
        format!(
            "{ZONE}\t-\tcname\t_acme-challenge.example.com\texample.com.f1e2d3c4b5a69788.dcv.cloudflare.com\tto publish\n\
             {ZONE}\t-\tcname\t_acme-challenge.sub.example.com\tsub.example.com.f1e2d3c4b5a69788.dcv.cloudflare.com\tto publish\n"
        )
    );
}

#[tokio::test]
async fn an_answer_without_a_uuid_gives_no_records() {
    let server = uuid_server(json!({})).await;
    let hosts = DelegatedHosts::parse(["example.com"]).expect("valid hosts");
    let outcome = client(&server).dcv_delegation_records(ZONE, &hosts).await;
    assert!(
        matches!(outcome, Err(DelegationError::NoUuid)),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_uuid_that_is_no_dns_label_gives_no_records() {
    let server = uuid_server(json!({ "uuid": "evil.example.net" })).await;
    let hosts = DelegatedHosts::parse(["example.com"]).expect("valid hosts");
    let outcome: Result<_, _> =
        Client::dcv_delegation_records(&client(&server), ZONE, &hosts).await;
    assert!(
        matches!(&outcome, Err(DelegationError::InvalidUuid { uuid }) if uuid == "evil.example.net"),
        "{outcome:?}"
    );
}
