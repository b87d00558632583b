//! The REST client against a scripted HTTP/1.1 server on loopback: retry
//! policy per call kind, failover, redaction, the wire body, and what a
//! hostile server cannot make it do (path ids, body cap, endless cursors).
//! The fuller hostile-server suite is `__test__/hostile-*.test.mjs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use agora_convoai_core::convoai::{
    CallError, CallOptions, Client, ClientOptions, ListQuery, StartAgent,
};
use agora_convoai_core::validate::UidInput;
use agora_convoai_core::ErrorCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const JOINED: &str = r#"{"agent_id":"AGENT1","create_ts":1,"status":"STARTING"}"#;

#[derive(Default)]
struct Script {
    /// (status, body) answered in order; then 200 JOINED.
    answers: VecDeque<(u16, String)>,
    /// (request line, headers, body) received.
    seen: Vec<(String, String, String)>,
}

async fn serve_one(mut sock: TcpStream, script: Arc<Mutex<Script>>) {
    let mut buf = Vec::new();
    loop {
        let mut chunk = [0u8; 4096];
        let n = match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if buf.len() < end + 4 + len {
                break;
            }
            let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + len]).to_string();
            buf.drain(..end + 4 + len);
            let (line, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
            let (status, answer) = {
                let mut s = script.lock().unwrap();
                s.seen.push((line.to_string(), headers.to_string(), body));
                s.answers.pop_front().unwrap_or((200, JOINED.to_string()))
            };
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 0\r\n\r\n{answer}",
                answer.len()
            );
            if sock.write_all(response.as_bytes()).await.is_err() {
                return;
            }
        }
    }
}

async fn server(answers: Vec<(u16, &str)>) -> (String, Arc<Mutex<Script>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let script = Arc::new(Mutex::new(Script {
        answers: answers
            .into_iter()
            .map(|(s, b)| (s, b.to_string()))
            .collect(),
        seen: Vec::new(),
    }));
    let shared = script.clone();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            tokio::spawn(serve_one(sock, shared.clone()));
        }
    });
    (url, script)
}

async fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

fn client(base_urls: Vec<String>, basic: bool) -> Client {
    Client::new(&ClientOptions {
        app_id: APP_ID.into(),
        app_certificate: Some(CERT.into()),
        customer_id: basic.then(|| "cid".into()),
        customer_secret: basic.then(|| "csecret".into()),
        base_urls,
        ..Default::default()
    })
    .unwrap()
}

fn request() -> StartAgent {
    StartAgent {
        channel: "room".into(),
        agent_uid: Some(UidInput::Number(7.0)),
        remote_uids: vec![UidInput::Number(8.0)],
        vendors: vec![("llm", serde_json::json!({"api_key": "sk-abc-123"}))],
        ..Default::default()
    }
}

fn joins(script: &Arc<Mutex<Script>>) -> usize {
    script
        .lock()
        .unwrap()
        .seen
        .iter()
        .filter(|(l, _, _)| l.contains("/join"))
        .count()
}

#[tokio::test]
async fn join_retries_503_but_never_500() {
    let (url, script) = server(vec![(503, "{}")]).await;
    let c = client(vec![url], false);
    let r = c
        .start_agent(request(), CallOptions::default())
        .await
        .unwrap();
    assert_eq!(r["agentId"], "AGENT1");
    assert_eq!(joins(&script), 2);

    let (url, script) = server(vec![(500, r#"{"reason":"InternalError","detail":"boom"}"#)]).await;
    let c = client(vec![url], false);
    match c.start_agent(request(), CallOptions::default()).await {
        Err(CallError::Api(e)) => {
            assert_eq!((e.status, e.attempts, e.retryable), (500, 1, false));
            assert_eq!(e.reason.as_deref(), Some("InternalError"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(joins(&script), 1);
}

#[tokio::test]
async fn reads_retry_5xx_and_each_retry_moves_to_the_next_host() {
    // live (502) → dead (refused) → live (200): three attempts, two hosts.
    let (url, script) = server(vec![(502, "{}")]).await;
    let c = client(vec![url, dead_url().await], true);
    let r = c.get_agent("AGENT1", CallOptions::default()).await.unwrap();
    assert_eq!(r["agentId"], "AGENT1");
    assert_eq!(script.lock().unwrap().seen.len(), 2);
}

#[tokio::test]
async fn wire_body_and_basic_header() {
    let (url, script) = server(vec![]).await;
    let c = client(vec![url], true);
    c.start_agent(request(), CallOptions::default())
        .await
        .unwrap();
    let s = script.lock().unwrap();
    let (line, headers, body) = &s.seen[0];
    assert!(line.starts_with(&format!(
        "POST /api/conversational-ai-agent/v2/projects/{APP_ID}/join"
    )));
    assert!(headers
        .to_ascii_lowercase()
        .contains("authorization: basic y2lkomnzzwnyzxq="));
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["properties"]["agent_rtc_uid"], "7");
    assert_eq!(
        body["properties"]["remote_rtc_uids"],
        serde_json::json!(["8"])
    );
    assert!(body["properties"]["token"]
        .as_str()
        .unwrap()
        .starts_with("007"));
}

#[tokio::test]
async fn details_are_scrubbed_of_secrets() {
    let (url, _) = server(vec![(400, r#"{"reason":"InvalidRequest","detail":"key sk-abc-123 and token 007eJxTYFC456G83V5ez6+Z9fr/b69fxz7T7tzFHf3Br0Zm4bvzHjoKDAaGRsYmpmbm"}"#)]).await;
    let c = client(vec![url], false);
    match c.start_agent(request(), CallOptions::default()).await {
        Err(CallError::Api(e)) => assert_eq!(
            e.detail.as_deref(),
            Some("key [redacted] and token [redacted]")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn refused_everywhere_is_a_network_error_after_all_attempts() {
    let c = client(vec![dead_url().await, dead_url().await], false);
    match c.start_agent(request(), CallOptions::default()).await {
        Err(CallError::Other(e)) => {
            assert_eq!(e.code, ErrorCode::Network);
            assert!(e.message.contains("after 3 attempts"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, CallError>) -> ErrorCode {
    match r {
        Err(CallError::Other(e)) => e.code,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn ids_that_url_parsing_would_rewrite_are_refused_before_any_request() {
    let (url, script) = server(vec![]).await;
    let c = client(vec![url], true);
    for id in ["..", ".", "", "a/b", "a?b", "a#b", "%2e%2e"] {
        assert_eq!(
            code(c.stop_agent(id, CallOptions::default()).await),
            ErrorCode::InvalidArg,
            "{id:?}"
        );
        assert_eq!(
            code(c.get_turns(id, None, None, CallOptions::default()).await),
            ErrorCode::InvalidArg,
            "{id:?}"
        );
    }
    assert!(script.lock().unwrap().seen.is_empty());
}

#[tokio::test]
async fn a_body_over_max_response_bytes_is_bad_response_and_identity_is_asked_for() {
    let (url, script) = server(vec![(200, JOINED)]).await;
    let c = Client::new(&ClientOptions {
        app_id: APP_ID.into(),
        auth_token: Some("007abc".into()),
        base_urls: vec![url],
        max_response_bytes: Some((JOINED.len() - 1) as f64),
        ..Default::default()
    })
    .unwrap();
    let err = code(c.get_agent("AGENT1", CallOptions::default()).await);
    assert_eq!(err, ErrorCode::BadResponse);
    let s = script.lock().unwrap();
    assert_eq!(s.seen.len(), 1, "not retried: the answer would be the same");
    assert!(s.seen[0]
        .1
        .to_ascii_lowercase()
        .contains("accept-encoding: identity"));
}

#[tokio::test]
async fn agent_pages_end_on_a_cursor_seen_before() {
    let page = |id: &str, cursor: &str| {
        format!(
            r#"{{"data":{{"count":1,"list":[{{"agent_id":"{id}","start_ts":1,"status":"RUNNING"}}]}},"meta":{{"cursor":"{cursor}","total":9}}}}"#
        )
    };
    let (p1, p2, p3) = (page("X", "A"), page("Y", "B"), page("Z", "A"));
    let (url, script) = server(vec![(200, &p1), (200, &p2), (200, &p3)]).await;
    let pages = client(vec![url], true).agent_pages(ListQuery::default());
    let mut seen = Vec::new();
    let end = loop {
        match pages.next(CallOptions::default()).await {
            Ok(Some(agents)) => seen.extend(agents.into_iter().map(|a| a["agentId"].clone())),
            other => break other,
        }
    };
    assert_eq!(seen, ["X", "Y"]);
    assert_eq!(code(end), ErrorCode::BadResponse);
    // The walk is over: no fourth request.
    assert!(matches!(pages.next(CallOptions::default()).await, Ok(None)));
    let s = script.lock().unwrap();
    let cursors: Vec<&str> = s
        .seen
        .iter()
        .map(|(line, _, _)| {
            line.split("cursor=")
                .nth(1)
                .unwrap_or("-")
                .split(' ')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(cursors, ["-", "A", "B"]);
}
