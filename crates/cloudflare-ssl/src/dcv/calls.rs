//! The DCV composites as [`Client`] methods: reading a zone's plan, and its
//! delegation records for hosts not ordered yet. Thin: the plan and the
//! records are made by `plan.rs` and `delegation.rs`, which name no client.

use std::fmt;

use super::delegation::{DelegatedHosts, DelegationError, delegation_records};
use super::plan::DcvPlan;
use super::record::DcvRecord;
use crate::client::Client;
use crate::error::Error;
use crate::generated_open_enums::CertificatePackListStatus;
use crate::generated_queries::{GetSslVerificationQuery, ListCertificatePacksQuery};
use crate::generated_types::CertificatePack;
use crate::pages::ListingError;

/// The DCV composites.
impl Client {
    /// The zone's DCV plan: lists every pack (`status=all`, every page,
    /// 50 a page) and, when any is being validated, reads
    /// `/ssl/verification` (without `retry`, so nothing is rechecked) for
    /// the records it adds. See [`DcvPlan::new`].
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_ssl::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let plan = client.dcv_plan("023e105f4ecef8ad9ca31a8372d0c353").await?;
    /// print!("{}", plan.to_zone_file());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn dcv_plan(&self, zone_id: &str) -> Result<DcvPlan, PlanError> {
        let query = ListCertificatePacksQuery::new()
            .status(CertificatePackListStatus::All)
            .per_page(50);
        let packs = self
            .list_certificate_packs_pages(zone_id, query)
            .collect_all()
            .await
            .map_err(PlanError::Listing)?;
        let verification = if packs.iter().any(|pack| pack.status.is_validating()) {
            self.get_ssl_verification(zone_id, GetSslVerificationQuery::new())
                .await
                .map_err(PlanError::Verification)?
        } else {
            Vec::new()
        };
        Ok(DcvPlan::new(zone_id, &packs, &verification))
    }

    /// The delegation CNAMEs of `hosts` in the zone: reads the zone's DCV
    /// delegation UUID, then [`delegation_records`].
    pub async fn dcv_delegation_records(
        &self,
        zone_id: &str,
        hosts: &DelegatedHosts,
    ) -> Result<Vec<DcvRecord>, DelegationError> {
        let uuid = self.get_dcv_delegation_uuid(zone_id).await?.uuid;
        let uuid = uuid.ok_or(DelegationError::NoUuid)?;
        delegation_records(&uuid, hosts)
    }
}

/// Why a zone's DCV plan could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum PlanError {
    /// The pack listing failed or ended before every pack was seen: a plan
    /// from part of the packs could leave records out.
    Listing(ListingError<CertificatePack>),
    /// Reading `/ssl/verification` failed.
    Verification(Error),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Listing(error) => write!(f, "listing the certificate packs: {error}"),
            Self::Verification(error) => write!(f, "reading /ssl/verification: {error}"),
        }
    }
}

impl std::error::Error for PlanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Listing(error) => Some(error),
            Self::Verification(error) => Some(error),
        }
    }
}
