//! Shared by every service: reading typed fields out of a request with AWS's errors,
//! opaque paging tokens, ids, ARNs and time in the formats AWS uses.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::error::AwsError;

/// Seconds since the epoch with millisecond precision: how the JSON protocols write
/// timestamps. Inside a request or a simulation step this is the sandbox's simulated
/// time (see `at`); anywhere else, the wall clock.
pub fn now() -> f64 {
    SIM_NOW.with(|n| n.get()).unwrap_or_else(wall_now)
}

pub fn wall_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as f64 / 1000.0).unwrap_or(0.0)
}

thread_local! {
    // Set around each synchronous piece of work on the world, so the many handlers that
    // stamp times read one simulated clock without it being threaded through every call.
    static SIM_NOW: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with `now()` reading `t`.
pub fn at<R>(t: f64, f: impl FnOnce() -> R) -> R {
    let before = SIM_NOW.with(|n| n.replace(Some((t * 1000.0).round() / 1000.0)));
    let result = f();
    SIM_NOW.with(|n| n.set(before));
    result
}

/// `2026-11-24T08:56:36.123Z`: how the XML protocols write timestamps.
pub fn iso8601(epoch: f64) -> String {
    let millis = (epoch * 1000.0).round() as i64;
    let secs = millis.div_euclid(1000);
    let (days, day_secs) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", day_secs / 3600, day_secs / 60 % 60, day_secs % 60, millis.rem_euclid(1000))
}

/// Parses the ISO 8601 forms clients send (`2026-11-24T08:56:36Z`, with optional
/// fraction) or epoch seconds.
pub fn parse_time(s: &str) -> Option<f64> {
    if let Ok(n) = s.parse::<f64>() {
        return Some(n);
    }
    let s = s.trim_end_matches('Z');
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<i64>());
    let (y, m, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let time = time.split(['+']).next()?;
    let mut t = time.split(':');
    let (h, min) = (t.next()?.parse::<i64>().ok()?, t.next()?.parse::<i64>().ok()?);
    let sec: f64 = t.next().unwrap_or("0").parse().ok()?;
    Some((days_from_civil(y, m, day) * 86_400 + h * 3600 + min * 60) as f64 + sec)
}

// Gregorian calendar arithmetic on day counts from 1970-01-01, valid for any year.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

static SEED: AtomicU64 = AtomicU64::new(0);

/// A well-mixed 64-bit value; ids need to be unique and look like AWS's, not be secret.
pub fn random_u64() -> u64 {
    let mut seed = SEED.load(Ordering::Relaxed);
    if seed == 0 {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
        let _ = SEED.compare_exchange(0, nanos | 1, Ordering::Relaxed, Ordering::Relaxed);
    }
    seed = SEED.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed).wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `len` lowercase hex digits.
pub fn hex_id(len: usize) -> String {
    let mut s = String::with_capacity(len + 16);
    while s.len() < len {
        s.push_str(&format!("{:016x}", random_u64()));
    }
    s.truncate(len);
    s
}

/// A version-4 style UUID.
pub fn uuid() -> String {
    let h = hex_id(32);
    format!("{}-{}-4{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

pub fn arn(service: &str, region: &str, resource: &str) -> String {
    format!("arn:aws:{service}:{region}:{}:{resource}", crate::ACCOUNT_ID)
}

/// Typed access to a request's input, failing with the service's own error for bad
/// values and naming the field.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub value: &'a Value,
    /// The service's error for an invalid or missing parameter.
    pub invalid: fn(String) -> AwsError,
}

impl<'a> Input<'a> {
    pub fn new(value: &'a Value, invalid: fn(String) -> AwsError) -> Self {
        Self { value, invalid }
    }

    pub fn at(&self, field: &str) -> Input<'a> {
        Input { value: self.value.get(field).unwrap_or(&Value::Null), invalid: self.invalid }
    }

    pub fn of(&self, value: &'a Value) -> Input<'a> {
        Input { value, invalid: self.invalid }
    }

    pub fn has(&self, field: &str) -> bool {
        !matches!(self.value.get(field), None | Some(Value::Null))
    }

    fn wrong_type(field: &str, kind: &str) -> AwsError {
        AwsError::serialization(format!("Value for {field} must be {kind}"))
    }

    pub fn str(&self, field: &str) -> Result<Option<&'a str>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Self::wrong_type(field, "a string")),
        }
    }

    pub fn req_str(&self, field: &str) -> Result<&'a str, AwsError> {
        match self.str(field)? {
            Some(s) => Ok(s),
            None => Err((self.invalid)(format!("{field} is required and cannot be empty."))),
        }
    }

    /// Accepts a JSON number or, for the query protocols, a numeric string.
    pub fn int(&self, field: &str) -> Result<Option<i64>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .map(Some)
                .ok_or_else(|| Self::wrong_type(field, "an integer")),
            Some(Value::String(s)) => {
                s.parse().map(Some).map_err(|_| (self.invalid)(format!("Value '{s}' for {field} is not an integer.")))
            }
            Some(_) => Err(Self::wrong_type(field, "an integer")),
        }
    }

    pub fn float(&self, field: &str) -> Result<Option<f64>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) => s.parse().map(Some).map_err(|_| (self.invalid)(format!("Value '{s}' for {field} is not a number."))),
            Some(_) => Err(Self::wrong_type(field, "a number")),
        }
    }

    pub fn bool(&self, field: &str) -> Result<Option<bool>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" => Ok(Some(false)),
            Some(_) => Err(Self::wrong_type(field, "a boolean")),
        }
    }

    /// A timestamp: epoch seconds (JSON, CBOR) or ISO 8601 (query protocols).
    pub fn time(&self, field: &str) -> Result<Option<f64>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) => {
                parse_time(s).map(Some).ok_or_else(|| (self.invalid)(format!("Value '{s}' for {field} is not a timestamp.")))
            }
            Some(_) => Err(Self::wrong_type(field, "a timestamp")),
        }
    }

    pub fn list(&self, field: &str) -> Result<Vec<Input<'a>>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(vec![]),
            Some(Value::Array(a)) => Ok(a.iter().map(|v| self.of(v)).collect()),
            Some(_) => Err(Self::wrong_type(field, "a list")),
        }
    }

    pub fn str_list(&self, field: &str) -> Result<Vec<&'a str>, AwsError> {
        self.list(field)?.into_iter().map(|v| v.value.as_str().ok_or_else(|| Self::wrong_type(field, "a list of strings"))).collect()
    }

    pub fn object(&self, field: &str) -> Result<Option<&'a Map<String, Value>>, AwsError> {
        match self.value.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(Self::wrong_type(field, "a structure")),
        }
    }
}

/// One page of `items` (sorted by `key`) after the token's position. Tokens carry the
/// last key seen, so a page boundary survives inserts and deletes between calls, and they
/// are opaque to clients as AWS's are.
pub fn page<T>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> &str,
    token: Option<&str>,
    max: usize,
    invalid: fn(String) -> AwsError,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let after = match token {
        None | Some("") => None,
        Some(t) => Some(decode_token(t).ok_or_else(|| invalid("The nextToken is invalid.".into()))?),
    };
    let mut out = Vec::new();
    let mut more = false;
    for item in items {
        if let Some(after) = &after {
            if key(&item) <= after.as_str() {
                continue;
            }
        }
        if out.len() == max {
            more = true;
            break;
        }
        out.push(item);
    }
    let next = if more { out.last().map(|last| encode_token(key(last))) } else { None };
    Ok((out, next))
}

pub fn encode_token(key: &str) -> String {
    let mut s = String::from("bsbx");
    for b in key.bytes() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

pub fn decode_token(t: &str) -> Option<String> {
    let hex = t.strip_prefix("bsbx")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_795_510_596.5), "2026-11-24T08:56:36.500Z");
        assert_eq!(parse_time("2026-11-24T08:56:36.5Z"), Some(1_795_510_596.5));
        assert_eq!(parse_time("2000-02-29T00:00:00Z"), Some(951_782_400.0));
    }

    #[test]
    fn pages_resume_after_the_last_key() {
        let items: Vec<String> = (0..25).map(|i| format!("k{i:03}")).collect();
        let inv = |m: String| AwsError::invalid(m);
        let (p1, t1) = page(items.iter(), |s| s.as_str(), None, 10, inv).unwrap();
        assert_eq!(p1.len(), 10);
        let (p2, t2) = page(items.iter(), |s| s.as_str(), t1.as_deref(), 10, inv).unwrap();
        assert_eq!(p2[0].as_str(), "k010");
        let (p3, t3) = page(items.iter(), |s| s.as_str(), t2.as_deref(), 10, inv).unwrap();
        assert_eq!((p3.len(), t3), (5, None));
        assert!(page(items.iter(), |s| s.as_str(), Some("garbage"), 10, inv).is_err());
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
    }
}
