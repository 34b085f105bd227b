//! The call's span, with the `tracing` feature; nothing without it.
//!
//! One `cloudflare_ssl.call` span per call, at info level, with the
//! operation, the attempt number, the last status and `cf-ray`, and the
//! elapsed time; a debug event per response. No credential and no body is
//! ever recorded (the credentials live in the HTTP client's default
//! headers, which nothing here reads).

#[cfg(feature = "tracing")]
mod enabled {
    use std::time::Instant;

    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;
    use tracing::field::Empty;

    use crate::error::Error;

    pub(crate) struct CallSpan {
        span: tracing::Span,
        started: Instant,
    }

    impl CallSpan {
        pub(crate) fn new(operation: &'static str) -> Self {
            let span = tracing::info_span!(
                "cloudflare_ssl.call",
                operation,
                attempt = Empty,
                status = Empty,
                cf_ray = Empty,
                elapsed_ms = Empty,
                outcome = Empty,
            );
            Self {
                span,
                started: Instant::now(),
            }
        }

        pub(crate) fn instrument<F: Future>(
            &self,
            future: F,
        ) -> tracing::instrument::Instrumented<F> {
            tracing::Instrument::instrument(future, self.span.clone())
        }

        pub(crate) fn attempt(&self, attempt: u32) {
            self.span.record("attempt", attempt);
        }

        pub(crate) fn response(&self, status: StatusCode, headers: &HeaderMap) {
            let cf_ray = crate::exchange::cf_ray_value(headers);
            self.span.record("status", status.as_u16());
            if let Some(cf_ray) = cf_ray {
                self.span.record("cf_ray", cf_ray);
            }
            tracing::debug!(parent: &self.span, status = status.as_u16(), cf_ray, "response");
        }

        pub(crate) fn finish<T>(&self, outcome: &Result<T, Error>) {
            let elapsed = self.started.elapsed();
            self.span
                .record("elapsed_ms", elapsed.as_secs_f64() * 1000.0);
            match outcome {
                Ok(_) => self.span.record("outcome", "ok"),
                // An error's `Display` holds no credential (see `Error`).
                Err(error) => self.span.record("outcome", tracing::field::display(error)),
            };
        }
    }
}

#[cfg(not(feature = "tracing"))]
mod enabled {
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    use crate::error::Error;

    /// Without the `tracing` feature: nothing, at no cost.
    pub(crate) struct CallSpan;

    impl CallSpan {
        pub(crate) fn new(_operation: &'static str) -> Self {
            Self
        }

        pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        pub(crate) fn attempt(&self, _attempt: u32) {}

        pub(crate) fn response(&self, _status: StatusCode, _headers: &HeaderMap) {}

        pub(crate) fn finish<T>(&self, _outcome: &Result<T, Error>) {}
    }
}

pub(crate) use enabled::CallSpan;
