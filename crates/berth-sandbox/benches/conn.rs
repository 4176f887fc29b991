//! A keep-alive connection speaking raw HTTP/1.1 to the sandbox, so a benchmark measures
//! the server and not an SDK.

use std::net::SocketAddr;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Conn { stream, buf: Vec::with_capacity(1 << 20) }
    }

    /// One request on the kept-alive connection; returns status and body.
    pub async fn call(&mut self, target: &str, service: &str, content_type: &str, body: &str) -> (u16, Vec<u8>) {
        let target = if target.is_empty() { String::new() } else { format!("X-Amz-Target: {target}\r\n") };
        let head = format!(
            "POST / HTTP/1.1\r\nHost: sandbox\r\n{target}Content-Type: {content_type}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        self.stream.write_all(head.as_bytes()).await.unwrap();
        self.stream.write_all(body.as_bytes()).await.unwrap();
        self.buf.clear();
        let header_end = loop {
            let mut chunk = [0u8; 65536];
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed");
            self.buf.extend_from_slice(&chunk[..n]);
            if let Some(p) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
        };
        let head = String::from_utf8_lossy(&self.buf[..header_end]).to_ascii_lowercase();
        let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let length: usize = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        while self.buf.len() < header_end + length {
            let mut chunk = [0u8; 65536];
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed mid-body");
            self.buf.extend_from_slice(&chunk[..n]);
        }
        (status, self.buf[header_end..header_end + length].to_vec())
    }

    pub async fn ecs(&mut self, op: &str, body: &Value) -> Value {
        let (status, bytes) =
            self.call(&format!("AmazonEC2ContainerServiceV20141113.{op}"), "ecs", "application/x-amz-json-1.1", &body.to_string()).await;
        let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert_eq!(status, 200, "{op}: {v}");
        v
    }
}
