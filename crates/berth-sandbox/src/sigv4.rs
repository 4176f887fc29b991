//! Signature Version 4, checked: when the sandbox holds a key pair, every request must be
//! signed with it, as AWS requires, so only a client that holds the secret can drive it.

use axum::http::{HeaderMap, StatusCode, Uri};
use sha2::{Digest, Sha256};

use crate::error::AwsError;
use crate::protocol::Protocol;

/// The one access key the sandbox accepts, and its secret.
#[derive(Clone)]
pub struct KeyPair {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret, not even in a debug print.
        f.debug_struct("KeyPair").field("access_key_id", &self.access_key_id).finish_non_exhaustive()
    }
}

/// How far a request's time may be from the sandbox's clock, as AWS allows.
const MAX_SKEW_SECS: i64 = 15 * 60;

enum Refusal {
    UnknownKey,
    BadSignature,
    Expired(String),
    Malformed(String),
}

/// Checks the request's signature against `keys`; the error is shaped as the service
/// that was called would shape it.
pub fn verify(keys: &KeyPair, protocol: Protocol, method: &str, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<(), AwsError> {
    check(keys, method, uri, headers, body, crate::util::wall_now() as i64).map_err(|r| refusal(r, protocol))
}

fn refusal(r: Refusal, protocol: Protocol) -> AwsError {
    // JSON services name these as DynamoDB-style exceptions; query services (and
    // CloudWatch, which kept its query error codes) as IAM does; EC2 says AuthFailure.
    let json = matches!(protocol, Protocol::AwsJson11);
    let ec2 = matches!(protocol, Protocol::Ec2Query);
    let (code, message) = match r {
        Refusal::UnknownKey if ec2 => ("AuthFailure", "AWS was not able to validate the provided access credentials".to_string()),
        Refusal::UnknownKey if json => ("UnrecognizedClientException", "The security token included in the request is invalid.".to_string()),
        Refusal::UnknownKey => ("InvalidClientTokenId", "The security token included in the request is invalid.".to_string()),
        Refusal::BadSignature if ec2 => ("AuthFailure", "AWS was not able to validate the provided access credentials".to_string()),
        Refusal::BadSignature => (
            if json { "InvalidSignatureException" } else { "SignatureDoesNotMatch" },
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.".to_string(),
        ),
        Refusal::Expired(m) => (if json { "InvalidSignatureException" } else { "SignatureDoesNotMatch" }, m),
        Refusal::Malformed(m) => ("IncompleteSignatureException", m),
    };
    AwsError::new(if ec2 { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN }, code, message)
}

fn check(keys: &KeyPair, method: &str, uri: &Uri, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), Refusal> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let auth = header("authorization").ok_or_else(|| Refusal::Malformed("Authorization header requires a signature.".into()))?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or_else(|| Refusal::Malformed("Only AWS4-HMAC-SHA256 signatures are accepted.".into()))?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=').unwrap_or((part.trim(), ""));
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let (Some(credential), Some(signed), Some(signature)) = (credential, signed, signature) else {
        return Err(Refusal::Malformed("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.".into()));
    };
    let mut scope = credential.splitn(5, '/');
    let (Some(key), Some(date), Some(region), Some(service), Some("aws4_request")) =
        (scope.next(), scope.next(), scope.next(), scope.next(), scope.next())
    else {
        return Err(Refusal::Malformed(format!("Credential should be scoped to a valid region and service: '{credential}'.")));
    };
    if key != keys.access_key_id {
        return Err(Refusal::UnknownKey);
    }
    let amz_date = header("x-amz-date").ok_or_else(|| Refusal::Malformed("The request must carry an X-Amz-Date header.".into()))?;
    if amz_date.len() != 16 || !amz_date.starts_with(date) {
        return Err(Refusal::Malformed(format!("Credential date '{date}' does not match X-Amz-Date '{amz_date}'.")));
    }
    let at = parse_amz_date(amz_date).ok_or_else(|| Refusal::Malformed(format!("X-Amz-Date '{amz_date}' is not a date.")))?;
    if (now - at).abs() > MAX_SKEW_SECS {
        return Err(Refusal::Expired(format!("Signature expired: {amz_date} is more than 15 minutes from the sandbox's time.")));
    }
    let names: Vec<&str> = signed.split(';').collect();
    if !names.contains(&"host") {
        return Err(Refusal::Malformed("SignedHeaders must include host.".into()));
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<String> = headers
            .get_all(*name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload = match header("x-amz-content-sha256") {
        Some(h) => h.to_string(),
        None => hex(&Sha256::digest(body)),
    };
    let canonical = format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{signed}\n{payload}",
        canonical_uri(uri.path()),
        canonical_query(uri.query().unwrap_or(""))
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let mut k = hmac(format!("AWS4{}", keys.secret_access_key).as_bytes(), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        k = hmac(&k, part.as_bytes());
    }
    let expected = hex(&hmac(&k, to_sign.as_bytes()));
    if constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        Ok(())
    } else {
        Err(Refusal::BadSignature)
    }
}

/// Services other than S3 sign the path encoded once more than it was sent.
fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    path.split('/').map(encode).collect::<Vec<_>>().join("/")
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(&decode(k)), encode(&decode(v)))
        })
        .collect();
    pairs.sort();
    pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let hex_digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped =
            (bytes[i] == b'%' && i + 2 < bytes.len()).then(|| Some(hex_digit(bytes[i + 1])? * 16 + hex_digit(bytes[i + 2])?)).flatten();
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `20261124T101010Z` → epoch seconds.
fn parse_amz_date(s: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if s.as_bytes().get(8) != Some(&b'T') || !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut k = if key.len() > BLOCK { Sha256::digest(key).to_vec() } else { key.to_vec() };
    k.resize(BLOCK, 0);
    let inner_pad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let outer_pad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new().chain_update(&inner_pad).chain_update(message).finalize();
    Sha256::new().chain_update(&outer_pad).chain_update(inner).finalize().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn dates_parse_to_epoch_seconds() {
        assert_eq!(parse_amz_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(parse_amz_date("2015-08-30"), None);
    }

    /// The worked example of AWS's SigV4 documentation (IAM ListUsers, GET with a query).
    #[test]
    fn the_documented_example_verifies() {
        let keys = KeyPair { access_key_id: "AKIDEXAMPLE".into(), secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into() };
        let uri: Uri = "/?Action=ListUsers&Version=2010-05-08".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("host", "iam.amazonaws.com".parse().unwrap());
        headers.insert("content-type", "application/x-www-form-urlencoded; charset=utf-8".parse().unwrap());
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
        headers.insert("authorization", auth.parse().unwrap());
        let now = parse_amz_date("20150830T123600Z").unwrap();
        assert!(check(&keys, "GET", &uri, &headers, b"", now).is_ok());
        assert!(matches!(check(&keys, "POST", &uri, &headers, b"", now), Err(Refusal::BadSignature)));
        assert!(matches!(check(&keys, "GET", &uri, &headers, b"", now + 3600), Err(Refusal::Expired(_))));
        let other = KeyPair { access_key_id: "AKIDOTHER".into(), ..keys.clone() };
        assert!(matches!(check(&other, "GET", &uri, &headers, b"", now), Err(Refusal::UnknownKey)));
    }
}
