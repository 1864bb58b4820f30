//! Interoperability, run by `make test-interop` (it needs the `.venv` that scripts/bootstrap.sh
//! installs, curl, node and rustfmt):
//! - the Python Standard Webhooks snippet, run as written with the official library, receives a
//!   delivery from the simulator through its "Copy as curl" command: the copy re-signed now is
//!   accepted, the exact bytes (too old) and a tampered copy are rejected;
//! - every Python, Node.js and Rust snippet parses (Go's toolchain is not part of the project).
#![cfg(not(target_arch = "wasm32"))]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use webhook_vs_api::export::{copies, curl, CopyKind};
use webhook_vs_api::signing::snippets::{snippet, snippets, Language};
use webhook_vs_api::signing::standard::Secret;
use webhook_vs_api::signing::Scheme;
use webhook_vs_api::sim::{self, Config, MessageKind, Mode, Simulation};

/// Stops the receiver however the test ends.
struct Receiver(Child);

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn python() -> PathBuf {
    std::env::var_os("INTEROP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"))
}

/// The status the receiver answers the curl command with.
fn send(command: &str) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{command} --silent --output /dev/null --write-out '%{{http_code}}'"
        ))
        .output()
        .expect("sh runs curl");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("snippets-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[ignore = "needs .venv, node and rustfmt: run by make test-interop"]
fn every_python_node_and_rust_snippet_parses() {
    let dir = scratch_dir("parse");
    for scheme in Scheme::ALL {
        for s in snippets(scheme, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") {
            let (ext, mut check) = match s.language {
                Language::Python => ("py", Command::new(python())),
                Language::Node => ("mjs", Command::new("node")),
                Language::Rust => ("rs", Command::new("rustfmt")),
                Language::Go => continue,
            };
            let file = dir.join(format!("{scheme:?}.{ext}"));
            std::fs::write(&file, &s.code).unwrap();
            let args: &[&str] = match s.language {
                Language::Python => &["-m", "py_compile"],
                Language::Node => &["--check"],
                _ => &["--edition", "2021", "--check"],
            };
            let out = check
                .args(args)
                .arg(&file)
                .output()
                .expect("the checker runs");
            assert!(
                out.status.success(),
                "{scheme} / {}: {}{}\n{}",
                s.language,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                s.code
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "needs .venv with standardwebhooks and curl: run by make test-interop"]
fn the_python_snippet_accepts_the_resigned_copy_and_rejects_the_others() {
    // A secret of the run's own, so nothing here matches a default by accident.
    let secret_text = "whsec_c25pcHBldHMgdGVzdCBzZWNyZXQgMzIgYnl0ZXMhIQ==";
    let mut sim = Simulation::new(Config {
        mode: Mode::Webhook,
        clients: 2,
        rate_per_min: 6.0,
        secret: secret_text.into(),
        ..Config::default()
    })
    .unwrap();
    sim.run_until(120_000);
    let delivery = sim
        .messages()
        .find(|m| m.kind == MessageKind::WebhookDelivery)
        .expect("a delivery in two minutes");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let secret = Secret::parse(secret_text).unwrap();
    let offered = copies(&sim.render(delivery), &secret, now);
    let [exact, fresh] = &offered[..] else {
        panic!("two copies of an accepted delivery")
    };
    assert_eq!(fresh.kind, CopyKind::ReSigned { at_unix: now });

    let dir = scratch_dir("receiver");
    let file = dir.join("receiver.py");
    let code = snippet(Scheme::StandardWebhooks, secret_text, Language::Python).code;
    std::fs::write(&file, code).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _receiver = Receiver(
        Command::new(python())
            .arg(&file)
            .env("PORT", port.to_string())
            .spawn()
            .expect("the venv's python starts"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the receiver never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let url = format!("http://127.0.0.1:{port}/webhooks");
    let command = |text| curl(text, sim::Scheme::Https, Some(&url)).unwrap();
    assert_eq!(
        send(&command(&fresh.text)),
        "204",
        "re-signed now: accepted"
    );
    assert_eq!(
        send(&command(&exact.text)),
        "400",
        "simulated time: too old"
    );
    let mut tampered = fresh.text.clone();
    tampered.body = tampered
        .body
        .replacen("\"data\":{", "\"data\":{\"x\":1,", 1);
    assert_ne!(tampered.body, fresh.text.body);
    assert_eq!(send(&command(&tampered)), "400", "tampered body: rejected");
    let _ = std::fs::remove_dir_all(&dir);
}
