//! The normalisations of the SSL verification operations, on models
//! built here: the vendored excerpt holds only the first five operations.

use serde_json::json;

use super::*;
use crate::upstream::model::{Body, JSON, Parameter};

fn kind(kind: &str) -> Schema {
    Schema {
        kind: Some(kind.to_owned()),
        ..Schema::default()
    }
}

fn object(properties: &[(&str, Schema)], required: &[&str]) -> Schema {
    Schema {
        properties: properties
            .iter()
            .map(|(name, schema)| ((*name).to_owned(), schema.clone()))
            .collect(),
        required: required.iter().map(|name| (*name).to_owned()).collect(),
        ..kind("object")
    }
}

fn with_json(status: &str, schema: Schema) -> Operation {
    let mut operation = Operation::default();
    operation.responses.insert(
        status.to_owned(),
        Body {
            content: [(JSON.to_owned(), Some(schema))].into_iter().collect(),
            ..Body::default()
        },
    );
    operation
}

fn the_fragments_envelope(result: Schema) -> Schema {
    let list = Schema {
        items: Some(Box::new(kind("object"))),
        ..kind("array")
    };
    object(
        &[
            ("success", kind("boolean")),
            ("errors", list.clone()),
            ("messages", list),
            ("result", result),
        ],
        &["success", "errors", "messages"],
    )
}

#[test]
fn a_bare_result_gets_the_fragments_envelope_members() {
    let result = Schema {
        items: Some(Box::new(kind("object"))),
        ..kind("array")
    };
    let mut upstream = with_json("200", object(&[("result", result.clone())], &[]));
    let mut fragment = with_json("200", the_fragments_envelope(result));
    let locations = envelope_members(&mut upstream, &mut fragment);
    assert_eq!(
        locations,
        [
            "response 200 › success",
            "response 200 › errors",
            "response 200 › messages"
        ]
    );
    let theirs = upstream.json_response_mut("200").expect("a JSON 200");
    let ours = fragment.json_response_mut("200").expect("a JSON 200");
    assert!(compare::schemas(theirs, ours).is_empty());
}

#[test]
fn an_envelope_with_any_member_is_left_to_the_comparison() {
    let mut upstream = with_json(
        "200",
        object(
            &[("result", kind("object")), ("success", kind("boolean"))],
            &[],
        ),
    );
    let mut fragment = with_json("200", the_fragments_envelope(kind("object")));
    assert!(envelope_members(&mut upstream, &mut fragment).is_empty());
    let theirs = upstream.json_response_mut("200").expect("a JSON 200");
    assert!(!theirs.properties.contains_key("errors"));
}

fn verification(record_name: Schema) -> Operation {
    let info = object(&[("record_name", record_name)], &[]);
    let item = object(&[("verification_info", info)], &[]);
    let result = Schema {
        items: Some(Box::new(item)),
        ..kind("array")
    };
    with_json("200", object(&[("result", result)], &[]))
}

fn record_name(values: Value) -> Schema {
    Schema {
        format: Some("hostname".to_owned()),
        enum_values: values.as_array().cloned(),
        ..kind("string")
    }
}

#[test]
fn field_names_listed_as_record_names_are_dropped() {
    let names = json!(["record_name", "http_url", "cname", "txt_name"]);
    let mut upstream = verification(record_name(names));
    let mut fragment = verification(kind("string"));
    assert_eq!(
        record_field_names(&mut upstream, &mut fragment),
        ["response 200 › result[].verification_info.record_name"]
    );
    let theirs = upstream.json_response_mut("200").expect("a JSON 200");
    let ours = fragment.json_response_mut("200").expect("a JSON 200");
    assert!(compare::schemas(theirs, ours).is_empty());
}

#[test]
fn other_record_name_values_stay_reported() {
    let values = json!(["record_name", "http_url", "cname", "txt_name", "mx"]);
    let mut upstream = verification(record_name(values));
    let mut fragment = verification(kind("string"));
    assert!(record_field_names(&mut upstream, &mut fragment).is_empty());
    let theirs = upstream.json_response_mut("200").expect("a JSON 200");
    let ours = fragment.json_response_mut("200").expect("a JSON 200");
    assert!(!compare::schemas(theirs, ours).is_empty());
}

fn with_retry(schema: Schema) -> Operation {
    let mut operation = Operation::default();
    operation.parameters.insert(
        "query retry".to_owned(),
        Parameter {
            schema: Some(schema),
            ..Parameter::default()
        },
    );
    operation
}

fn boolean_enum(values: &[bool]) -> Schema {
    Schema {
        enum_values: Some(values.iter().map(|value| Value::from(*value)).collect()),
        ..kind("boolean")
    }
}

#[test]
fn the_retry_flag_is_a_plain_boolean() {
    let mut upstream = with_retry(boolean_enum(&[true]));
    let mut fragment = with_retry(kind("boolean"));
    assert_eq!(
        retry_flag(&mut upstream, &mut fragment),
        ["parameter query retry"]
    );
    let mut upstream = with_retry(boolean_enum(&[true, false]));
    assert!(retry_flag(&mut upstream, &mut fragment).is_empty());
}

#[test]
fn a_failure_that_is_only_false_is_a_plain_boolean() {
    for (values, forgiven) in [(&[false][..], true), (&[true][..], false)] {
        let envelope = object(&[("success", boolean_enum(values))], &[]);
        let mut upstream = with_json("4XX", envelope);
        let mut fragment = with_json("4XX", object(&[("success", kind("boolean"))], &[]));
        let locations = failure_success(&mut upstream, &mut fragment);
        assert_eq!(locations.is_empty(), !forgiven, "{values:?}");
    }
}

fn ordering(hosts: Schema) -> Operation {
    Operation {
        request_body: Some(Body {
            content: [(JSON.to_owned(), Some(object(&[("hosts", hosts)], &[])))]
                .into_iter()
                .collect(),
            ..Body::default()
        }),
        ..Operation::default()
    }
}

fn hosts(prose: &str) -> Schema {
    Schema {
        items: Some(Box::new(kind("string"))),
        notes: crate::upstream::model::Notes {
            description: Some(prose.to_owned()),
            ..Default::default()
        },
        ..kind("array")
    }
}

#[test]
fn the_orders_hosts_are_bounded_where_the_prose_says_so() {
    let prose =
        "Must contain the zone apex, may not contain more than 50 hosts, and may not be empty.";
    let mut upstream = ordering(hosts(prose));
    let mut fragment = ordering(hosts(prose));
    assert_eq!(
        hosts_limits(&mut upstream, &mut fragment),
        ["request body › hosts"]
    );
    let theirs = upstream
        .request_body
        .and_then(|body| body.content.get(JSON).cloned().flatten())
        .and_then(|body| body.properties.get("hosts").cloned())
        .expect("the body's hosts");
    assert_eq!(theirs.constraints.get("minItems"), Some(&json!(1)));
    assert_eq!(theirs.constraints.get("maxItems"), Some(&json!(50)));

    let mut upstream = ordering(hosts("Host names of the pack."));
    assert!(hosts_limits(&mut upstream, &mut fragment).is_empty());
}
