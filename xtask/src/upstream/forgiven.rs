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
//!
//! This file is the table (what is forgiven, where, and why); `normalise`
//! holds the rewrites it names.

use serde::Serialize;

use super::model::Operation;
use normalise::{
    enum_varnames, envelope_members, failure_errors_min_length, failure_errors_not_empty,
    failure_result, failure_result_info, failure_success, hosts_limits, integer_counts,
    record_field_names, retry_flag, success_boolean, two_security_schemes, upstream_operation_id,
};

mod normalise;

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
pub const AGREES_WITH_UPSTREAM: &[(u8, &str)] = &[
    (
        8,
        "`ResponseInfo.code` is an integer as upstream has it; the deviation is from the \
         Automatic SSL/TLS page, which says `number`",
    ),
    (
        13,
        "descriptions are informational: corrected ones are reported, never forgiven or failed",
    ),
];

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
                 numeric suffixes that change between releases, and leave the geo label and the \
                 list's `status` and `deploy` query parameters inline",
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
        name: "failure-result-info",
        deviation: 3,
        reason: "the failure envelope carries no `result_info`; upstream's list 4XX merges the \
                 success envelope's paging object into the failure envelope",
        scope: "4XX responses › result_info, while upstream's is optional there and the same as \
                the operation's success `result_info`, and the fragment's 4XX has none",
        rule: Rule::Normalise(failure_result_info),
    },
    Forgiveness {
        name: "failure-success",
        deviation: 3,
        reason: "the failure envelope's `success` is a plain boolean; upstream's merged 4XX \
                 envelopes list both `true` and `false` as its enum, the SSL verification's 4XX \
                 only `false`",
        scope: "4XX responses › success, while upstream has `enum: [true, false]` or \
                `enum: [false]` there",
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
        scope: "2XX responses › result.hosts (a pack) and result[].hosts (a list of packs), and \
                request body › hosts (an order), while upstream has no bounds there and its \
                description states them",
        rule: Rule::Normalise(hosts_limits),
    },
    Forgiveness {
        name: "integer-counts",
        deviation: 11,
        reason: "page numbers, page sizes and counts are integers (upstream: `number`): they \
                 count things, the generator supports integer query parameters only, and the \
                 client checks `per_page`'s bounds before sending and reads `result_info` as `i64`",
        scope: "query parameters page and per_page, and 2XX responses › result_info.count, \
                .page, .per_page, .total_count, .total_pages, while upstream has `type: number` \
                without a format there and the fragment `type: integer`",
        rule: Rule::Normalise(integer_counts),
    },
    Forgiveness {
        name: "shared-envelopes",
        deviation: 12,
        reason: "one envelope schema per shape: the GET and PATCH of a pack share \
                 `CertificatePackResponse` (upstream: two byte-identical schemas under two names), \
                 the list's envelope is `CertificatePackListResponse`, and every 4XX is `ApiFailure`",
        scope: "every `$ref` to an envelope: compared by content, not name",
        rule: Rule::ByConstruction,
    },
    Forgiveness {
        name: "envelope-members",
        deviation: 14,
        reason: "every success envelope has `success`, `errors` and `messages`: upstream's SSL \
                 verification 200 declares only `result`, while its own 4XX and every other \
                 envelope of these operations declare the three",
        scope: "2XX responses › success, errors, messages, while upstream's envelope there has a \
                `result` and none of the three",
        rule: Rule::Normalise(envelope_members),
    },
    Forgiveness {
        name: "record-field-names",
        deviation: 15,
        reason: "a verification record's `record_name` and `record_target` are strings: upstream's \
                 `enum` there lists names of fields (`txt_name`, `http_body`, …), not values, and \
                 its `format: hostname` does not hold for a URL, a TXT value or an HTTP body",
        scope: "2XX responses › result[].verification_info.record_name and .record_target, while \
                upstream has `format: hostname` and exactly those field names as `enum` there",
        rule: Rule::Normalise(record_field_names),
    },
    Forgiveness {
        name: "retry-flag",
        deviation: 16,
        reason: "the SSL verification's `retry` query parameter is a plain boolean: upstream's \
                 `enum: [true]` makes it a flag, which the generator's open enums (strings and \
                 integers) cannot name; unset, it is not sent",
        scope: "query parameter retry, while upstream has a boolean with `enum: [true]` there and \
                the fragment a plain boolean",
        rule: Rule::Normalise(retry_flag),
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
