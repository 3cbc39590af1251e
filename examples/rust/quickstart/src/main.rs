//! The quick start in Rust, over libdevin's C ABI (devin-sys): create a
//! session, read it back, list sessions, and handle a typed error.
//!
//!     DEVIN_API_KEY=cog_emulator_org_admin DEVIN_BASE_URL=http://127.0.0.1:8080 \
//!       cargo run --release -p devin-quickstart
mod devin;

use devin::{Client, ErrorKind};

fn run() -> Result<(), devin::Error> {
    let client = Client::new(None, None, "devin-rust-quickstart/1.0")?;
    println!("libdevin {}", devin::version());

    // 1. Create a session.
    let created =
        client.call("sessions.create", r#"{"prompt":"Add a unit test for the date parser","tags":["rust"]}"#)?;
    let id = created.json().get("session_id").str().unwrap_or_default().to_owned();
    println!("created {id} {}", created.json().get("url").str().unwrap_or("-"));

    // 2. Read it back.
    let got = client.call("sessions.get", &format!(r#"{{"devin_id":"{id}"}}"#))?;
    println!("status {} (HTTP {})", got.json().get("status").str().unwrap_or("-"), got.status());

    // 3. List sessions: the first page of five.
    if let Some(page) = client.first_page("sessions.list", r#"{"first":5}"#)? {
        if page.items().is_empty() {
            println!("no sessions yet");
        }
        println!("page: {} sessions", page.items().len());
        for s in page.items().iter() {
            println!("  {} {}", s.get("session_id").str().unwrap_or("?"), s.get("status").str().unwrap_or("?"));
        }
    }

    // 4. A typed error: a session that does not exist.
    match client.call("sessions.get", r#"{"devin_id":"devin-does-not-exist"}"#) {
        Err(e) if e.kind == ErrorKind::NotFound => println!("typed error: {:?} (HTTP {})", e.kind, e.http_status),
        Err(e) => return Err(e),
        Ok(_) => {
            return Err(devin::Error {
                kind: ErrorKind::Other(-1),
                http_status: 0,
                message: "expected NotFound, the call succeeded".into(),
                request_id: None,
            })
        }
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
