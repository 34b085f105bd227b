//! Operations the mock was never written for: added to a copy of the
//! generated model, as `cargo xtask codegen` would write them from the
//! fragment, they are routed, checked against their model and answered
//! with their examples, with no code of the mock's own for them. The
//! resource is one no fragment will have (`test_hold`), so that the test
//! holds whatever operations the fragment gains.

use cloudflare_ssl_mock::documented::ZONE_ID;
use cloudflare_ssl_mock::spec::Spec;
use cloudflare_ssl_mock::{MockCloudflare, codes};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{AUTH, JSON, RawRequest};

const HOLD_PATH: &str = "/zones/{zone_id}/test_hold";

/// What the GET of the hold answers in the example.
fn held() -> Value {
    json!({
        "success": true, "errors": [], "messages": [],
        "result": { "hold": true, "hold_after": "2023-01-31T15:56:36+00:00", "include_subdomains": false }
    })
}

/// What the PATCH of the hold answers in the example.
fn released() -> Value {
    json!({
        "success": true, "errors": [], "messages": [],
        "result": { "hold": false, "hold_after": null, "include_subdomains": false }
    })
}

/// A response of the model's format; `examples` as (name, value).
fn response(status: &str, outcome: &str, schema: Value, examples: &[(&str, Value)]) -> Value {
    let low: u16 = if status == "4XX" {
        400
    } else {
        status.parse().expect("a status")
    };
    let examples: Vec<Value> = examples
        .iter()
        .map(|(name, value)| {
            json!({ "name": name, "summary": "Example response", "description": null,
                    "documentation_page": null, "value": value,
                    "text": serde_json::to_string_pretty(value).expect("JSON") })
        })
        .collect();
    json!({ "status": status, "low": low, "high": low + u16::from(status == "4XX") * 99,
            "outcome": outcome, "component": "ZoneHoldResponse", "schema": schema,
            "examples": examples })
}

/// The fragment's model with three operations on a resource the mock has
/// never seen: a GET and a PATCH (with a body) with an example on each
/// 200, and a DELETE with none.
fn model_with_a_hold() -> Spec {
    let mut document = Spec::new().document().clone();
    assert!(
        Spec::new().operation(HOLD_PATH, "get").is_none(),
        "the fragment has {HOLD_PATH}: choose another resource for this test"
    );
    let failure = document["components"]["ApiFailure"].clone();
    let hold = json!({ "type": "object", "required": ["hold"], "properties": {
        "hold": { "type": "boolean" },
        "hold_after": { "type": "string", "format": "date-time", "nullable": true },
        "include_subdomains": { "type": "boolean" },
    }});
    let envelope = json!({ "type": "object", "required": ["success", "errors", "messages"],
        "properties": { "success": { "type": "boolean" }, "errors": { "type": "array" },
                        "messages": { "type": "array" }, "result": hold } });
    let zone_id = json!([{ "name": "zone_id", "schema": { "type": "string", "maxLength": 32 } }]);
    let operation = |id: &str, method: &str, body: Value, examples: &[(&str, Value)]| {
        json!({
            "operation_id": id, "method": method, "path": HOLD_PATH, "summary": id,
            "path_parameters": zone_id, "query_parameters": [], "request_body": body,
            "responses": [
                response("200", "success", envelope.clone(), examples),
                response("4XX", "failure", failure.clone(), &[]),
            ],
        })
    };
    let body = json!({ "component": "ZoneHoldEditRequest", "required": true, "schema": {
        "type": "object", "required": ["hold"], "additionalProperties": false,
        "properties": { "hold": { "type": "boolean" }, "include_subdomains": { "type": "boolean" } },
    }});
    let operations = document["operations"]
        .as_array_mut()
        .expect("the model's operations");
    operations.push(operation(
        "get_test_hold",
        "GET",
        Value::Null,
        &[("get_test_hold", held())],
    ));
    operations.push(operation(
        "edit_test_hold",
        "PATCH",
        body,
        &[("edit_test_hold", released())],
    ));
    operations.push(operation("delete_test_hold", "DELETE", Value::Null, &[]));
    Spec::from_value(document)
}

async fn mock_with_a_hold() -> MockCloudflare {
    MockCloudflare::builder()
        .spec(model_with_a_hold())
        .start()
        .await
}

fn hold_url(mock: &MockCloudflare) -> String {
    format!("{}/zones/{ZONE_ID}/test_hold", mock.base_url())
}

fn patch_hold<'a>(mock: &'a MockCloudflare, body: &'a str) -> RawRequest<'a> {
    RawRequest::mode(mock).url(hold_url(mock)).body(body)
}

#[tokio::test]
async fn an_unseen_get_and_patch_are_answered_with_their_examples() {
    let mock = mock_with_a_hold().await;
    let answer = RawRequest::get(&mock, hold_url(&mock)).send().await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json(), held());
    let answer = patch_hold(&mock, r#"{"hold":false}"#).send().await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json(), released());

    let operations: Vec<Option<String>> =
        mock.requests().into_iter().map(|r| r.operation).collect();
    assert_eq!(
        operations,
        [Some("get_test_hold".into()), Some("edit_test_hold".into())]
    );
    assert_eq!(mock.requests()[1].path_param("zone_id"), Some(ZONE_ID));
    // The operations the mock models answer as before.
    assert_eq!(RawRequest::pack(&mock).send().await.status, 200);
    mock.verify();
}

#[tokio::test]
async fn an_unseen_patch_is_checked_against_its_model() {
    let mock = mock_with_a_hold().await;
    patch_hold(&mock, r#"{"hold":"yes"}"#)
        .refused(400, codes::INVALID_BODY, "at \"/hold\"")
        .await;
    patch_hold(&mock, r#"{"include_subdomains":true}"#)
        .refused(400, codes::INVALID_BODY, "\"hold\" is a required property")
        .await;
    patch_hold(&mock, "")
        .refused(400, codes::MALFORMED_JSON, "requires a JSON body")
        .await;
    patch_hold(&mock, r#"{"hold":true}"#)
        .headers(&[AUTH])
        .refused(400, codes::INVALID_HEADERS, "no `Content-Type` header")
        .await;
    RawRequest::get(&mock, format!("{}?hold=1", hold_url(&mock)))
        .refused(
            400,
            codes::NO_ROUTE,
            "query parameter(s) hold are not documented",
        )
        .await;
    RawRequest::get(&mock, hold_url(&mock))
        .method(Method::PUT)
        .headers(&[AUTH, JSON])
        .body("{}")
        .refused(
            405,
            codes::NO_ROUTE,
            "the fragment documents GET, PATCH, DELETE",
        )
        .await;
}

#[tokio::test]
async fn an_unseen_operation_without_an_example_is_a_501_violation() {
    let mock = mock_with_a_hold().await;
    let answer = RawRequest::get(&mock, hold_url(&mock))
        .method(Method::DELETE)
        .refused(
            501,
            codes::NO_ROUTE,
            "DELETE /zones/{zone_id}/test_hold (operationId \"delete_test_hold\") with no example",
        )
        .await;
    assert_eq!(answer.json()["success"], false);
    assert_eq!(
        mock.requests()[0].operation.as_deref(),
        Some("delete_test_hold")
    );
}
