//! What the comparison forgives: the fragment's deliberate deviations from
//! upstream, as listed in `openapi/README.md` ("Deliberate deviations from
//! upstream"), written down once, each with its number and reason.
//!
//! A deviation is either true by construction (names are never compared,
//! because every `$ref` is resolved) or a normalisation: a rewrite of
//! upstream's model into what the fragment says, at one location, made only
//! when upstream still has the shape the README describes there. When
//! upstream changes that shape, the normalisation stops applying and the
//! difference is reported like any other. Nothing here applies to a place
//! the README does not name, and an entry without a README deviation is a
//! test failure (`every_entry_is_a_readme_deviation`).

use serde::Serialize;
use serde_json::Value;

use super::compare::{self, Place};
use super::model::{Operation, Schema};

/// One documented deviation and how the comparison forgives it.
#[derive(Debug)]
pub struct Forgiveness {
    pub name: &'static str,
    /// Its number in `openapi/README.md`'s list.
    pub deviation: u8,
    /// The README's reason, in short.
    pub reason: &'static str,
    /// Where it applies.
    pub scope: &'static str,
    pub rule: Rule,
}

#[derive(Debug)]
pub enum Rule {
    /// Holds because the comparison resolves every `$ref` and never looks at
    /// the names of schemas.
    ByConstruction,
    /// Rewrites the models at its scope; returns the locations it rewrote.
    Normalise(fn(&mut Operation, &mut Operation) -> Vec<String>),
}

/// Deviations where the fragment agrees with upstream (it deviates from the
/// documentation page instead), so there is nothing to forgive.
pub const AGREES_WITH_UPSTREAM: &[(u8, &str)] = &[(
    8,
    "`ResponseInfo.code` is an integer as upstream has it; the deviation is from the \
     Automatic SSL/TLS page, which says `number`",
)];

pub const FORGIVEN: &[Forgiveness] = &[
    Forgiveness {
        name: "upstream-operation-id",
        deviation: 1,
        reason: "operation ids are the method names a Rust user types; upstream's id is kept in \
                 `x-cloudflare-operation-id`",
        scope: "operation: the fragment's `x-cloudflare-operation-id` is compared with upstream's \
                `operationId`",
        rule: Rule::Normalise(upstream_operation_id),
    },
    Forgiveness {
        name: "enum-names",
        deviation: 2,
        reason: "every enum is a named component schema with a stable name; upstream's names carry \
                 numeric suffixes that change between releases, and leave the geo label inline",
        scope: "every `$ref`: enums are compared by their values, wherever they are defined",
        rule: Rule::ByConstruction,
    },
    Forgiveness {
        name: "failure-result",
        deviation: 3,
        reason: "the 4XX responses are normalised to one satisfiable failure envelope whose \
                 `result` is optional, nullable and of any shape: upstream's certificate-pack 4XX \
                 requires `result` to be both a pack and null, its Automatic SSL/TLS failure \
                 requires a non-null `result` while real error bodies carry `\"result\": null`",
        scope: "4XX responses › result, while upstream's `result` there (less `enum: [null]`) is \
                the operation's success `result`",
        rule: Rule::Normalise(failure_result),
    },
    Forgiveness {
        name: "failure-success",
        deviation: 3,
        reason: "the failure envelope's `success` is a plain boolean; upstream's certificate-pack \
                 4XX lists both `true` and `false` as its enum",
        scope: "4XX responses › success, while upstream has `enum: [true, false]` there",
        rule: Rule::Normalise(failure_success),
    },
    Forgiveness {
        name: "failure-errors-minitems",
        deviation: 3,
        reason: "`minLength: 1` on upstream's `errors` array (meant: `minItems`) is written as \
                 `minItems: 1`",
        scope: "4XX responses › errors, while upstream has `minLength: 1` there",
        rule: Rule::Normalise(failure_errors_min_length),
    },
    Forgiveness {
        name: "failure-errors-not-empty",
        deviation: 3,
        reason: "the failure envelope has `errors` with at least one entry",
        scope: "4XX responses › errors, while upstream sets no lower bound there",
        rule: Rule::Normalise(failure_errors_not_empty),
    },
    Forgiveness {
        name: "success-boolean",
        deviation: 4,
        reason: "`success` is a plain boolean in the 200 envelopes: Cloudflare sometimes answers \
                 HTTP 200 with `\"success\": false`, which must decode so the client can report it",
        scope: "2XX responses › success, while upstream has `enum: [true]` there",
        rule: Rule::Normalise(success_boolean),
    },
    Forgiveness {
        name: "x-enum-varnames",
        deviation: 5,
        reason: "integer enums carry `x-enum-varnames`, because numbers make no Rust variant names",
        scope: "the fragment's integer enums: their `x-enum-varnames` is not reported",
        rule: Rule::Normalise(enum_varnames),
    },
    Forgiveness {
        name: "identifier",
        deviation: 6,
        reason: "identifiers are one schema, `Identifier`, for path parameters and response fields \
                 (upstream: `tls-certificates-and-hostnames_identifier`, `cache_identifier`)",
        scope: "every `$ref` to an identifier: compared by type and `maxLength`, not name",
        rule: Rule::ByConstruction,
    },
    Forgiveness {
        name: "two-security-schemes",
        deviation: 7,
        reason: "only the two documented security schemes are declared; upstream's \
                 `user_service_key` (Origin CA keys) does not apply to these operations",
        scope: "security: an upstream alternative that is `user_service_key` alone",
        rule: Rule::Normalise(two_security_schemes),
    },
    Forgiveness {
        name: "plain-object-names",
        deviation: 9,
        reason: "plain objects get names so generated type names do not depend on where a schema \
                 is nested",
        scope: "every inline object or `$ref`: compared by content, not name",
        rule: Rule::ByConstruction,
    },
    Forgiveness {
        name: "hosts-limits",
        deviation: 10,
        reason: "\"not empty, at most 50\" is prose upstream and on the page; the fragment writes \
                 it as `minItems: 1`, `maxItems: 50` so the checks enforce it",
        scope: "2XX responses › result.hosts, while upstream has no bounds there and its \
                description states them",
        rule: Rule::Normalise(hosts_limits),
    },
];

/// The list, for `--help`: each entry's deviation, name, scope and reason.
pub fn describe() -> String {
    let mut out = String::new();
    for entry in FORGIVEN {
        let how = match entry.rule {
            Rule::ByConstruction => "by construction",
            Rule::Normalise(_) => "normalised",
        };
        out.push_str(&format!(
            "  {:>2} {} ({how}): {}
       why: {}
",
            entry.deviation, entry.name, entry.scope, entry.reason
        ));
    }
    for (deviation, why) in AGREES_WITH_UPSTREAM {
        out.push_str(&format!(
            "  {deviation:>2} nothing to forgive: {why}
"
        ));
    }
    out
}

/// One place where a normalisation rewrote upstream's (or the fragment's) model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub name: &'static str,
    pub deviation: u8,
    pub reason: &'static str,
    pub operation: String,
    pub location: String,
}

/// Applies every normalisation to one operation's pair of models.
pub fn apply(operation: &str, upstream: &mut Operation, fragment: &mut Operation) -> Vec<Applied> {
    let mut applied = Vec::new();
    for entry in FORGIVEN {
        if let Rule::Normalise(normalise) = entry.rule {
            for location in normalise(upstream, fragment) {
                applied.push(Applied {
                    name: entry.name,
                    deviation: entry.deviation,
                    reason: entry.reason,
                    operation: operation.to_owned(),
                    location,
                });
            }
        }
    }
    applied
}

fn upstream_operation_id(_upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
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

/// Applies `rewrite` to the property at `path` (`["result", "hosts"]` is
/// `result.hosts`) of each `class` response's JSON envelope in upstream's
/// model; returns the locations where it did.
fn in_envelopes(
    upstream: &mut Operation,
    fragment: &Operation,
    class: char,
    path: &[&str],
    rewrite: impl Fn(&mut Schema) -> bool,
) -> Vec<String> {
    let mut locations = Vec::new();
    for status in statuses(upstream, fragment, class) {
        let target = upstream.json_response_mut(&status).and_then(|envelope| {
            path.iter()
                .try_fold(envelope, |schema, property| schema.property_mut(property))
        });
        if target.is_some_and(&rewrite) {
            locations.push(format!("response {status} › {}", path.join(".")));
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

fn failure_success(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    in_envelopes(upstream, fragment, '4', &["success"], |success| {
        boolean_with_enum(success, &[&[true, false], &[false, true]])
    })
}

fn success_boolean(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    in_envelopes(upstream, fragment, '2', &["success"], |success| {
        boolean_with_enum(success, &[&[true]])
    })
}

fn failure_result(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
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

fn failure_errors_min_length(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
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

fn failure_errors_not_empty(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
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

fn hosts_limits(upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
    in_envelopes(upstream, fragment, '2', &["result", "hosts"], |hosts| {
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
    })
}

fn two_security_schemes(upstream: &mut Operation, _fragment: &mut Operation) -> Vec<String> {
    let alone = std::iter::once("user_service_key".to_owned()).collect();
    if upstream.security.remove(&alone) {
        upstream.schemes.remove("user_service_key");
        vec!["security".to_owned()]
    } else {
        Vec::new()
    }
}

fn enum_varnames(_upstream: &mut Operation, fragment: &mut Operation) -> Vec<String> {
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
