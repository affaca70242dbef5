//! Just enough DER to give a client certificate several `O` attributes.
//!
//! rcgen 0.14's `DistinguishedName` holds one value per attribute type (rustls/rcgen#81), but
//! Kubernetes reads every subject `O` as a group. For a subject with several groups, rcgen
//! issues the certificate and [`replace_subject`] swaps in the full subject and signs the
//! TBSCertificate again with the same CA key and algorithm.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rcgen::SigningKey;

use crate::PkiError;

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const BIT_STRING: u8 = 0x03;
const UTF8_STRING: u8 = 0x0c;
const OID_COMMON_NAME: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];
const OID_ORGANIZATION: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x0a];
/// Position of `subject` among the TBSCertificate fields: version, serialNumber, signature,
/// issuer, validity, subject (rcgen always writes the explicit v3 version).
const SUBJECT_INDEX: usize = 5;

/// The DER Name `O=groups[0], …, O=groups[n-1], CN=user`, one attribute per RDN, UTF8String.
pub(crate) fn subject_name(user: &str, groups: &[&str]) -> Vec<u8> {
    let mut rdns = Vec::new();
    let attributes = groups
        .iter()
        .map(|g| (OID_ORGANIZATION, *g))
        .chain([(OID_COMMON_NAME, user)]);
    for (oid, value) in attributes {
        let mut atv = oid.to_vec();
        tlv(UTF8_STRING, value.as_bytes(), &mut atv);
        let mut rdn = Vec::new();
        tlv(SEQUENCE, &atv, &mut rdn);
        tlv(SET, &rdn, &mut rdns);
    }
    let mut name = Vec::new();
    tlv(SEQUENCE, &rdns, &mut name);
    name
}

/// Replaces the subject of the certificate `cert` with the DER Name `subject` and re-signs it
/// with `key` (which must be the issuer's key: the signature algorithm field is kept).
pub(crate) fn replace_subject(
    cert: &[u8],
    subject: &[u8],
    key: &impl SigningKey,
) -> Result<Vec<u8>, PkiError> {
    let malformed = || PkiError::ParseCert("malformed DER from rcgen".into());
    let (_, outer, rest) = read_tlv(cert, SEQUENCE).ok_or_else(malformed)?;
    if !rest.is_empty() {
        return Err(malformed());
    }
    let (_, tbs, after_tbs) = read_tlv(outer, SEQUENCE).ok_or_else(malformed)?;
    let (sig_alg, _, _) = read_tlv(after_tbs, SEQUENCE).ok_or_else(malformed)?;

    let mut fields = Vec::new();
    let mut input = tbs;
    let mut index = 0;
    while !input.is_empty() {
        let (whole, _, rest) = read_any_tlv(input).ok_or_else(malformed)?;
        if index == SUBJECT_INDEX {
            if whole.first() != Some(&SEQUENCE) {
                return Err(malformed());
            }
            fields.extend_from_slice(subject);
        } else {
            fields.extend_from_slice(whole);
        }
        input = rest;
        index += 1;
    }
    if index <= SUBJECT_INDEX {
        return Err(malformed());
    }
    let mut new_tbs = Vec::new();
    tlv(SEQUENCE, &fields, &mut new_tbs);
    let signature = key.sign(&new_tbs).map_err(|source| PkiError::Generate {
        what: "client certificate signature",
        source,
    })?;
    let mut bits = vec![0u8]; // no unused bits
    bits.extend_from_slice(&signature);

    let mut body = new_tbs;
    body.extend_from_slice(sig_alg);
    tlv(BIT_STRING, &bits, &mut body);
    let mut out = Vec::new();
    tlv(SEQUENCE, &body, &mut out);
    Ok(out)
}

/// PEM text of a DER certificate.
pub(crate) fn certificate_pem(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

fn tlv(tag: u8, value: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(value);
}

/// One TLV with the expected single-byte `tag`: (whole TLV, value, rest of input).
fn read_tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8], &[u8])> {
    read_any_tlv(input).filter(|(whole, _, _)| whole[0] == tag)
}

fn read_any_tlv(input: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags never occur in a certificate's top levels
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = input.len() - rest.len();
    Some((&input[..header + len], &rest[..len], &rest[len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlv_round_trip_and_long_lengths() {
        for len in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let value = vec![7u8; len];
            let mut out = Vec::new();
            tlv(SEQUENCE, &value, &mut out);
            out.extend_from_slice(b"tail");
            let (whole, v, rest) = read_tlv(&out, SEQUENCE).unwrap();
            assert_eq!((v.len(), rest, whole.len() + 4), (len, &b"tail"[..], out.len()));
        }
        assert!(read_tlv(&[0x30, 0x05, 1, 2], SEQUENCE).is_none());
        assert!(read_tlv(&[0x31, 0x00], SEQUENCE).is_none());
    }

    #[test]
    fn name_parses_with_x509_parser() {
        use x509_parser::prelude::{FromDer, X509Name};
        let der = subject_name("alice", &["dev", "ops"]);
        let (rest, name) = X509Name::from_der(&der).unwrap();
        assert!(rest.is_empty());
        assert_eq!(name.to_string(), "O=dev, O=ops, CN=alice");
    }
}
