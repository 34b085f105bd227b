//! Checking a received request against the OpenAPI fragment: route,
//! method, path parameters, query, credentials, content type and body.
//!
//! This module runs the checks in order and says what they found; each
//! concern lives in its own file: [`routes`] (paths, methods, path
//! parameters), [`query`] (query parameters), [`auth`] (credentials) and
//! [`body`] (content type and body schema), on the request as
//! [`request`] gives it to them. Nothing here knows one operation from
//! another: every check reads the operation's model.

mod auth;
mod body;
mod query;
mod request;
mod routes;

pub(crate) use auth::ExpectedAuth;
pub(crate) use request::{Incoming, Problem, Routed};
pub(crate) use routes::Routes;

impl Routes {
    /// Checks `request`: the operation it reaches (if any) and every problem.
    pub fn check(
        &self,
        request: &Incoming<'_>,
        expected: &ExpectedAuth,
    ) -> (Option<Routed<'_>>, Vec<Problem>) {
        let mut problems = Vec::new();
        let found = self.route(request, &mut problems);
        auth::check(request, expected, &mut problems);
        let Some(found) = found else {
            return (None, problems);
        };
        let body = body::check(
            self.spec(),
            request,
            found.endpoint.body.as_ref(),
            &mut problems,
        );
        (
            Some(Routed {
                operation: found.operation,
                params: found.params,
                query: found.query,
                body,
            }),
            problems,
        )
    }
}
