//! The state behind a mock, which its handles change and its responder
//! answers from: each operation's reply, the zones, and what was received.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use crate::check::{ExpectedAuth, Routes};
use crate::recorded::{RecordedRequest, Violation};
use crate::zones::Zones;

/// What an operation answers once a request has passed the checks.
#[derive(Debug, Clone, Default)]
pub(crate) enum ReplyKind {
    /// The operation's success answer: the modelled resource, or the
    /// fragment's example.
    #[default]
    Success,
    /// A failure envelope with these `errors[]` entries.
    Failure { status: u16, errors: Vec<Value> },
    /// Exactly these bytes.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RateLimit {
    pub remaining: u32,
    pub retry_after: Duration,
}

/// One operation's reply, as its handle set it. The resources a success
/// answer carries are not here but in [`Zones`], shared by every operation
/// (a PATCH changes what the GET answers).
#[derive(Debug, Clone, Default)]
pub(crate) struct ReplyState {
    pub kind: ReplyKind,
    pub delay: Duration,
    pub rate_limit: Option<RateLimit>,
    /// Extra headers on every answer (`cf-ray`, `Ratelimit`, …), in order.
    pub headers: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct State {
    pub stateful: bool,
    /// By `operationId`; an operation nobody configured has none yet.
    replies: BTreeMap<String, ReplyState>,
    pub zones: Zones,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<Violation>,
}

impl State {
    pub fn new(stateful: bool, zones: Zones) -> Self {
        Self {
            stateful,
            replies: BTreeMap::new(),
            zones,
            requests: Vec::new(),
            violations: Vec::new(),
        }
    }

    /// The reply of the operation `operation_id`.
    pub fn reply_mut(&mut self, operation_id: &str) -> &mut ReplyState {
        self.replies.entry(operation_id.to_owned()).or_default()
    }
}

/// Everything a mock, its handles and its responder share.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    pub routes: Routes,
    pub expected: ExpectedAuth,
}

impl Shared {
    pub fn new(routes: Routes, expected: ExpectedAuth, state: State) -> Self {
        Self {
            state: Mutex::new(state),
            routes,
            expected,
        }
    }

    /// The state, even after a panic elsewhere poisoned the lock: a failed
    /// test must still be able to read what the mock saw.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
