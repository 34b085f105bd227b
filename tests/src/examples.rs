//! The fragment's examples: each response example of
//! `openapi/cloudflare-ssl.openapi.json`, with its operation, its response
//! and its text. They are the one copy of the documented example
//! responses; `tests/fixtures/README.md` says where each comes from.

use serde_json::Value;

use crate::docs::Page;
use crate::model::{self, Example, Operation, Response};

/// One example of the fragment, where it sits.
#[derive(Debug, Clone, Copy)]
pub struct ExampleCase {
    /// The operation it is documented for.
    pub operation: &'static Operation,
    /// The response it is an example of.
    pub response: &'static Response,
    /// The example itself.
    pub example: &'static Example,
}

/// Every example of the fragment, in its order.
pub fn all() -> Vec<ExampleCase> {
    model::model()
        .examples()
        .map(|(operation, response, example)| ExampleCase {
            operation,
            response,
            example,
        })
        .collect()
}

/// The text of the example `name`: its JSON printed in the fragment's key
/// order, as the documentation pages print it (and as the mock serves it).
///
/// # Panics
/// When the fragment has no example of that name.
pub fn text(name: &str) -> &'static str {
    model::model()
        .examples()
        .find(|(_, _, example)| example.name == name)
        .map(|(_, _, example)| example.text.as_str())
        .unwrap_or_else(|| panic!("the fragment has no example {name}"))
}

impl ExampleCase {
    /// Its name in the fragment, also its snapshot's name.
    pub fn name(&self) -> &'static str {
        &self.example.name
    }

    /// See [`text`].
    pub fn text(&self) -> &'static str {
        text(self.name())
    }

    /// Its text parsed.
    ///
    /// # Panics
    /// When the text is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.text())
            .unwrap_or_else(|e| panic!("{}: the text is not JSON: {e}", self.describe()))
    }

    /// The page it is copied from, if any.
    pub fn page(&self) -> Option<Page> {
        self.example.documentation_page.as_deref().map(Page::named)
    }

    /// Where it is, for messages: `example <name> of <METHOD path> <status>`.
    pub fn describe(&self) -> String {
        format!(
            "example {} of {} {}",
            self.name(),
            self.operation.headline(),
            self.response.status
        )
    }
}
