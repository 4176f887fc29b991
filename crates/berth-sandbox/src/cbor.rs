//! Smithy RPC v2 CBOR bodies to and from the JSON values the services work on.
//! Timestamps travel as CBOR tag 1 (epoch seconds); the JSON side sees plain numbers, and
//! on the way out the members Smithy models as timestamps get their tag back.

use ciborium::value::Value as Cbor;
use serde_json::{Map, Number, Value};

use crate::error::AwsError;

/// Nesting deeper than this is refused: CloudWatch's inputs stay within a handful of
/// levels, and a bound keeps a hostile body from exhausting the stack.
const MAX_DEPTH: usize = 32;

pub fn decode(body: &[u8]) -> Result<Value, AwsError> {
    let value: Cbor = ciborium::de::from_reader_with_recursion_limit(body, MAX_DEPTH)
        .map_err(|e| AwsError::serialization(format!("Invalid CBOR body: {e}")))?;
    to_json(value)
}

fn to_json(v: Cbor) -> Result<Value, AwsError> {
    Ok(match v {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => Value::Bool(b),
        Cbor::Integer(i) => {
            let i: i128 = i.into();
            match i64::try_from(i) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => Value::Number(Number::from_f64(i as f64).ok_or_else(|| AwsError::serialization("Integer out of range"))?),
            }
        }
        Cbor::Float(f) => Value::Number(Number::from_f64(f).ok_or_else(|| AwsError::serialization("NaN and infinities are not accepted"))?),
        Cbor::Text(s) => Value::String(s),
        Cbor::Bytes(b) => Value::String(crate::util::base64(&b)),
        Cbor::Array(items) => Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?),
        Cbor::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let Cbor::Text(k) = k else {
                    return Err(AwsError::serialization("CBOR map keys must be text"));
                };
                map.insert(k, to_json(v)?);
            }
            Value::Object(map)
        }
        Cbor::Tag(1, inner) => to_json(*inner)?,
        Cbor::Tag(_, _) => return Err(AwsError::serialization("Unsupported CBOR tag")),
        _ => return Err(AwsError::serialization("Unsupported CBOR value")),
    })
}

/// Member names CloudWatch models as timestamps (or lists of them).
const TIMESTAMPS: &[&str] = &[
    "Timestamp",
    "Timestamps",
    "StartTime",
    "EndTime",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    "AlarmConfigurationUpdatedTimestamp",
    "LastUpdateDate",
];

/// Member names CloudWatch models as doubles, which must go out as CBOR floats even when
/// the value happens to be whole.
const DOUBLES: &[&str] = &["Values", "Average", "Sum", "SampleCount", "Minimum", "Maximum", "Value", "Threshold"];

pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = ciborium::ser::into_writer(&to_cbor(value, None), &mut out);
    out
}

fn to_cbor(v: &Value, member: Option<&str>) -> Cbor {
    let is = |names: &[&str]| member.is_some_and(|m| names.contains(&m));
    match v {
        Value::Null => Cbor::Null,
        Value::Bool(b) => Cbor::Bool(*b),
        Value::Number(n) if is(TIMESTAMPS) => Cbor::Tag(1, Box::new(Cbor::Float(n.as_f64().unwrap_or(0.0)))),
        Value::Number(n) if is(DOUBLES) => Cbor::Float(n.as_f64().unwrap_or(0.0)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cbor::Integer(i.into()),
            None => Cbor::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Cbor::Text(s.clone()),
        Value::Array(items) => Cbor::Array(items.iter().map(|i| to_cbor(i, member)).collect()),
        Value::Object(map) => Cbor::Map(map.iter().map(|(k, v)| (Cbor::Text(k.clone()), to_cbor(v, Some(k)))).collect()),
    }
}
