//! Following `$ref`s inside one document, so that the comparison sees what a
//! reference means and never its name.
//!
//! A reference chain (`A` → `B` → …) is followed to its end; keys standing
//! beside a `$ref` are kept (Cloudflare's spec puts `minLength` and
//! `example` there, and its generator honours them) and win over the
//! target's. A chain that loops, leaves the document or points nowhere makes
//! the document unusable. Recursion *through* a schema (a property whose type
//! is its parent) is the model's job: it stops at a `$ref` it is already
//! inside.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::load::{Spec, Unusable};

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

/// Follows `node`'s `$ref` chain in `spec`. Only local references
/// (`#/components/...`) exist in the documents compared here.
pub fn follow<'a>(spec: &'a Spec, node: &'a Value) -> Result<Followed<'a>, Unusable> {
    let mut refs: Vec<&'a str> = Vec::new();
    let mut siblings: Vec<&'a Map<String, Value>> = Vec::new();
    let mut current = node;
    while let Some(reference) = current.get("$ref") {
        let Some(reference) = reference.as_str() else {
            return Err(Unusable::new(&spec.label, "a `$ref` that is not a string"));
        };
        if refs.contains(&reference) {
            return Err(Unusable::new(
                &spec.label,
                format!("`$ref` cycle: {} → {reference}", refs.join(" → ")),
            ));
        }
        if let Some(map) = current.as_object() {
            siblings.push(map);
        }
        refs.push(reference);
        current = target(spec, reference)?;
    }
    let Some(target) = current.as_object() else {
        let place = refs.last().copied().unwrap_or("an inline value");
        return Err(Unusable::new(
            &spec.label,
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
fn target<'a>(spec: &'a Spec, reference: &str) -> Result<&'a Value, Unusable> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(Unusable::new(
            &spec.label,
            format!(
                "`$ref: {reference}` points outside the document; only local references are followed"
            ),
        ));
    };
    spec.json.pointer(pointer).ok_or_else(|| {
        Unusable::new(
            &spec.label,
            format!("`$ref: {reference}` points at nothing in the document"),
        )
    })
}
