//! The one `$ref` resolver of the workspace: the operation model of the
//! fragment, the generated files and `cargo xtask upstream` all follow
//! references here, and nothing else knows how a reference is spelled.
//!
//! A reference chain (`A` → `B` → …) is followed to its end; keys standing
//! beside a `$ref` are kept (Cloudflare's spec puts `minLength` and
//! `example` there, and its generator honours them) and win over the
//! target's. A chain that loops, leaves the document or points nowhere is
//! an [`Unresolved`] error. Recursion *through* a schema (a property whose
//! type is its parent) is the caller's to stop: [`Followed::refs`] says
//! which references a node went through.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value};

/// Where the named schemas of a document live, as a `$ref` spells it.
const SCHEMAS: &str = "#/components/schemas/";

/// A document references are followed in, and its name for messages.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    pub label: &'a str,
    pub json: &'a Value,
}

/// A reference that cannot be followed: in which document, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub document: String,
    pub what: String,
}

impl Unresolved {
    fn new(document: Document<'_>, what: impl Into<String>) -> Self {
        Self {
            document: document.label.to_owned(),
            what: what.into(),
        }
    }
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.document, self.what)
    }
}

/// The end of a reference chain: the target's keys, overlaid by the sibling
/// keys met on the way (the nearest sibling wins).
#[derive(Debug)]
pub struct Followed<'a> {
    target: &'a Map<String, Value>,
    /// Nearest first.
    siblings: Vec<&'a Map<String, Value>>,
    /// The `$ref`s followed, first to last (empty when the node had none).
    pub refs: Vec<&'a str>,
}

impl<'a> Followed<'a> {
    /// The value of `key`, from the nearest sibling that has it, else the target.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.siblings
            .iter()
            .find_map(|map| map.get(key))
            .or_else(|| self.target.get(key))
    }

    /// The JSON pointer of the chain's end, when the node was a reference.
    pub fn target_pointer(&self) -> Option<&'a str> {
        self.refs.last().and_then(|r| r.strip_prefix('#'))
    }

    /// Every key once (never `$ref`), sorted, with the value `get` gives.
    pub fn entries(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + '_ {
        let keys: BTreeSet<&'a str> = std::iter::once(self.target)
            .chain(self.siblings.iter().copied())
            .flat_map(|map| map.keys().map(String::as_str))
            .filter(|key| *key != "$ref")
            .collect();
        keys.into_iter()
            .filter_map(|key| self.get(key).map(|value| (key, value)))
    }
}

/// Follows `node`'s `$ref` chain in `document`. Only local references
/// (`#/…`) are followed.
pub fn follow<'a>(document: Document<'a>, node: &'a Value) -> Result<Followed<'a>, Unresolved> {
    let mut refs: Vec<&'a str> = Vec::new();
    let mut siblings: Vec<&'a Map<String, Value>> = Vec::new();
    let mut current = node;
    while let Some(reference) = current.get("$ref") {
        let Some(reference) = reference.as_str() else {
            return Err(Unresolved::new(document, "a `$ref` that is not a string"));
        };
        if refs.contains(&reference) {
            return Err(Unresolved::new(
                document,
                format!("`$ref` cycle: {} → {reference}", refs.join(" → ")),
            ));
        }
        if let Some(map) = current.as_object() {
            siblings.push(map);
        }
        refs.push(reference);
        current = target(document, reference)?;
    }
    let Some(target) = current.as_object() else {
        let place = refs.last().copied().unwrap_or("an inline value");
        return Err(Unresolved::new(
            document,
            format!("{place} is not a JSON object"),
        ));
    };
    Ok(Followed {
        target,
        siblings,
        refs,
    })
}

/// The value a local `$ref` points at.
fn target<'a>(document: Document<'a>, reference: &str) -> Result<&'a Value, Unresolved> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(Unresolved::new(
            document,
            format!(
                "`$ref: {reference}` points outside the document; only local references are followed"
            ),
        ));
    };
    document.json.pointer(pointer).ok_or_else(|| {
        Unresolved::new(
            document,
            format!("`$ref: {reference}` points at nothing in the document"),
        )
    })
}

/// `schema` with every reference replaced by what it names, all the way
/// down: a self-contained schema for places that cannot follow references
/// (the fake Cloudflare and the conformance suite read the generated copy).
/// Sibling keys win over the target's, as in [`follow`]. A schema that
/// contains itself cannot be written out and is refused.
pub fn inline(document: Document<'_>, schema: &Value) -> Result<Value, Unresolved> {
    inline_within(document, schema, &mut Vec::new())
}

fn inline_within<'a>(
    document: Document<'a>,
    node: &'a Value,
    inside: &mut Vec<&'a str>,
) -> Result<Value, Unresolved> {
    match node {
        Value::Object(map) if map.contains_key("$ref") => {
            let followed = follow(document, node)?;
            if let Some(again) = followed.refs.iter().find(|r| inside.contains(r)) {
                return Err(Unresolved::new(
                    document,
                    format!("`$ref: {again}` contains itself and cannot be written out"),
                ));
            }
            let depth = inside.len();
            inside.extend(followed.refs.iter().copied());
            let mut out = Map::new();
            for (key, value) in followed.entries() {
                out.insert(key.to_owned(), inline_within(document, value, inside)?);
            }
            inside.truncate(depth);
            Ok(Value::Object(out))
        }
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| Ok((key.clone(), inline_within(document, value, inside)?)))
            .collect::<Result<Map<_, _>, _>>()
            .map(Value::Object),
        Value::Array(items) => items
            .iter()
            .map(|item| inline_within(document, item, inside))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// The component schema `node` refers to directly (`{"$ref": …}`), if any.
pub fn component_name(node: &Value) -> Option<&str> {
    node.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

/// A reference to the component schema `name`.
pub fn component_ref(name: &str) -> Value {
    Value::from_iter([("$ref".to_owned(), Value::from(format!("{SCHEMAS}{name}")))])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc(json: &Value) -> Document<'_> {
        Document {
            label: "test.json",
            json,
        }
    }

    #[test]
    fn a_chain_is_followed_and_siblings_win() {
        let json = json!({
            "components": { "schemas": {
                "A": { "$ref": "#/components/schemas/B", "maxLength": 5 },
                "B": { "type": "string", "maxLength": 32 }
            }},
            "node": { "$ref": "#/components/schemas/A" }
        });
        let followed = follow(doc(&json), &json["node"]).expect("follows");
        assert_eq!(followed.get("maxLength"), Some(&json!(5)));
        assert_eq!(followed.get("type"), Some(&json!("string")));
        assert_eq!(followed.refs.len(), 2);
        assert_eq!(followed.target_pointer(), Some("/components/schemas/B"));
    }

    #[test]
    fn loops_dangling_and_outside_references_are_errors() {
        let json = json!({
            "components": { "schemas": {
                "A": { "$ref": "#/components/schemas/B" },
                "B": { "$ref": "#/components/schemas/A" }
            }},
            "loop": { "$ref": "#/components/schemas/A" },
            "dangling": { "$ref": "#/components/schemas/C" },
            "outside": { "$ref": "other.json#/x" }
        });
        for (node, expected) in [
            ("loop", "`$ref` cycle"),
            ("dangling", "points at nothing"),
            ("outside", "points outside the document"),
        ] {
            let error = follow(doc(&json), &json[node]).expect_err(node);
            assert!(error.what.contains(expected), "{node}: {error}");
            assert_eq!(error.document, "test.json");
        }
    }

    #[test]
    fn inlining_writes_every_reference_out_and_refuses_a_schema_inside_itself() {
        let json = json!({
            "components": { "schemas": {
                "Pack": { "type": "object", "properties": { "id": { "$ref": "#/components/schemas/Id" } } },
                "Id": { "type": "string", "maxLength": 32 },
                "Tree": { "type": "object", "properties": { "child": { "$ref": "#/components/schemas/Tree" } } }
            }}
        });
        let inlined = inline(doc(&json), &component_ref("Pack")).expect("inlines");
        assert_eq!(
            inlined,
            json!({ "type": "object", "properties": { "id": { "type": "string", "maxLength": 32 } } })
        );
        let error = inline(doc(&json), &component_ref("Tree")).expect_err("recursive");
        assert!(error.what.contains("contains itself"), "{error}");
    }

    #[test]
    fn component_names_round_trip_through_references() {
        assert_eq!(component_name(&component_ref("Pack")), Some("Pack"));
        assert_eq!(component_name(&json!({ "type": "string" })), None);
        assert_eq!(
            component_name(&json!({ "$ref": "#/components/responses/X" })),
            None
        );
    }
}
