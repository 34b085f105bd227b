//! The CAA domain of each certificate authority Cloudflare orders from:
//! the issuer domain name a CAA `issue` or `issuewild` record must name for
//! that authority to issue.
//!
//! Source: Cloudflare's "Certificate authorities" reference
//! (developers.cloudflare.com/ssl/reference/certificate-authorities/,
//! section "CAA records"), whose table gives the CAA record content per
//! authority: Let's Encrypt `letsencrypt.org`, Google Trust Services
//! `pki.goog; cansignhttpexchanges=yes`, SSL.com `ssl.com`. The issuer
//! domain name is the part before `;` (RFC 8659 §4.2); the parameters after
//! it do not decide which authority may issue.

use crate::generated_open_enums::CertificateAuthority;

impl CertificateAuthority {
    /// The issuer domain name CAA records use for this authority
    /// (`letsencrypt.org`, `pki.goog`, `ssl.com`); `None` for a value this
    /// client does not know.
    pub fn caa_domain(&self) -> Option<&'static str> {
        match self {
            Self::LetsEncrypt => Some("letsencrypt.org"),
            Self::Google => Some("pki.goog"),
            Self::SslCom => Some("ssl.com"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::open_enum::OpenEnum;

    #[test]
    fn every_listed_authority_has_its_documented_caa_domain() {
        let table = [
            ("lets_encrypt", "letsencrypt.org"),
            ("google", "pki.goog"),
            ("ssl_com", "ssl.com"),
        ];
        let mut listed: Vec<&str> = table.iter().map(|(wire, _)| *wire).collect();
        listed.sort_unstable();
        let mut known = CertificateAuthority::KNOWN_WIRE_VALUES.to_vec();
        known.sort_unstable();
        assert_eq!(
            listed, known,
            "the table covers every authority the fragment lists"
        );
        for (wire, domain) in table {
            let authority: CertificateAuthority = wire.parse().expect("open enums parse anything");
            assert_eq!(authority.caa_domain(), Some(domain), "{wire}");
        }
        let unknown: CertificateAuthority = "digicert".parse().expect("parses");
        assert_eq!(unknown.caa_domain(), None);
    }
}
