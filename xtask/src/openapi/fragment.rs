//! Loading the OpenAPI fragment, with errors that name the file, the place
//! in it and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::ordered::Ordered;
use super::resolve::Document;

/// The fragment as read from disk: its text (embedded in the client as it
/// is), raw JSON (for the open enums and the constraints), the parsed
/// OpenAPI document (for progenitor), and the text's hash.
#[derive(Debug)]
pub struct Fragment {
    pub path: PathBuf,
    pub text: String,
    pub json: Value,
    /// The same JSON with objects in the text's order.
    pub ordered: Ordered,
    pub spec: openapiv3::OpenAPI,
    pub sha256: String,
}

/// A fragment that cannot be turned into code.
#[derive(Debug)]
pub struct FragmentError {
    pub file: PathBuf,
    /// A JSON pointer, or `line L, column C` for syntax errors.
    pub location: String,
    pub reason: String,
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: at {}: {}",
            self.file.display(),
            self.location,
            self.reason
        )
    }
}

impl std::error::Error for FragmentError {}

/// `name` as one JSON-pointer segment (RFC 6901: `~` is `~0`, `/` is `~1`).
pub fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The first entry of `paths` or `components/schemas` that does not parse,
/// with the JSON pointer of the exact place.
fn locate_structural_error(json: &Value) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(
        json: &Value,
        map: &str,
    ) -> Option<(String, String)> {
        json.pointer(map)?
            .as_object()?
            .iter()
            .find_map(|(key, value)| {
                let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
                Some((
                    format!("{map}/{}{}", pointer_segment(key), pointer_of(error.path())),
                    error.inner().to_string(),
                ))
            })
    }
    first_error::<openapiv3::PathItem>(json, "/paths").or_else(|| {
        first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(json, "/components/schemas")
    })
}

/// A serde path as a JSON pointer suffix (`""` for the root).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => Some(format!("/{}", pointer_segment(key))),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {
                None
            }
        })
        .collect()
}

impl Fragment {
    pub fn load(path: &Path) -> Result<Self, FragmentError> {
        let error = |location: String, reason: String| FragmentError {
            file: path.to_owned(),
            location,
            reason,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| error("(file)".into(), format!("cannot read: {e}")))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| {
            error(
                format!("line {}, column {}", e.line(), e.column()),
                format!("not valid JSON: {e}"),
            )
        })?;

        let version = json
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or("(missing)");
        if !version.starts_with("3.0.") {
            return Err(error(
                "/openapi".into(),
                format!("version {version:?}: progenitor 0.15 reads OpenAPI 3.0.x only"),
            ));
        }

        let spec: openapiv3::OpenAPI = serde_path_to_error::deserialize(&json).map_err(|e| {
            // openapiv3 flattens its maps, which hides the key from the
            // error's path; parsing each entry alone finds the exact place.
            let (location, reason) = locate_structural_error(&json)
                .unwrap_or_else(|| (pointer_of(e.path()), e.inner().to_string()));
            error(location, format!("not an OpenAPI 3.0 document: {reason}"))
        })?;

        let sha256 = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // Valid JSON, so it reads in order too.
        let ordered = serde_json::from_str(&text)
            .map_err(|e| error("(file)".into(), format!("not valid JSON: {e}")))?;
        Ok(Self {
            path: path.to_owned(),
            text,
            json,
            ordered,
            spec,
            sha256,
        })
    }

    /// An error about the place `pointer` (a JSON pointer) in this fragment.
    pub fn error_at(&self, pointer: &str, reason: &str) -> FragmentError {
        FragmentError {
            file: self.path.clone(),
            location: pointer.to_owned(),
            reason: reason.to_owned(),
        }
    }

    /// The fragment as a document references are followed in.
    pub fn document(&self) -> Document<'_> {
        Document {
            label: self.path.to_str().unwrap_or("the fragment"),
            json: &self.json,
        }
    }

    /// The component schema `name`.
    pub fn component_schema(&self, name: &str) -> Result<&Value, FragmentError> {
        self.component_schemas()
            .find(|(candidate, _)| *candidate == name)
            .map(|(_, schema)| schema)
            .ok_or_else(|| {
                self.error_at(
                    &format!("/components/schemas/{}", pointer_segment(name)),
                    "referenced schema not found",
                )
            })
    }

    /// `components/schemas`, in the fragment's order.
    pub fn component_schemas(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.json
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| (name.as_str(), schema))
    }
}

/// The names a schema object lists under `required` (none when it lists
/// nothing or is not an object schema).
pub fn required_properties(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}
