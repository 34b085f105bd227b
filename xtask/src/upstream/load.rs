//! Reading a spec for `cargo xtask upstream`: a file, gunzipped when it
//! starts with the gzip magic bytes, parsed as JSON and accepted only as an
//! OpenAPI 3.0.x document. Everything that makes a file unusable is an
//! [`Unusable`] naming the file and what is wrong (exit 2), never a panic.

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::openapi::resolve::{Document, Unresolved};

/// A spec in memory: its JSON and the name to use for it in messages.
#[derive(Debug)]
pub struct Spec {
    pub label: String,
    pub json: Value,
}

/// An input the comparison cannot use: which file, and what is wrong with it.
#[derive(Debug, PartialEq, Eq)]
pub struct Unusable {
    pub file: String,
    pub what: String,
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.what)
    }
}

impl Unusable {
    pub fn new(file: &str, what: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            what: what.into(),
        }
    }
}

impl From<Unresolved> for Unusable {
    fn from(unresolved: Unresolved) -> Self {
        Self::new(&unresolved.document, unresolved.what)
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

impl Spec {
    /// The spec as a document references are followed in.
    pub fn document(&self) -> Document<'_> {
        Document {
            label: &self.label,
            json: &self.json,
        }
    }

    /// Reads `path`, gunzipping it when it is gzip (by content, not by name).
    pub fn read(path: &Path) -> Result<Self, Unusable> {
        let label = path.display().to_string();
        let raw =
            std::fs::read(path).map_err(|e| Unusable::new(&label, format!("cannot read: {e}")))?;
        Self::from_bytes(&label, &raw)
    }

    /// Parses `raw` (JSON, or gzip of JSON) and checks that it is OpenAPI 3.0.
    pub fn from_bytes(label: &str, raw: &[u8]) -> Result<Self, Unusable> {
        let unpacked;
        let bytes = if raw.starts_with(&GZIP_MAGIC) {
            let mut out = Vec::with_capacity(raw.len() * 12);
            flate2::read::GzDecoder::new(raw)
                .read_to_end(&mut out)
                .map_err(|e| Unusable::new(label, format!("not a valid gzip file: {e}")))?;
            unpacked = out;
            &unpacked[..]
        } else {
            raw
        };
        let json: Value = serde_json::from_slice(bytes).map_err(|e| {
            Unusable::new(
                label,
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Self::from_json(label, json)
    }

    /// Accepts `json` when it is an OpenAPI 3.0.x document with `paths`.
    pub fn from_json(label: &str, json: Value) -> Result<Self, Unusable> {
        let unusable = |what: String| Err(Unusable::new(label, what));
        if !json.is_object() {
            return unusable("not an OpenAPI document: the top level is not a JSON object".into());
        }
        if let Some(version) = json.get("swagger") {
            return unusable(format!(
                "a Swagger {version} document, not OpenAPI 3.0: convert it to OpenAPI 3.0 first"
            ));
        }
        match json.get("openapi") {
            Some(Value::String(version)) if version.starts_with("3.0.") => {}
            Some(version) => {
                return unusable(format!(
                    "`openapi` is {version}: only OpenAPI 3.0.x is compared (the fragment is 3.0.3)"
                ));
            }
            None => {
                return unusable("no `openapi` version key: not an OpenAPI 3.0 document".into());
            }
        }
        if !json.get("paths").is_some_and(Value::is_object) {
            return unusable("`paths` is missing or not an object".into());
        }
        Ok(Self {
            label: label.to_owned(),
            json,
        })
    }
}
