//! What a request that passed the checks is answered: its operation's
//! reply (a rate limit, a failure, raw bytes, a dropped connection) or the
//! success answer.
//!
//! The one place that tells operations apart. The packs, their lifecycle
//! (order, delete, quota, SSL verification), the settings and the DCV
//! delegation UUID are modelled: they answer from the zones, which start
//! from the fragment's examples. Every other operation of the fragment,
//! including any it gains, answers the first example of its first success
//! response, or, without one, a 501 recorded as a violation.

use std::time::SystemTime;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::check::{Problem, Routed};
use crate::codes;
use crate::envelope::{failure_response, json_response, rate_limited};
use crate::generated_operations::OperationId;
use crate::spec::Spec;
use crate::state::{Failure, State, Upcoming};
use crate::zones::{Documented, Outcome, Zones};

/// What a request that passed the checks gets.
#[derive(Debug)]
pub(crate) enum Answered {
    /// This answer.
    Respond(ResponseTemplate),
    /// None: the connection is closed (`Reply::drop_connection`).
    DropConnection,
}

/// The zones a mock starts with: the default zone holds the documented
/// pack, and every zone the documented settings and DCV delegation UUID,
/// the `result`s of the fragment's examples.
pub(crate) fn documented_zones(spec: &Spec) -> Zones {
    let result = |operation: OperationId| {
        spec.operation_by_id(operation.as_str())
            .and_then(|operation| operation.success_example())
            .map_or(Value::Null, |(_, example)| example.value["result"].clone())
    };
    let uuid = result(OperationId::GetDcvDelegationUuid);
    Zones::new(Documented {
        pack: result(OperationId::EditCertificatePack),
        ssl_automatic_mode: result(OperationId::EditSslAutomaticMode),
        universal_ssl: result(OperationId::GetUniversalSslSettings),
        dcv_delegation_uuid: uuid["uuid"].as_str().unwrap_or_default().to_owned(),
    })
}

/// Whether `routed`, a request that passed the checks, is to be answered
/// by dropping the connection: what [`answer`] would do, decided without
/// taking anything, for the server to drop it before wiremock answers.
pub(crate) fn drops_connection(state: &State, routed: &Routed<'_>) -> bool {
    state.upcoming(&routed.operation.operation_id) == Upcoming::DropConnection
}

/// The answer to `routed`, a request that passed the checks: the
/// operation's rate limit first, then its reply, with its delay and
/// headers. A failure reply that is `carried_out` first does what the
/// success answer would (an ambiguous failure). A problem when there is
/// nothing to answer with.
pub(crate) fn answer(
    state: &mut State,
    routed: &Routed<'_>,
    now: SystemTime,
) -> Result<Answered, Problem> {
    let stateful = state.stateful;
    let reply = state.reply_mut(&routed.operation.operation_id);
    let delay = reply.delay;
    let headers = reply.headers.clone();
    let respond = |template: ResponseTemplate| {
        Ok(Answered::Respond(
            with_headers(template, &headers).set_delay(delay),
        ))
    };
    if let Some(limit) = &mut reply.rate_limit
        && limit.remaining > 0
    {
        limit.remaining -= 1;
        return respond(rate_limited(limit.retry_after));
    }
    let Some(failure) = reply.failure.clone() else {
        return respond(success(state, routed, stateful, now)?);
    };
    let carried_out = reply.carried_out;
    reply.count_failure();
    if carried_out {
        // The request takes effect; the failure below is its answer all
        // the same, and a problem of the success path is not reported.
        let _effect = success(state, routed, stateful, now);
    }
    match failure {
        Failure::Envelope { status, errors } => respond(failure_response(
            status,
            errors,
            failure_result(state, routed),
        )),
        Failure::Raw {
            status,
            content_type,
            body,
        } => {
            let template = ResponseTemplate::new(status);
            respond(if content_type.is_empty() {
                template.set_body_bytes(body)
            } else {
                template.set_body_raw(body, &content_type)
            })
        }
        Failure::DropConnection => Ok(Answered::DropConnection),
    }
}

/// The success answer: a modelled operation's from the zone the request
/// names (in stateful mode after a PATCH changed it), any other's the
/// fragment's example.
fn success(
    state: &mut State,
    routed: &Routed<'_>,
    stateful: bool,
    now: SystemTime,
) -> Result<ResponseTemplate, Problem> {
    let operation = routed.operation;
    let example = operation.success_example();
    let Some(outcome) = modelled(&mut state.zones, routed, stateful, now) else {
        return match example {
            Some((status, example)) => Ok(json_response(status, &example.value)),
            None => Err(Problem::new(
                501,
                codes::NO_ROUTE,
                format!(
                    "the fragment documents {} (operationId {:?}) with no example on its success response, and cloudflare-ssl-mock does not model it: add an example to the fragment, or give the operation a failure reply",
                    operation.headline(),
                    operation.operation_id
                ),
            )),
        };
    };
    Ok(match outcome {
        Outcome::Success {
            result,
            result_info,
        } => {
            // The documented envelope (the page's `errors` and `messages`
            // around the result), or a plain one for an operation without
            // an example.
            let mut envelope = match example {
                Some((_, documented)) if documented.value.is_object() => documented.value.clone(),
                _ => json!({ "success": true, "errors": [], "messages": [] }),
            };
            envelope["result"] = result;
            if let Some(info) = result_info {
                envelope["result_info"] = info;
            }
            json_response(200, &envelope)
        }
        Outcome::Failure {
            status,
            errors,
            result,
        } => failure_response(status, errors, result),
        Outcome::RateLimited(retry_after) => rate_limited(retry_after),
    })
}

/// What a modelled operation does to the zone the request names, and
/// answers; `None` for an operation the mock does not model. PATCHes read
/// their body only in stateful mode (without it they change nothing);
/// orders and deletes change the zone in either mode.
fn modelled(
    zones: &mut Zones,
    routed: &Routed<'_>,
    stateful: bool,
    now: SystemTime,
) -> Option<Outcome> {
    let zone_id = routed.param("zone_id");
    let pack_id = routed.param("certificate_pack_id");
    let patch = routed.body.as_ref().filter(|_| stateful);
    Some(
        match OperationId::from_fragment(&routed.operation.operation_id)? {
            OperationId::GetCertificatePack => zones.reached(zone_id).get_pack(pack_id),
            OperationId::EditCertificatePack => zones.reached(zone_id).edit_pack(pack_id, patch),
            OperationId::ListCertificatePacks => zones.reached(zone_id).list_packs(&routed.query),
            OperationId::OrderCertificatePack => {
                let id = zones.new_pack_id();
                let order = routed.body.as_ref().unwrap_or(&Value::Null);
                zones.reached(zone_id).order(id, order)
            }
            OperationId::DeleteCertificatePack => zones.reached(zone_id).delete_pack(pack_id),
            OperationId::GetCertificatePackQuotas => zones.reached(zone_id).quota(),
            OperationId::GetSslVerification => zones.reached(zone_id).verification(),
            OperationId::EditSslVerification => {
                zones.reached(zone_id).edit_verification(pack_id, patch)
            }
            OperationId::GetDcvDelegationUuid => zones.reached(zone_id).get_dcv_delegation_uuid(),
            OperationId::GetUniversalSslSettings => zones.reached(zone_id).get_universal_ssl(),
            OperationId::EditUniversalSslSettings => {
                zones.reached(zone_id).edit_universal_ssl(patch)
            }
            OperationId::GetSslAutomaticMode => zones.reached(zone_id).get_setting(),
            OperationId::EditSslAutomaticMode => zones.reached(zone_id).edit_setting(patch, now),
            _ => return None,
        },
    )
}

/// The `result` of a failure reply: like the documented 1008 failure, an
/// Automatic SSL/TLS operation echoes the zone's setting; the others carry
/// none.
fn failure_result(state: &mut State, routed: &Routed<'_>) -> Value {
    match OperationId::from_fragment(&routed.operation.operation_id) {
        Some(OperationId::GetSslAutomaticMode | OperationId::EditSslAutomaticMode) => state
            .zones
            .reached(routed.param("zone_id"))
            .ssl_automatic_mode
            .clone(),
        _ => Value::Null,
    }
}

fn with_headers(template: ResponseTemplate, headers: &[(String, String)]) -> ResponseTemplate {
    headers.iter().fold(template, |template, (name, value)| {
        template.append_header(name.as_str(), value.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_round_trips_through_its_id() {
        for operation in OperationId::ALL {
            assert_eq!(
                OperationId::from_fragment(operation.as_str()),
                Some(*operation)
            );
        }
        assert_eq!(OperationId::from_fragment("edit_zone"), None);
        assert_eq!(OperationId::from_fragment(""), None);
    }

    /// The two generated files come from one model: a stale one fails here.
    #[test]
    fn the_enum_and_the_model_list_the_same_operations() {
        let spec = Spec::new();
        let model: Vec<&str> = spec
            .operations()
            .iter()
            .map(|op| op.operation_id.as_str())
            .collect();
        let listed: Vec<&str> = OperationId::ALL.iter().map(|op| op.as_str()).collect();
        assert_eq!(listed, model);
    }

    #[test]
    fn the_default_zone_starts_with_the_documented_pack_and_setting() {
        let mut zones = documented_zones(&Spec::new());
        let zone = zones.reached("any zone");
        assert_eq!(zone.packs.len(), 1);
        assert_eq!(zone.packs[0].id, crate::documented::CERTIFICATE_PACK_ID);
        assert_eq!(zone.packs[0].json["status"], "initializing");
        assert_eq!(zone.ssl_automatic_mode["value"], "auto");
    }
}
