//! What an `errors[]` or `messages[]` entry carries beyond its code and
//! message.
//!
//! The fragment marks `ResponseInfo` `additionalProperties: true`, so an
//! entry keeps every property Cloudflare sends in `extra`. Cloudflare nests
//! the real cause of some failures there, under `error_chain`: an
//! authentication failure 6003 "Invalid request headers" carries 6111
//! "Invalid format for Authorization header".

use crate::generated_types::ResponseInfo;

impl ResponseInfo {
    /// The entries under `error_chain`, in order, each read as an entry;
    /// empty when there is none. One that is not an entry (no `code` or
    /// `message`) is left out here, and stays in `extra["error_chain"]` as
    /// sent.
    pub fn error_chain(&self) -> Vec<ResponseInfo> {
        self.extra
            .get("error_chain")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|entry| serde::Deserialize::deserialize(entry).ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_chain_is_read_as_entries_and_other_properties_are_kept() {
        let entry: ResponseInfo = serde_json::from_value(json!({
            "code": 6003,
            "message": "Invalid request headers",
            "error_chain": [
                { "code": 6111, "message": "Invalid format for Authorization header" },
                { "not": "an entry" }
            ],
            "hint": "added tomorrow"
        }))
        .expect("an entry");
        let chain = entry.error_chain();
        assert_eq!(chain.len(), 1);
        assert_eq!(
            (chain[0].code, chain[0].message.as_str()),
            (6111, "Invalid format for Authorization header")
        );
        assert_eq!(entry.extra["hint"], "added tomorrow");
        assert_eq!(entry.extra["error_chain"].as_array().map(Vec::len), Some(2));
        let again = serde_json::to_value(&entry).expect("encodes");
        assert_eq!(again["hint"], "added tomorrow", "re-encoded as received");
        assert!(ResponseInfo::new(1000, "m".into()).error_chain().is_empty());
    }
}
