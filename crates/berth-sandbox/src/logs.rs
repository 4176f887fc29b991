//! CloudWatch Logs: log groups and streams, PutLogEvents with AWS's batch rules,
//! GetLogEvents with forward and backward tokens, FilterLogEvents across streams with
//! plain-term filter patterns. Times are epoch milliseconds, as Logs writes them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::AwsError;
use crate::protocol::Request;
use crate::table::{Journal, Persist, Rows, Table};
use crate::util::{self, Input};

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Logs {
    groups: Table<Group>,
}

impl Logs {
    pub fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("logs.groups", &mut self.groups)]
    }
}

impl Persist for Group {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("streams", &mut self.streams)]
    }
}

impl Persist for Stream {
    fn children(&mut self) -> Vec<(&'static str, &mut dyn Rows)> {
        vec![("events", &mut self.events)]
    }
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Group {
    doc: Value,
    streams: Table<Stream>,
    tags: BTreeMap<String, String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Stream {
    doc: Value,
    /// Sorted by timestamp (stable for equal times).
    events: Journal<Event>,
    /// Events dropped from the front to bound memory; tokens count from the first ever.
    dropped: usize,
}

/// A stream written by the simulation keeps its newest events up to this many.
const SIMULATED_STREAM_CAP: usize = 10_000;

#[derive(Serialize, Deserialize, Clone)]
struct Event {
    #[serde(rename = "t")]
    timestamp: i64,
    #[serde(rename = "m")]
    message: String,
    #[serde(rename = "i")]
    ingestion: i64,
}

const RETENTION_DAYS: &[i64] = &[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const MAX_BATCH_BYTES: usize = 1_048_576;
const EVENT_OVERHEAD: usize = 26;

fn invalid(message: String) -> AwsError {
    AwsError::client("InvalidParameterException", message)
}

fn group_not_found() -> AwsError {
    AwsError::client("ResourceNotFoundException", "The specified log group does not exist.")
}

fn stream_not_found() -> AwsError {
    AwsError::client("ResourceNotFoundException", "The specified log stream does not exist.")
}

fn now_ms() -> i64 {
    (util::now() * 1000.0) as i64
}

fn valid_group_name(name: &str) -> bool {
    (1..=512).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.#".contains(c))
}

fn valid_stream_name(name: &str) -> bool {
    (1..=512).contains(&name.len()) && !name.contains(':') && !name.contains('*')
}

/// A plain-term filter pattern: every bare term (or "quoted phrase") must appear, `?term`s
/// are alternatives of which one must appear, `-term` must not appear.
struct Pattern {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
}

impl Pattern {
    fn parse(text: &str) -> Result<Pattern, AwsError> {
        let text = text.trim();
        if text.starts_with('{') || text.starts_with('[') || text.starts_with('%') {
            return Err(invalid("The sandbox supports plain-term filter patterns (terms, \"phrases\", ?alternatives, -exclusions), not JSON, space-delimited or regex patterns.".into()));
        }
        let mut p = Pattern { all: vec![], any: vec![], none: vec![] };
        let mut rest = text;
        while !rest.is_empty() {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let (prefix, body) = match rest.as_bytes()[0] {
                b'?' => (Some('?'), &rest[1..]),
                b'-' if rest.len() > 1 => (Some('-'), &rest[1..]),
                _ => (None, rest),
            };
            let (term, after) = if let Some(quoted) = body.strip_prefix('"') {
                let end = quoted.find('"').ok_or_else(|| invalid("Invalid filter pattern: a quoted phrase is not closed.".into()))?;
                (&quoted[..end], &quoted[end + 1..])
            } else {
                let end = body.find(char::is_whitespace).unwrap_or(body.len());
                (&body[..end], &body[end..])
            };
            if !term.is_empty() {
                match prefix {
                    Some('?') => p.any.push(term.to_string()),
                    Some('-') => p.none.push(term.to_string()),
                    _ => p.all.push(term.to_string()),
                }
            }
            rest = after;
        }
        Ok(p)
    }

    fn matches(&self, message: &str) -> bool {
        self.all.iter().all(|t| message.contains(t.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|t| message.contains(t.as_str())))
            && !self.none.iter().any(|t| message.contains(t.as_str()))
    }
}

fn event_id(stream: &str, index: usize, timestamp: i64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stream.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("{:020}{:020}{:016}", timestamp.unsigned_abs(), h % 10u64.pow(19), index)
}

impl Logs {
    fn group(&self, input: &Input<'_>) -> Result<&Group, AwsError> {
        let name = input.req_str("logGroupName")?;
        self.groups.get(name).ok_or_else(group_not_found)
    }

    fn group_mut(&mut self, input: &Input<'_>) -> Result<&mut Group, AwsError> {
        let name = input.req_str("logGroupName")?;
        self.groups.get_mut(name).ok_or_else(group_not_found)
    }

    /// Opens an awslogs stream for a task's container, as the awslogs driver does; the
    /// error text is CloudWatch Logs' own when the group is missing.
    pub fn open_stream(&mut self, region: &str, group: &str, stream: &str, create_group: bool) -> Result<(), String> {
        if !self.groups.contains_key(group) {
            if !create_group {
                return Err("ResourceNotFoundException: The specified log group does not exist.".into());
            }
            self.create_log_group(region, Input::new(&json!({"logGroupName": group}), invalid))
                .map_err(|e| format!("{}: {}", e.code, e.message))?;
        }
        let g = self.groups.get_mut(group).ok_or("ResourceNotFoundException: The specified log group does not exist.")?;
        if !g.streams.contains_key(stream) {
            self.create_log_stream(Input::new(&json!({"logGroupName": group, "logStreamName": stream}), invalid))
                .map_err(|e| format!("{}: {}", e.code, e.message))?;
        }
        Ok(())
    }

    /// Appends lines a simulated container wrote (in time order) to an open stream.
    pub fn append(&mut self, group: &str, stream: &str, events: impl IntoIterator<Item = (i64, String)>) {
        let Some(s) = self.groups.get_mut(group).and_then(|g| g.streams.get_mut(stream)) else { return };
        let ingestion = now_ms();
        let mut bytes = 0u64;
        for (timestamp, message) in events {
            bytes += message.len() as u64;
            let at = s.events.partition_point(|e| e.timestamp <= timestamp);
            s.events.insert(at, Event { timestamp, message, ingestion });
        }
        if s.events.len() > SIMULATED_STREAM_CAP {
            let excess = s.events.len() - SIMULATED_STREAM_CAP;
            s.events.drop_front(excess);
            s.dropped += excess;
        }
        if let (Some(first), Some(last)) = (s.events.first(), s.events.last()) {
            s.doc["firstEventTimestamp"] = json!(first.timestamp);
            s.doc["lastEventTimestamp"] = json!(last.timestamp);
            s.doc["lastIngestionTime"] = json!(ingestion);
        }
        s.doc["storedBytes"] = json!(s.doc["storedBytes"].as_u64().unwrap_or(0) + bytes);
    }

    fn create_log_group(&mut self, region: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("logGroupName")?;
        if !valid_group_name(name) {
            return Err(invalid(format!("1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")));
        }
        if self.groups.contains_key(name) {
            return Err(AwsError::client("ResourceAlreadyExistsException", "The specified log group already exists"));
        }
        let arn = util::arn("logs", region, &format!("log-group:{name}"));
        let tags = input
            .object("tags")?
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
            .unwrap_or_default();
        self.groups.insert(
            name.to_string(),
            Group {
                doc: json!({
                    "logGroupName": name, "creationTime": now_ms(), "metricFilterCount": 0,
                    "arn": format!("{arn}:*"), "logGroupArn": arn, "storedBytes": 0, "logGroupClass": "STANDARD",
                }),
                streams: Table::default(),
                tags,
            },
        );
        Ok(json!({}))
    }

    fn describe_log_groups(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let prefix = input.str("logGroupNamePrefix")?.unwrap_or("");
        let pattern = input.str("logGroupNamePattern")?;
        let limit = input.int("limit")?.unwrap_or(50);
        if !(1..=50).contains(&limit) {
            return Err(invalid(format!("1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50")));
        }
        let groups = self.groups.iter().filter(|(n, _)| n.starts_with(prefix) && pattern.is_none_or(|p| n.contains(p)));
        let (page, next) = util::page(groups, |(n, _)| n.as_str(), input.str("nextToken")?, limit as usize, invalid)?;
        Ok(json!({"logGroups": page.into_iter().map(|(_, g)| g.doc.clone()).collect::<Vec<_>>(), "nextToken": next}))
    }

    fn delete_log_group(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("logGroupName")?;
        self.groups.remove(name).ok_or_else(group_not_found)?;
        Ok(json!({}))
    }

    fn put_retention_policy(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let days = input.int("retentionInDays")?.ok_or_else(|| invalid("retentionInDays is required.".into()))?;
        if !RETENTION_DAYS.contains(&days) {
            return Err(invalid(format!("1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: {RETENTION_DAYS:?}")));
        }
        self.group_mut(&input)?.doc["retentionInDays"] = json!(days);
        Ok(json!({}))
    }

    fn create_log_stream(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("logStreamName")?.to_string();
        if !valid_stream_name(&name) {
            return Err(invalid(format!("Invalid log stream name '{name}': 1-512 characters, no ':' or '*'.")));
        }
        let group = self.group_mut(&input)?;
        if group.streams.contains_key(&name) {
            return Err(AwsError::client("ResourceAlreadyExistsException", "The specified log stream already exists"));
        }
        let arn = format!("{}:log-stream:{name}", group.doc["logGroupArn"].as_str().unwrap_or_default());
        group.streams.insert(
            name.clone(),
            Stream {
                doc: json!({"logStreamName": name, "creationTime": now_ms(), "arn": arn, "storedBytes": 0}),
                events: Journal::default(),
                dropped: 0,
            },
        );
        Ok(json!({}))
    }

    fn describe_log_streams(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let group = self.group(&input)?;
        let prefix = input.str("logStreamNamePrefix")?.unwrap_or("");
        let order = input.str("orderBy")?.unwrap_or("LogStreamName");
        let descending = input.bool("descending")?.unwrap_or(false);
        let limit = input.int("limit")?.unwrap_or(50);
        if !(1..=50).contains(&limit) {
            return Err(invalid(format!("1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 50")));
        }
        if order == "LastEventTime" && !prefix.is_empty() {
            return Err(invalid("Cannot order by LastEventTime with a logStreamNamePrefix.".into()));
        }
        let mut streams: Vec<(String, &Stream)> = group
            .streams
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .map(|(n, s)| {
                let key = match order {
                    "LastEventTime" => format!("{:020}/{n}", s.doc["lastEventTimestamp"].as_i64().unwrap_or(0)),
                    _ => n.clone(),
                };
                (key, s)
            })
            .collect();
        streams.sort_by(|a, b| a.0.cmp(&b.0));
        if descending {
            streams.reverse();
            for (k, _) in streams.iter_mut() {
                *k = k.bytes().map(|b| format!("{:02x}", 255 - b)).collect();
            }
        }
        let (page, next) = util::page(streams, |(k, _)| k.as_str(), input.str("nextToken")?, limit as usize, invalid)?;
        Ok(json!({"logStreams": page.into_iter().map(|(_, s)| s.doc.clone()).collect::<Vec<_>>(), "nextToken": next}))
    }

    fn delete_log_stream(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let name = input.req_str("logStreamName")?;
        self.group_mut(&input)?.streams.remove(name).ok_or_else(stream_not_found)?;
        Ok(json!({}))
    }

    fn put_log_events(&mut self, input: Input<'_>) -> Result<Value, AwsError> {
        let events = input.list("logEvents")?;
        if events.is_empty() || events.len() > 10_000 {
            return Err(invalid("logEvents must hold 1 to 10000 events.".into()));
        }
        let now = now_ms();
        let mut parsed = Vec::with_capacity(events.len());
        let mut bytes = 0;
        for e in &events {
            let timestamp = e.int("timestamp")?.ok_or_else(|| invalid("Each log event needs a timestamp.".into()))?;
            let message = e.req_str("message")?;
            if message.is_empty() {
                return Err(invalid("Log event messages cannot be empty.".into()));
            }
            bytes += message.len() + EVENT_OVERHEAD;
            if parsed.last().is_some_and(|(t, _): &(i64, &str)| *t > timestamp) {
                return Err(invalid("Log events in a single PutLogEvents request must be in chronological order.".into()));
            }
            parsed.push((timestamp, message));
        }
        if bytes > MAX_BATCH_BYTES {
            return Err(invalid(format!("Upload too large: {bytes} bytes exceeds the maximum allowed 1048576 bytes")));
        }
        if parsed.last().map(|l| l.0).unwrap_or(0) - parsed[0].0 > 24 * 3600 * 1000 {
            return Err(invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.".into()));
        }
        let name = input.req_str("logStreamName")?;
        let group = self.group_mut(&input)?;
        let stream = group.streams.get_mut(name).ok_or_else(stream_not_found)?;
        let too_old = now - 14 * 24 * 3600 * 1000;
        let too_new = now + 2 * 3600 * 1000;
        let mut rejected = json!({});
        let mut accepted = 0;
        for (i, (timestamp, message)) in parsed.iter().enumerate() {
            if *timestamp < too_old {
                rejected["tooOldLogEventEndIndex"] = json!(i);
                continue;
            }
            if *timestamp > too_new {
                if rejected.get("tooNewLogEventStartIndex").is_none() {
                    rejected["tooNewLogEventStartIndex"] = json!(i);
                }
                continue;
            }
            let at = stream.events.partition_point(|e| e.timestamp <= *timestamp);
            stream.events.insert(at, Event { timestamp: *timestamp, message: message.to_string(), ingestion: now });
            accepted += message.len();
        }
        if let (Some(first), Some(last)) = (stream.events.first(), stream.events.last()) {
            stream.doc["firstEventTimestamp"] = json!(first.timestamp);
            stream.doc["lastEventTimestamp"] = json!(last.timestamp);
            stream.doc["lastIngestionTime"] = json!(now);
        }
        let stored = stream.doc["storedBytes"].as_u64().unwrap_or(0) + accepted as u64;
        stream.doc["storedBytes"] = json!(stored);
        let token = format!("{:056}", stream.events.len());
        stream.doc["uploadSequenceToken"] = json!(token);
        let mut out = json!({"nextSequenceToken": token});
        if rejected.as_object().is_some_and(|o| !o.is_empty()) {
            out["rejectedLogEventsInfo"] = rejected;
        }
        Ok(out)
    }

    fn get_log_events(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let group = self.group(&input)?;
        let stream = group.streams.get(input.req_str("logStreamName")?).ok_or_else(stream_not_found)?;
        let limit = input.int("limit")?.unwrap_or(10_000);
        if !(1..=10_000).contains(&limit) {
            return Err(invalid(format!("1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000")));
        }
        let limit = limit as usize;
        let events = &stream.events;
        let lo = input.int("startTime")?.map_or(0, |t| events.partition_point(|e| e.timestamp < t));
        let hi = input.int("endTime")?.map_or(events.len(), |t| events.partition_point(|e| e.timestamp < t));
        let hi = hi.max(lo);
        let bad_token = || invalid("The specified nextToken is invalid.".into());
        let base = stream.dropped;
        let parse = |t: &str| t.parse::<usize>().map(|abs| abs.saturating_sub(base)).map_err(|_| bad_token());
        let (start, end) = match input.str("nextToken")? {
            Some(t) if t.starts_with("f/") => {
                let s = parse(&t[2..])?.clamp(lo, hi);
                (s, (s + limit).min(hi))
            }
            Some(t) if t.starts_with("b/") => {
                let e = parse(&t[2..])?.clamp(lo, hi);
                (e.saturating_sub(limit).max(lo), e)
            }
            Some(_) => return Err(bad_token()),
            None if input.bool("startFromHead")?.unwrap_or(false) => (lo, (lo + limit).min(hi)),
            None => (hi.saturating_sub(limit).max(lo), hi),
        };
        let out: Vec<Value> = events[start..end]
            .iter()
            .map(|e| json!({"timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion}))
            .collect();
        Ok(
            json!({"events": out, "nextForwardToken": format!("f/{:056}", end + base), "nextBackwardToken": format!("b/{:056}", start + base)}),
        )
    }

    fn filter_log_events(&self, input: Input<'_>) -> Result<Value, AwsError> {
        let group = match (input.str("logGroupName")?, input.str("logGroupIdentifier")?) {
            (Some(n), _) | (None, Some(n)) => {
                let name = n.split_once(":log-group:").map(|(_, rest)| rest.trim_end_matches(":*")).unwrap_or(n);
                self.groups.get(name).ok_or_else(group_not_found)?
            }
            (None, None) => return Err(invalid("logGroupName or logGroupIdentifier is required.".into())),
        };
        let names = input.str_list("logStreamNames")?;
        let prefix = input.str("logStreamNamePrefix")?;
        if !names.is_empty() && prefix.is_some() {
            return Err(invalid("logStreamNames and logStreamNamePrefix cannot both be specified.".into()));
        }
        for n in &names {
            if !group.streams.contains_key(*n) {
                return Err(stream_not_found());
            }
        }
        let pattern = Pattern::parse(input.str("filterPattern")?.unwrap_or(""))?;
        let start = input.int("startTime")?.unwrap_or(i64::MIN);
        let end = input.int("endTime")?.unwrap_or(i64::MAX);
        let limit = input.int("limit")?.unwrap_or(10_000);
        if !(1..=10_000).contains(&limit) {
            return Err(invalid(format!("1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000")));
        }
        let streams: Vec<(&String, &Stream)> = group
            .streams
            .iter()
            .filter(|(n, _)| (names.is_empty() || names.contains(&n.as_str())) && prefix.is_none_or(|p| n.starts_with(p)))
            .collect();
        let mut hits: Vec<(String, Value)> = vec![];
        for (name, stream) in &streams {
            let from = stream.events.partition_point(|e| e.timestamp < start);
            for (i, e) in stream.events.iter().enumerate().skip(from) {
                if e.timestamp >= end {
                    break;
                }
                if pattern.matches(&e.message) {
                    hits.push((
                        format!("{:020}/{name}/{i:010}", e.timestamp.max(0)),
                        json!({"logStreamName": name, "timestamp": e.timestamp, "message": e.message, "ingestionTime": e.ingestion, "eventId": event_id(name, i, e.timestamp)}),
                    ));
                }
            }
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0));
        let (page, next) = util::page(hits, |(k, _)| k.as_str(), input.str("nextToken")?, limit as usize, invalid)?;
        let searched: Vec<Value> = streams.iter().map(|(n, _)| json!({"logStreamName": n, "searchedCompletely": next.is_none()})).collect();
        Ok(json!({"events": page.into_iter().map(|(_, e)| e).collect::<Vec<_>>(), "searchedLogStreams": searched, "nextToken": next}))
    }

    fn tags(&mut self, op: &str, input: Input<'_>) -> Result<Value, AwsError> {
        let name = match input.str("resourceArn")? {
            Some(arn) => arn
                .split_once(":log-group:")
                .map(|(_, n)| n.trim_end_matches(":*").to_string())
                .ok_or_else(|| invalid(format!("Invalid resource ARN {arn}")))?,
            None => input.req_str("logGroupName")?.to_string(),
        };
        let group = self.groups.get_mut(&name).ok_or_else(group_not_found)?;
        match op {
            "TagResource" | "TagLogGroup" => {
                for (k, v) in input.object("tags")?.into_iter().flatten() {
                    group.tags.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
                Ok(json!({}))
            }
            "UntagResource" | "UntagLogGroup" => {
                for k in input.str_list(if op == "UntagResource" { "tagKeys" } else { "tags" })? {
                    group.tags.remove(k);
                }
                Ok(json!({}))
            }
            _ => Ok(json!({"tags": group.tags})),
        }
    }
}

pub fn dispatch(logs: &mut Logs, req: &Request) -> Result<Value, AwsError> {
    let input = Input::new(&req.input, invalid);
    let op = req.operation.as_str();
    match op {
        "CreateLogGroup" => logs.create_log_group(&req.region, input),
        "DescribeLogGroups" => logs.describe_log_groups(input),
        "DeleteLogGroup" => logs.delete_log_group(input),
        "PutRetentionPolicy" => logs.put_retention_policy(input),
        "CreateLogStream" => logs.create_log_stream(input),
        "DescribeLogStreams" => logs.describe_log_streams(input),
        "DeleteLogStream" => logs.delete_log_stream(input),
        "PutLogEvents" => logs.put_log_events(input),
        "GetLogEvents" => logs.get_log_events(input),
        "FilterLogEvents" => logs.filter_log_events(input),
        "TagResource" | "UntagResource" | "ListTagsForResource" | "TagLogGroup" | "UntagLogGroup" | "ListTagsLogGroup" => {
            logs.tags(op, input)
        }
        other => Err(AwsError::client(
            "UnknownOperationException",
            format!("Operation {other} is not supported by the sandbox's CloudWatch Logs."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn plain_term_patterns() {
        let p = Pattern::parse("ERROR \"user 42\" -healthcheck").unwrap();
        assert!(p.matches("ERROR for user 42 at /api"));
        assert!(!p.matches("ERROR for user 42 healthcheck"));
        assert!(!p.matches("ERROR for user 4"));
        let any = Pattern::parse("?WARN ?ERROR").unwrap();
        assert!(any.matches("a WARN line") && any.matches("an ERROR line") && !any.matches("INFO"));
        assert!(Pattern::parse("{ $.level = \"x\" }").is_err());
        assert!(Pattern::parse("").unwrap().matches("anything"));
    }
}
