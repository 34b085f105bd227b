//! How each normalisation of [`super::FORGIVEN`] rewrites a pair of
//! operation models: at its one place, only while upstream still has the
//! shape `openapi/README.md` describes there, returning the locations it
//! rewrote. The table in `forgiven.rs` says what is forgiven and why; this
//! file says how.

use serde_json::Value;

use crate::upstream::compare::{self, Place};
use crate::upstream::model::{JSON, Operation, Schema};

pub(super) fn upstream_operation_id(
    _upstream: &mut Operation,
    fragment: &mut Operation,
) -> Vec<String> {
    match fragment.notes.vendor.remove("x-cloudflare-operation-id") {
        Some(Value::String(id)) => {
            fragment.operation_id = Some(id);
            vec!["operation".to_owned()]
        }
        Some(other) => {
            // Not an id: leave it to be reported.
            fragment
                .notes
                .vendor
                .insert("x-cloudflare-operation-id".to_owned(), other);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// The statuses whose first digit is `class` (`2XX`, `200`…) that both
/// sides document: a status only upstream has is reported, not normalised.
fn statuses(upstream: &Operation, fragment: &Operation, class: char) -> Vec<String> {
    upstream
        .responses
        .keys()
        .filter(|status| status.starts_with(class) && fragment.responses.contains_key(*status))
        .cloned()
        .collect()
}

/// The schema at `path` inside `schema`: each segment a property name, or
/// `[]` for the items of an array (`["result", "[]", "hosts"]` is
/// `result[].hosts`).
fn schema_at<'s>(schema: &'s mut Schema, path: &[&str]) -> Option<&'s mut Schema> {
    path.iter()
        .try_fold(schema, |schema, segment| match *segment {
            "[]" => schema.items.as_deref_mut(),
            property => schema.property_mut(property),
        })
}

/// `path` as a location inside a response: `response 200 › result[].hosts`.
fn location(status: &str, path: &[&str]) -> String {
    path.iter()
        .fold(
            Place::new(&format!("response {status}")),
            |place, segment| place.child(segment),
        )
        .location()
}

/// Applies `rewrite` to the schema at `path` (see [`schema_at`]) of each
/// `class` response's JSON envelope in upstream's model; returns the
/// locations where it did.
fn in_envelopes(
    upstream: &mut Operation,
    fragment: &Operation,
    class: char,
    path: &[&str],
    rewrite: impl Fn(&mut Schema) -> bool,
) -> Vec<String> {
    let mut locations = Vec::new();
    for status in statuses(upstream, fragment, class) {
        let target = upstream
            .json_response_mut(&status)
            .and_then(|envelope| schema_at(envelope, path));
        if target.is_some_and(&rewrite) {
            locations.push(location(&status, path));
        }
    }
    locations
}

fn boolean_with_enum(schema: &mut Schema, values: &[&[bool]]) -> bool {
    let listed: Option<Vec<bool>> = schema
        .enum_values
        .as_ref()
        .map(|values| values.iter().filter_map(Value::as_bool).collect());
    let matches = schema.kind.as_deref() == Some("boolean")
        && listed.is_some_and(|listed| values.contains(&listed.as_slice()));
    if matches {
        schema.enum_values = None;
    }
    matches
}

pub(super) fn failure_success(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    in_envelopes(upstream, fragment, '4', &["success"], |success| {
        boolean_with_enum(success, &[&[true, false], &[false, true], &[false]])
    })
}

pub(super) fn success_boolean(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    in_envelopes(upstream, fragment, '2', &["success"], |success| {
        boolean_with_enum(success, &[&[true]])
    })
}

pub(super) fn failure_result(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    let success_result = statuses(upstream, fragment, '2').iter().find_map(|status| {
        upstream
            .json_response_mut(status)
            .and_then(|envelope| envelope.property_mut("result"))
            .cloned()
    });
    let Some(success_result) = success_result else {
        return Vec::new();
    };
    let mut locations = Vec::new();
    for status in statuses(upstream, fragment, '4') {
        let Some(envelope) = upstream.json_response_mut(&status) else {
            continue;
        };
        let Some(result) = envelope.property_mut("result") else {
            continue;
        };
        let mut merged = result.clone();
        if merged.enum_values.as_deref() == Some(&[Value::Null]) {
            merged.enum_values = None;
        }
        merged.nullable = false;
        if !compare::schemas(&merged, &success_result).is_empty() {
            continue;
        }
        *result = Schema {
            nullable: true,
            notes: result.notes.clone(),
            ..Schema::default()
        };
        envelope.required.remove("result");
        locations.push(format!("response {status} › result"));
    }
    locations
}

/// Runs before `integer_counts` (deviation 11 comes after 3 in the table):
/// both `result_info`s are still upstream's own when they are compared.
pub(super) fn failure_result_info(
    upstream: &mut Operation,
    fragment: &mut Operation,
) -> Vec<String> {
    let success_info = statuses(upstream, fragment, '2').iter().find_map(|status| {
        upstream
            .json_response_mut(status)
            .and_then(|envelope| envelope.property_mut("result_info"))
            .cloned()
    });
    let Some(success_info) = success_info else {
        return Vec::new();
    };
    let mut locations = Vec::new();
    for status in statuses(upstream, fragment, '4') {
        let fragment_has_it = fragment
            .json_response_mut(&status)
            .is_some_and(|envelope| envelope.properties.contains_key("result_info"));
        let Some(envelope) = upstream.json_response_mut(&status) else {
            continue;
        };
        let merged = envelope.properties.get("result_info").is_some_and(|info| {
            compare::schemas(info, &success_info).is_empty()
                && !envelope.required.contains("result_info")
        });
        if merged && !fragment_has_it {
            envelope.properties.remove("result_info");
            locations.push(location(&status, &["result_info"]));
        }
    }
    locations
}

pub(super) fn failure_errors_min_length(
    upstream: &mut Operation,
    fragment: &mut Operation,
) -> Vec<String> {
    in_envelopes(upstream, fragment, '4', &["errors"], |errors| {
        let one = Value::from(1);
        let matches = errors.kind.as_deref() == Some("array")
            && errors.no_effect.get("minLength") == Some(&one)
            && !errors.constraints.contains_key("minItems");
        if matches {
            errors.no_effect.remove("minLength");
            errors.constraints.insert("minItems".to_owned(), one);
        }
        matches
    })
}

pub(super) fn failure_errors_not_empty(
    upstream: &mut Operation,
    fragment: &mut Operation,
) -> Vec<String> {
    in_envelopes(upstream, fragment, '4', &["errors"], |errors| {
        let matches = errors.kind.as_deref() == Some("array")
            && !errors.constraints.contains_key("minItems")
            && !errors.no_effect.contains_key("minLength");
        if matches {
            errors
                .constraints
                .insert("minItems".to_owned(), Value::from(1));
        }
        matches
    })
}

pub(super) fn hosts_limits(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    let mut locations = Vec::new();
    for path in [&["result", "hosts"][..], &["result", "[]", "hosts"]] {
        locations.extend(in_envelopes(upstream, fragment, '2', path, bounded_hosts));
    }
    // The order's body: the hosts to order a pack for.
    let ordered_hosts = upstream
        .request_body
        .as_mut()
        .and_then(|body| body.content.get_mut(JSON))
        .and_then(Option::as_mut)
        .and_then(|schema| schema.property_mut("hosts"));
    if ordered_hosts.is_some_and(bounded_hosts) {
        locations.push(Place::new("request body").child("hosts").location());
    }
    locations
}

/// Writes upstream's prose bounds on a pack's `hosts` as `minItems` and
/// `maxItems`, when they are prose only.
fn bounded_hosts(hosts: &mut Schema) -> bool {
    let prose = hosts.notes.description.as_deref().unwrap_or("");
    let matches = hosts.kind.as_deref() == Some("array")
        && !hosts.constraints.contains_key("minItems")
        && !hosts.constraints.contains_key("maxItems")
        && prose.contains("may not contain more than 50 hosts")
        && prose.contains("may not be empty");
    if matches {
        hosts
            .constraints
            .insert("minItems".to_owned(), Value::from(1));
        hosts
            .constraints
            .insert("maxItems".to_owned(), Value::from(50));
    }
    matches
}

/// The members of Cloudflare's API v4 envelope besides `result`.
const ENVELOPE_MEMBERS: [&str; 3] = ["success", "errors", "messages"];

/// Gives upstream's success envelope the fragment's `success`, `errors` and
/// `messages` where upstream declares a `result` and none of the three.
pub(super) fn envelope_members(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    let mut locations = Vec::new();
    for status in statuses(upstream, fragment, '2') {
        let Some(ours) = fragment.json_response_mut(&status).cloned() else {
            continue;
        };
        let Some(theirs) = upstream.json_response_mut(&status) else {
            continue;
        };
        let bare = theirs.properties.contains_key("result")
            && ENVELOPE_MEMBERS
                .iter()
                .all(|member| !theirs.properties.contains_key(*member));
        if !bare {
            continue;
        }
        for member in ENVELOPE_MEMBERS {
            let Some(schema) = ours.properties.get(member) else {
                continue;
            };
            theirs.properties.insert(member.to_owned(), schema.clone());
            if ours.required.contains(member) {
                theirs.required.insert(member.to_owned());
            }
            locations.push(location(&status, &[member]));
        }
    }
    locations
}

/// Upstream's `enum` on a verification record's name and target: the names
/// of the fields the record may come under, not values.
const RECORD_FIELD_NAMES: [(&str, [&str; 4]); 2] = [
    (
        "record_name",
        ["record_name", "http_url", "cname", "txt_name"],
    ),
    (
        "record_target",
        ["record_value", "http_body", "cname_target", "txt_value"],
    ),
];

/// Drops upstream's `format: hostname` and its enum of field names from
/// `verification_info.record_name` and `.record_target`, while upstream has
/// exactly those there.
pub(super) fn record_field_names(
    upstream: &mut Operation,
    fragment: &mut Operation,
) -> Vec<String> {
    let mut locations = Vec::new();
    for (member, names) in RECORD_FIELD_NAMES {
        let path = ["result", "[]", "verification_info", member];
        locations.extend(in_envelopes(upstream, fragment, '2', &path, |record| {
            let listed: Option<Vec<&str>> = record
                .enum_values
                .as_ref()
                .map(|values| values.iter().filter_map(Value::as_str).collect());
            let matches = record.kind.as_deref() == Some("string")
                && record.format.as_deref() == Some("hostname")
                && listed.as_deref() == Some(names.as_slice());
            if matches {
                record.enum_values = None;
                record.format = None;
            }
            matches
        }));
    }
    locations
}

/// Upstream's `retry` query parameter, a boolean whose only value is `true`,
/// read as the plain boolean the fragment has.
pub(super) fn retry_flag(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    const RETRY: &str = "query retry";
    let ours_plain = fragment
        .parameters
        .get(RETRY)
        .and_then(|parameter| parameter.schema.as_ref())
        .is_some_and(|schema| {
            schema.kind.as_deref() == Some("boolean") && schema.enum_values.is_none()
        });
    let theirs = upstream
        .parameters
        .get_mut(RETRY)
        .and_then(|parameter| parameter.schema.as_mut());
    if let Some(theirs) = theirs
        && ours_plain
        && boolean_with_enum(theirs, &[&[true]])
    {
        vec![format!("parameter {RETRY}")]
    } else {
        Vec::new()
    }
}

/// The query parameters that number pages and size them.
const PAGING_PARAMETERS: [&str; 2] = ["query page", "query per_page"];
/// The members of a list's `result_info`.
const RESULT_INFO_COUNTS: [&str; 5] = ["count", "page", "per_page", "total_count", "total_pages"];

pub(super) fn integer_counts(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    let mut locations = Vec::new();
    for key in PAGING_PARAMETERS {
        let ours = fragment
            .parameters
            .get_mut(key)
            .and_then(|parameter| parameter.schema.as_mut());
        let theirs = upstream
            .parameters
            .get_mut(key)
            .and_then(|parameter| parameter.schema.as_mut());
        if let (Some(theirs), Some(ours)) = (theirs, ours)
            && number_as_integer(theirs, ours)
        {
            locations.push(format!("parameter {key}"));
        }
    }
    for status in statuses(upstream, fragment, '2') {
        for member in RESULT_INFO_COUNTS {
            let path = ["result_info", member];
            let ours = fragment
                .json_response_mut(&status)
                .and_then(|envelope| schema_at(envelope, &path));
            let theirs = upstream
                .json_response_mut(&status)
                .and_then(|envelope| schema_at(envelope, &path));
            if let (Some(theirs), Some(ours)) = (theirs, ours)
                && number_as_integer(theirs, ours)
            {
                locations.push(location(&status, &path));
            }
        }
    }
    locations
}

/// Makes upstream's `type: number` (without a format) an integer where the
/// fragment has `type: integer`.
fn number_as_integer(upstream: &mut Schema, fragment: &Schema) -> bool {
    let matches = upstream.kind.as_deref() == Some("number")
        && upstream.format.is_none()
        && fragment.kind.as_deref() == Some("integer");
    if matches {
        upstream.kind = Some("integer".to_owned());
    }
    matches
}

pub(super) fn two_security_schemes(
    upstream: &mut Operation,
    _fragment: &mut Operation,
) -> Vec<String> {
    let alone = std::iter::once("user_service_key".to_owned()).collect();
    if upstream.security.remove(&alone) {
        upstream.schemes.remove("user_service_key");
        vec!["security".to_owned()]
    } else {
        Vec::new()
    }
}

pub(super) fn enum_varnames(_upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    let mut locations = Vec::new();
    let mut drop_varnames = |place: &Place, schema: &mut Schema| {
        if schema.kind.as_deref() == Some("integer")
            && schema.enum_values.is_some()
            && schema.notes.vendor.remove("x-enum-varnames").is_some()
        {
            locations.push(place.location());
        }
    };
    for (key, parameter) in &mut fragment.parameters {
        if let Some(schema) = &mut parameter.schema {
            walk(
                &Place::new(&format!("parameter {key}")),
                schema,
                &mut drop_varnames,
            );
        }
    }
    let bodies = fragment
        .request_body
        .iter_mut()
        .map(|body| ("request body".to_owned(), body))
        .chain(
            fragment
                .responses
                .iter_mut()
                .map(|(status, body)| (format!("response {status}"), body)),
        );
    for (section, body) in bodies {
        for schema in body.content.values_mut().flatten() {
            walk(&Place::new(&section), schema, &mut drop_varnames);
        }
    }
    locations
}

/// Calls `visit` on `schema` and every schema inside it.
fn walk(place: &Place, schema: &mut Schema, visit: &mut impl FnMut(&Place, &mut Schema)) {
    visit(place, schema);
    for (name, property) in &mut schema.properties {
        walk(&place.child(name), property, visit);
    }
    if let Some(items) = &mut schema.items {
        walk(&place.child("[]"), items, visit);
    }
    if let Some(additional) = &mut schema.additional {
        walk(&place.child("{}"), additional, visit);
    }
    for (key, members) in &mut schema.combinators {
        for (index, member) in members.iter_mut().enumerate() {
            walk(&place.child(&format!("{key}[{index}]")), member, visit);
        }
    }
}

#[cfg(test)]
mod tests;
