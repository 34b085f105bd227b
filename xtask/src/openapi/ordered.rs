//! JSON read and written in the order its text gives, for the places where
//! the order is the point: the documented examples are pretty-printed as
//! the documentation pages show them, so that the conformance suite can
//! compare them with the pages byte for byte. (`serde_json::Value` sorts
//! object keys in this workspace.)

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value whose objects keep their keys in the order read.
#[derive(Debug, Clone, PartialEq)]
pub enum Ordered {
    /// `null`, a boolean, a number or a string, as `serde_json` reads it.
    Scalar(serde_json::Value),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    /// The value at a JSON pointer (RFC 6901), as `Value::pointer` finds it.
    pub fn pointer(&self, pointer: &str) -> Option<&Ordered> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut current = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            current = match current {
                Ordered::Object(members) => &members.iter().find(|(key, _)| *key == token)?.1,
                Ordered::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                Ordered::Scalar(_) => return None,
            };
        }
        Some(current)
    }

    /// The object members, to change them; `None` when this is no object.
    pub fn members_mut(&mut self) -> Option<&mut Vec<(String, Ordered)>> {
        match self {
            Ordered::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The member `key` of an object, to change it.
    pub fn member_mut(&mut self, key: &str) -> Option<&mut Ordered> {
        self.members_mut()?
            .iter_mut()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// Pretty-printed with two spaces, as the documentation pages show
    /// JSON.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Ordered::Scalar(value) => value.serialize(serializer),
            Ordered::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = Ordered;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(serde_json::Value::Null))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(value.into()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(value.into()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Ordered, E> {
        Ok(Ordered::Scalar(value.into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ordered::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
        let mut members = Vec::new();
        while let Some(entry) = map.next_entry()? {
            members.push(entry);
        }
        Ok(Ordered::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_the_order_of_the_text_and_print_as_the_pages_do() {
        let text = r#"{"z": {"b": [1, 2.5, null], "a": "x"}, "m": true, "e": {}, "l": []}"#;
        let value: Ordered = serde_json::from_str(text).expect("JSON");
        assert_eq!(
            value.pretty(),
            "{\n  \"z\": {\n    \"b\": [\n      1,\n      2.5,\n      null\n    ],\n    \"a\": \"x\"\n  },\n  \"m\": true,\n  \"e\": {},\n  \"l\": []\n}"
        );
        assert_eq!(
            value.pointer("/z/b/1"),
            Some(&Ordered::Scalar(serde_json::json!(2.5)))
        );
        assert_eq!(value.pointer("/z/nothing"), None);
    }
}
