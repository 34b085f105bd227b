//! The DCV plan checked in DNS: a plan read from the fake Cloudflare
//! (`Client::dcv_plan`), checked against the fake DNS (`FakeDns`) by
//! `DnsChecker`, one test per record state and CAA rule. The fixtures here
//! serve `dcv_plan.rs` too.

use cloudflare_ssl::dcv::dns::DnsChecker;
use cloudflare_ssl::dcv::{CaaVerdict, DcvPlan, RecordState};
use cloudflare_ssl_mock::MockCloudflare;
use cloudflare_ssl_mock::dns::FakeDns;
use serde_json::{Value, json};

pub(crate) const ZONE: &str = "000000000000000000000000000dc0de";
pub(crate) const PACK_1: &str = "11111111111111111111111111111111";
pub(crate) const PACK_2: &str = "22222222222222222222222222222222";

/// A pack `id` being validated (`pending_validation`) for `hosts` from
/// `ca`, with `records` as its `validation_records` and `delegation` as
/// its `dcv_delegation_records`: the documented pack, reshaped.
pub(crate) fn pack(id: &str, hosts: &[&str], ca: &str, records: Value, delegation: Value) -> Value {
    let documented: Value =
        serde_json::from_str(cloudflare_ssl_mock::documented::EDIT_CERTIFICATE_PACK)
            .expect("the documented pack is JSON");
    let mut pack = documented["result"].clone();
    pack["id"] = json!(id);
    pack["hosts"] = json!(hosts);
    pack["status"] = json!("pending_validation");
    pack["type"] = json!("advanced");
    pack["certificate_authority"] = json!(ca);
    pack["validation_records"] = records;
    pack["dcv_delegation_records"] = delegation;
    pack
}

/// `{ "txt_name": name, "txt_value": value }`.
pub(crate) fn txt(name: &str, value: &str) -> Value {
    json!({ "txt_name": name, "txt_value": value, "status": "pending" })
}

/// `{ "cname": name, "cname_target": target }`.
pub(crate) fn cname(name: &str, target: &str) -> Value {
    json!({ "cname": name, "cname_target": target })
}

/// A stateful fake Cloudflare whose zone [`ZONE`] holds `packs`.
pub(crate) async fn cloudflare_with(packs: Vec<Value>) -> MockCloudflare {
    let mock = MockCloudflare::builder().stateful(true).start().await;
    let zone = mock.zone(ZONE);
    for pack in packs {
        zone.add_pack_json(pack);
    }
    mock
}

/// The plan of [`ZONE`] with `packs`, checked against `dns`.
async fn checked(packs: Vec<Value>, dns: &FakeDns) -> DcvPlan {
    let mock = cloudflare_with(packs).await;
    let mut plan = mock.client().dcv_plan(ZONE).await.expect("a plan");
    let checker = DnsChecker::with_nameservers(&[dns.addr()]).expect("a checker");
    checker.check(&mut plan).await;
    plan
}

/// The plan of one pack ([`PACK_1`]) of `hosts` from `ca` with these
/// validation and delegation records, checked against `dns`.
async fn pack_checked(
    hosts: &[&str],
    ca: &str,
    records: Value,
    delegation: Value,
    dns: &FakeDns,
) -> DcvPlan {
    checked(vec![pack(PACK_1, hosts, ca, records, delegation)], dns).await
}

/// [`pack_checked`] without records: what its CAA checks say.
async fn caa_checked(hosts: &[&str], ca: &str, dns: &FakeDns) -> DcvPlan {
    pack_checked(hosts, ca, json!([]), json!([]), dns).await
}

/// Each record's `NAME VALUE: STATE`.
fn states(plan: &DcvPlan) -> Vec<String> {
    plan.records()
        .map(|(_, planned)| {
            let record = &planned.record;
            format!("{} {}: {}", record.name(), record.value(), planned.state)
        })
        .collect()
}

/// Each host's `HOST: VERDICT (relevant name)`.
fn verdicts(plan: &DcvPlan) -> Vec<String> {
    plan.packs
        .iter()
        .flat_map(|pack| &pack.caa)
        .map(|check| {
            let at = check.relevant_name.as_deref().unwrap_or("none");
            format!("{}: {} ({at})", check.host, check.verdict)
        })
        .collect()
}

#[tokio::test]
async fn txt_records_published_missing_and_wrong() {
    let dns = FakeDns::builder()
        .txt("_acme-challenge.a.example.com", "a-token")
        .txt("_acme-challenge.c.example.com", "stale-token")
        .txt("_acme-challenge.c.example.com", "other-token")
        .start()
        .expect("fake DNS");
    let records = json!([
        txt("_acme-challenge.a.example.com", "a-token"),
        txt("_acme-challenge.b.example.com", "b-token"),
        txt("_acme-challenge.c.example.com", "c-token"),
    ]);
    let hosts = ["a.example.com", "b.example.com", "c.example.com"];
    let plan = pack_checked(&hosts, "lets_encrypt", records, json!([]), &dns).await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.a.example.com a-token: published",
            "_acme-challenge.b.example.com b-token: missing",
            "_acme-challenge.c.example.com c-token: wrong: \"stale-token\", \"other-token\"",
        ]
    );
    assert_eq!(plan.problems(), 2);
}

#[tokio::test]
async fn two_values_at_one_name_are_each_published_or_missing_not_wrong_for_the_other() {
    let name = "_acme-challenge.example.com";
    let records = || json!([txt(name, "apex-token"), txt(name, "wildcard-token")]);
    let hosts = ["example.com", "*.example.com"];
    let one_published = FakeDns::builder()
        .txt(name, "apex-token")
        .start()
        .expect("fake DNS");
    let plan = pack_checked(&hosts, "lets_encrypt", records(), json!([]), &one_published).await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.example.com apex-token: published",
            "_acme-challenge.example.com wildcard-token: missing",
        ]
    );
    assert_eq!(plan.problems(), 1);
    let with_a_stale_one = FakeDns::builder()
        .txt(name, "apex-token")
        .txt(name, "stale-token")
        .start()
        .expect("fake DNS");
    let plan = pack_checked(
        &hosts,
        "lets_encrypt",
        records(),
        json!([]),
        &with_a_stale_one,
    )
    .await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.example.com apex-token: published",
            "_acme-challenge.example.com wildcard-token: wrong: \"stale-token\"",
        ]
    );
}

#[tokio::test]
async fn a_txt_record_left_where_the_delegation_cname_must_be_is_a_conflict() {
    let dns = FakeDns::builder()
        .txt("_acme-challenge.example.com", "left-over")
        .start()
        .expect("fake DNS");
    let delegation = json!([cname(
        "_acme-challenge.example.com",
        "example.com.abc.dcv.cloudflare.com"
    )]);
    let plan = pack_checked(&["example.com"], "google", json!([]), delegation, &dns).await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.example.com example.com.abc.dcv.cloudflare.com: conflict: TXT \"left-over\""
        ]
    );
    assert_eq!(plan.problems(), 1);
}

#[tokio::test]
async fn a_foreign_cname_where_a_txt_record_is_needed_is_a_conflict() {
    let dns = FakeDns::builder()
        .cname(
            "_acme-challenge.example.com",
            "acme.other-provider.example.net",
        )
        .start()
        .expect("fake DNS");
    let records = json!([txt("_acme-challenge.example.com", "token")]);
    let plan = pack_checked(&["example.com"], "lets_encrypt", records, json!([]), &dns).await;
    assert_eq!(
        states(&plan),
        ["_acme-challenge.example.com token: conflict: CNAME acme.other-provider.example.net."]
    );
}

#[tokio::test]
async fn the_delegation_cname_in_place_is_followed_for_the_txt_value() {
    let target = "example.com.abc.dcv.cloudflare.com";
    let dns = FakeDns::builder()
        .cname("_acme-challenge.example.com", target)
        .txt(target, "token")
        .cname(
            "_acme-challenge.www.example.com",
            "somewhere.else.example.net",
        )
        .start()
        .expect("fake DNS");
    let records = json!([txt("_acme-challenge.example.com", "token")]);
    let delegation = json!([
        cname("_acme-challenge.example.com", target),
        cname(
            "_acme-challenge.www.example.com",
            "www.example.com.abc.dcv.cloudflare.com"
        ),
    ]);
    let plan = pack_checked(
        &["example.com", "www.example.com"],
        "google",
        records,
        delegation,
        &dns,
    )
    .await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.example.com token: published",
            "_acme-challenge.example.com example.com.abc.dcv.cloudflare.com: published",
            "_acme-challenge.www.example.com www.example.com.abc.dcv.cloudflare.com: wrong: somewhere.else.example.net.",
        ]
    );
}

#[tokio::test]
async fn a_wildcard_host_is_ruled_by_issuewild_and_the_apex_by_issue() {
    let dns = FakeDns::builder()
        .caa("example.com", 0, "issue", "letsencrypt.org")
        .caa("example.com", 0, "issuewild", "pki.goog")
        .start()
        .expect("fake DNS");
    let plan = caa_checked(&["example.com", "*.example.com"], "lets_encrypt", &dns).await;
    assert_eq!(
        verdicts(&plan),
        [
            "example.com: allowed (example.com.)",
            "*.example.com: blocks: 0 issue \"letsencrypt.org\", 0 issuewild \"pki.goog\" (example.com.)",
        ]
    );
    assert_eq!(plan.problems(), 1);
}

#[tokio::test]
async fn caa_inherited_from_the_apex_blocks_the_pack_authority() {
    let dns = FakeDns::builder()
        .caa("example.com", 0, "issue", "pki.goog")
        .start()
        .expect("fake DNS");
    let plan = caa_checked(&["www.example.com"], "lets_encrypt", &dns).await;
    assert_eq!(
        verdicts(&plan),
        ["www.example.com: blocks: 0 issue \"pki.goog\" (example.com.)"]
    );
    let check = &plan.packs[0].caa[0];
    assert_eq!(check.ca_domain.as_deref(), Some("letsencrypt.org"));
    assert!(
        matches!(&check.verdict, CaaVerdict::Blocked { reason, .. } if reason == "no `issue` property names letsencrypt.org")
    );
}

#[tokio::test]
async fn a_closer_caa_record_set_overrides_the_apex() {
    let dns = FakeDns::builder()
        .caa("example.com", 0, "issue", "pki.goog")
        .caa("www.example.com", 0, "issue", "letsencrypt.org")
        .start()
        .expect("fake DNS");
    let plan = caa_checked(&["www.example.com"], "lets_encrypt", &dns).await;
    assert_eq!(
        verdicts(&plan),
        ["www.example.com: allowed (www.example.com.)"]
    );
}

#[tokio::test]
async fn a_critical_unknown_caa_tag_blocks_every_authority() {
    let dns = FakeDns::builder()
        .caa("example.com", 0, "issue", "letsencrypt.org")
        .caa("example.com", 128, "tbs", "unknown")
        .start()
        .expect("fake DNS");
    let plan = caa_checked(&["example.com"], "lets_encrypt", &dns).await;
    let check = &plan.packs[0].caa[0];
    match &check.verdict {
        CaaVerdict::Blocked { reason, found } => {
            assert!(reason.contains("critical property `tbs`"), "{reason}");
            assert!(
                found.contains(&"128 tbs \"unknown\"".to_owned()),
                "{found:?}"
            );
        }
        other => panic!("expected blocked: {other:?}"),
    }
}

#[tokio::test]
async fn no_caa_record_at_all_allows_any_authority() {
    let dns = FakeDns::builder().start().expect("fake DNS");
    let packs = vec![
        pack(
            PACK_1,
            &["example.com", "*.example.com"],
            "ssl_com",
            json!([]),
            json!([]),
        ),
        pack(
            PACK_2,
            &["deep.sub.example.org"],
            "google",
            json!([]),
            json!([]),
        ),
    ];
    let plan = checked(packs, &dns).await;
    assert_eq!(
        verdicts(&plan),
        [
            "example.com: allowed (none)",
            "*.example.com: allowed (none)",
            "deep.sub.example.org: allowed (none)",
        ]
    );
    assert_eq!(plan.problems(), 0);
    let domains: Vec<_> = plan
        .packs
        .iter()
        .map(|p| p.caa[0].ca_domain.clone())
        .collect();
    assert_eq!(
        domains,
        [Some("ssl.com".to_owned()), Some("pki.goog".to_owned())]
    );
}

#[tokio::test]
async fn a_txt_value_too_long_for_udp_is_read_over_tcp() {
    let long = "v".repeat(2000);
    let dns = FakeDns::builder()
        .txt("_acme-challenge.example.com", &long)
        .start()
        .expect("fake DNS");
    let records = json!([txt("_acme-challenge.example.com", &long)]);
    let plan = pack_checked(&["example.com"], "lets_encrypt", records, json!([]), &dns).await;
    assert_eq!(plan.packs[0].records[0].state, RecordState::Published);
}

#[tokio::test]
async fn a_record_published_after_a_check_is_seen_by_the_next() {
    let dns = FakeDns::builder().start().expect("fake DNS");
    let records = json!([txt("_acme-challenge.example.com", "token")]);
    let mock = cloudflare_with(vec![pack(
        PACK_1,
        &["example.com"],
        "lets_encrypt",
        records,
        json!([]),
    )])
    .await;
    let checker = DnsChecker::with_nameservers(&[dns.addr()]).expect("a checker");
    let mut plan = mock.client().dcv_plan(ZONE).await.expect("a plan");
    checker.check(&mut plan).await;
    assert_eq!(plan.packs[0].records[0].state, RecordState::Missing);
    dns.add_txt("_acme-challenge.example.com", "token")
        .await
        .expect("published");
    checker.check(&mut plan).await;
    assert_eq!(
        plan.packs[0].records[0].state,
        RecordState::Published,
        "nothing cached"
    );
}

#[tokio::test]
async fn a_published_alternative_covers_the_name() {
    let dns = FakeDns::builder()
        .txt("_acme-challenge.example.com", "token")
        .start()
        .expect("fake DNS");
    let records = json!([txt("_acme-challenge.example.com", "token")]);
    let delegation = json!([cname(
        "_acme-challenge.example.com",
        "example.com.abc.dcv.cloudflare.com"
    )]);
    let plan = pack_checked(&["example.com"], "lets_encrypt", records, delegation, &dns).await;
    assert_eq!(
        states(&plan),
        [
            "_acme-challenge.example.com token: published",
            "_acme-challenge.example.com example.com.abc.dcv.cloudflare.com: conflict: TXT \"token\"",
        ]
    );
    assert_eq!(plan.problems(), 0, "the TXT record covers the name");
}
