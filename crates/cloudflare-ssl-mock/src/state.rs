//! The state behind a mock, which its handles change and its responder
//! answers from: each operation's reply, the zones, and what was received.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;

use crate::check::{ExpectedAuth, Routes};
use crate::recorded::{RecordedRequest, Violation};
use crate::zones::Zones;

/// How an operation fails a request that passed the checks, instead of
/// its success answer.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// A failure envelope with these `errors[]` entries.
    Envelope { status: u16, errors: Vec<Value> },
    /// Exactly these bytes.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// No answer at all: the connection is closed once the request has
    /// been read (see `server.rs`).
    DropConnection,
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
    /// `None`: the success answer (the modelled resource, or the
    /// fragment's example).
    pub failure: Option<Failure>,
    pub delay: Duration,
    pub rate_limit: Option<RateLimit>,
    /// Extra headers on every answer (`cf-ray`, `Ratelimit`, …), in order.
    pub headers: Vec<(String, String)>,
    /// Whether a request answered with the `failure` is carried out
    /// first, as the success answer would be.
    pub carried_out: bool,
    /// How many more requests the `failure` answers before the reply goes
    /// back to the success answer; `None`: until a test changes it.
    pub failures_left: Option<u32>,
}

/// What the next request of an operation that passed the checks gets,
/// before anything is taken: one rule for the answer and for the check
/// that must drop a connection before wiremock answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Upcoming {
    /// A 429 of the reply's `rate_limited` count.
    RateLimited,
    /// The success answer.
    Success,
    /// A failure answer (an envelope or raw bytes).
    Failure,
    /// No answer: the connection is dropped.
    DropConnection,
}

impl ReplyState {
    pub fn upcoming(&self) -> Upcoming {
        if self.rate_limit.is_some_and(|limit| limit.remaining > 0) {
            return Upcoming::RateLimited;
        }
        match self.failure {
            None => Upcoming::Success,
            Some(Failure::Envelope { .. } | Failure::Raw { .. }) => Upcoming::Failure,
            Some(Failure::DropConnection) => Upcoming::DropConnection,
        }
    }

    /// Counts one failure answer off `failures_left`: the last one puts
    /// the reply back to the success answer.
    pub fn count_failure(&mut self) {
        if let Some(left) = &mut self.failures_left {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.failure = None;
                self.failures_left = None;
            }
        }
    }
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

    /// Whether any operation's reply is to drop connections now.
    pub fn drops_any(&self) -> bool {
        self.replies
            .values()
            .any(|reply| matches!(reply.failure, Some(Failure::DropConnection)))
    }

    /// What the next request of `operation_id` that passes the checks
    /// gets, without taking anything.
    pub fn upcoming(&self, operation_id: &str) -> Upcoming {
        self.replies
            .get(operation_id)
            .map_or(Upcoming::Success, ReplyState::upcoming)
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
