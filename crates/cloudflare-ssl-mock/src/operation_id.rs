//! The operations the mock models, as an enum. The fragment names an
//! operation by its `operationId` string; the mock reads that string once,
//! when it builds its routes, and from then on every place that treats the
//! operations differently matches on this enum exhaustively. A new
//! operation in the fragment therefore cannot fall into another one's arm:
//! until it is added here, requests to it are refused with a message
//! saying the mock does not model it (see `check::routes`), and adding it
//! here makes the compiler list every place that must learn about it.

/// An operation of the fragment that the mock answers.
///
/// `pub` only so that the sealed side of the public `OperationKind` trait
/// can carry it; the module is private, so nothing outside the crate can
/// name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationId {
    /// `GET /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`.
    GetCertificatePack,
    /// `GET /zones/{zone_id}/ssl/certificate_packs`.
    ListCertificatePacks,
    /// `PATCH /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}`.
    EditCertificatePack,
    /// `GET /zones/{zone_id}/settings/ssl_automatic_mode`.
    GetSslAutomaticMode,
    /// `PATCH /zones/{zone_id}/settings/ssl_automatic_mode`.
    EditSslAutomaticMode,
}

impl OperationId {
    /// Every operation, so that the one string per operation lives in
    /// [`as_str`](Self::as_str) alone.
    pub(crate) const ALL: [Self; 5] = [
        Self::GetCertificatePack,
        Self::ListCertificatePacks,
        Self::EditCertificatePack,
        Self::GetSslAutomaticMode,
        Self::EditSslAutomaticMode,
    ];

    /// The operation's place in [`ALL`](Self::ALL).
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The operation the fragment's `operationId` `id` names, if the mock
    /// models it.
    pub(crate) fn from_fragment(id: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|operation| operation.as_str() == id)
    }

    /// The fragment's `operationId`.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::GetCertificatePack => "get_certificate_pack",
            Self::ListCertificatePacks => "list_certificate_packs",
            Self::EditCertificatePack => "edit_certificate_pack",
            Self::GetSslAutomaticMode => "get_ssl_automatic_mode",
            Self::EditSslAutomaticMode => "edit_ssl_automatic_mode",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::OperationId;
    use crate::spec::Spec;

    #[test]
    fn every_operation_round_trips_through_its_id() {
        for (index, operation) in OperationId::ALL.into_iter().enumerate() {
            assert_eq!(operation.index(), index);
            assert_eq!(
                OperationId::from_fragment(operation.as_str()),
                Some(operation)
            );
        }
        assert_eq!(OperationId::from_fragment("edit_zone"), None);
        assert_eq!(OperationId::from_fragment(""), None);
    }

    /// When the fragment gains an operation, this fails until the mock
    /// models it, rather than the mock refusing it at run time.
    #[test]
    fn every_operation_of_the_fragment_is_modelled() {
        let spec = Spec::fragment();
        let paths = spec.document()["paths"]
            .as_object()
            .expect("the fragment has paths");
        let ids: Vec<&str> = paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .filter_map(|operation| operation.get("operationId").and_then(Value::as_str))
            .collect();
        assert_eq!(ids.len(), OperationId::ALL.len(), "{ids:?}");
        for id in ids {
            assert!(
                OperationId::from_fragment(id).is_some(),
                "the fragment's operation {id:?} is not modelled by the mock"
            );
        }
    }
}
