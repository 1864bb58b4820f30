//! The sequence diagram: which messages become arrows and in what order, which parties get a
//! lane, where arrows start and end, the standalone SVG read back by an XML parser, and the
//! sentences a screen reader gets.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use webhook_vs_api::export::sequence::{
    label, layout, to_svg, to_text, Diagram, End, Options, Party, Window,
};
use webhook_vs_api::sim::{Config, Endpoint, HttpText, Message, Mode, Simulation, Status};

fn run(mode: Mode, clients: u32, loss: f64, seconds: u64) -> Simulation {
    let mut sim = Simulation::new(Config {
        mode,
        clients,
        rate_per_min: 12.0,
        loss,
        ..Config::default()
    })
    .unwrap();
    sim.run_until(seconds * 1000);
    sim
}

/// The diagram of one simulation, labelled with its rendered text.
fn diagram_of(sim: &Simulation, window: Window, options: Options) -> Diagram {
    layout(
        sim.messages().map(|m| ("Polling", m)),
        |_, m| label(&sim.render(m)),
        window,
        options,
    )
}

/// A real message to alter: only its stable fields are set by the tests.
fn message(id: u64, from: Endpoint, to: Endpoint, sent_ms: u64, arrives_ms: u64) -> Message {
    let sim = run(Mode::Polling, 1, 0.0, 10);
    let mut m = *sim.messages().next().expect("a poll in 10 s");
    m.id = id;
    m.from = from;
    m.to = to;
    m.sent_ms = sent_ms;
    m.arrives_ms = arrives_ms;
    m.lost = false;
    m
}

fn text(method: &'static str, path: &str, status: Option<Status>) -> HttpText {
    HttpText {
        method,
        path: path.into(),
        status,
        headers: BTreeMap::new(),
        body: String::new(),
        verdict: None,
    }
}

const WINDOW: Window = Window {
    from_ms: 1_000,
    to_ms: 11_000,
};

fn lane_x(d: &Diagram, party: Party) -> f64 {
    d.lanes
        .iter()
        .find(|l| l.party == party)
        .unwrap_or_else(|| panic!("no lane for {party:?}"))
        .x
}

#[test]
fn labels_name_method_and_path_or_status_and_reason() {
    assert_eq!(
        label(&text("GET", "/v1/orders?since=41", None)),
        "GET /v1/orders?since=41"
    );
    assert_eq!(label(&text("POST", "/webhooks", None)), "POST /webhooks");
    assert_eq!(
        label(&text("GET", "/v1/events", Some(Status::Ok))),
        "200 OK"
    );
    assert_eq!(
        label(&text("POST", "/webhooks", Some(Status::Unauthorized))),
        "401 Unauthorized"
    );
    assert_eq!(
        label(&text("POST", "/webhooks", Some(Status::ServiceUnavailable))),
        "503 Service Unavailable"
    );
}

#[test]
fn one_arrow_per_message_of_the_window_in_log_order() {
    let sim = run(Mode::Polling, 6, 0.0, 60);
    let window = Window {
        from_ms: 10_000,
        to_ms: 30_000,
    };
    let d = diagram_of(&sim, window, Options::default());
    let expected: Vec<u64> = sim
        .messages()
        .filter(|m| m.sent_ms >= 10_000 && m.sent_ms <= 30_000)
        .map(|m| m.id)
        .collect();
    assert!(expected.len() > 10, "a busy window: {}", expected.len());
    assert!(
        sim.messages().any(|m| m.sent_ms < 10_000) && sim.messages().any(|m| m.sent_ms > 30_000),
        "the run has messages on both sides of the window"
    );
    let ids: Vec<u64> = d.arrows.iter().map(|a| a.id).collect();
    assert_eq!(ids, expected);
    for pair in d.arrows.windows(2) {
        assert!(pair[0].y1 <= pair[1].y1, "time runs down");
    }
    for a in &d.arrows {
        let m = sim.messages().find(|m| m.id == a.id).unwrap();
        assert_eq!(a.label, label(&sim.render(m)));
        let expected_start = if m.kind.is_request() {
            "GET /v1/"
        } else {
            "200 OK"
        };
        assert!(a.label.starts_with(expected_start), "{}", a.label);
    }
}

#[test]
fn a_message_sent_outside_the_window_is_left_out() {
    let (c, s) = (Endpoint::Client(1), Endpoint::Server);
    let log = [
        message(1, c, s, 999, 1_050),
        message(2, c, s, 1_000, 1_050),
        message(3, c, s, 11_000, 11_050),
        message(4, c, s, 11_001, 11_050),
    ];
    let d = layout(
        log.iter().map(|m| ("Polling", m)),
        |_, m| format!("m{}", m.id),
        WINDOW,
        Options::default(),
    );
    let ids: Vec<u64> = d.arrows.iter().map(|a| a.id).collect();
    assert_eq!(ids, [2, 3]);
}

#[test]
fn lanes_are_the_server_and_the_clients_of_the_latest_messages() {
    let s = Endpoint::Server;
    // Clients 1..=6 each send once, in number order: 3 to 6 are the most recent four.
    let log: Vec<Message> = (1..=6)
        .map(|i| {
            message(
                i.into(),
                Endpoint::Client(i),
                s,
                1_000 + u64::from(i) * 500,
                2_000 + u64::from(i) * 500,
            )
        })
        .collect();
    let plain = layout(
        log.iter().map(|m| ("Webhooks", m)),
        |_, m| format!("m{}", m.id),
        WINDOW,
        Options::default(),
    );
    let parties: Vec<Party> = plain.lanes.iter().map(|l| l.party).collect();
    assert_eq!(
        parties,
        [
            Party::Server,
            Party::Client(3),
            Party::Client(4),
            Party::Client(5),
            Party::Client(6),
            Party::OtherClients
        ]
    );
    // Client 1's message is still drawn, from the shared lane.
    assert_eq!(plain.arrows.len(), 6);
    assert_eq!(plain.arrows[0].x1, lane_x(&plain, Party::OtherClients));
    assert_eq!(plain.arrows[5].x1, lane_x(&plain, Party::Client(6)));
    assert_eq!(plain.arrows[5].x2, lane_x(&plain, Party::Server));

    let with = layout(
        log.iter().map(|m| ("Webhooks", m)),
        |_, m| format!("m{}", m.id),
        WINDOW,
        Options { eavesdropper: true },
    );
    let parties: Vec<Party> = with.lanes.iter().map(|l| l.party).collect();
    assert_eq!(&parties[..2], [Party::Server, Party::Eavesdropper]);
    assert_eq!(parties.len(), 7);
    // Between the server and every client, so that every arrow crosses it.
    let eavesdropper = lane_x(&with, Party::Eavesdropper);
    assert!(lane_x(&with, Party::Server) < eavesdropper);
    assert!(eavesdropper < lane_x(&with, Party::Client(3)));
}

#[test]
fn arrows_slope_down_by_latency_and_show_loss_and_flight() {
    let (c, s) = (Endpoint::Client(2), Endpoint::Server);
    let mut lost = message(3, c, s, 5_000, 5_400);
    lost.lost = true;
    let log = [
        message(1, c, s, 2_000, 2_000),
        message(2, s, c, 3_000, 4_000),
        lost,
        message(4, c, s, 10_900, 11_100),
    ];
    let d = layout(
        log.iter().map(|m| ("Polling", m)),
        |_, m| format!("m{}", m.id),
        WINDOW,
        // The lost request crosses the eavesdropper's lane, half way to the server.
        Options { eavesdropper: true },
    );
    let (client, server) = (lane_x(&d, Party::Client(2)), lane_x(&d, Party::Server));
    let [instant, slow, lost, flying] = &d.arrows[..] else {
        panic!("four arrows: {:?}", d.arrows)
    };

    // Even a message with no latency goes visibly forward in time.
    assert_eq!(instant.end, End::Arrived);
    assert_eq!((instant.x1, instant.x2), (client, server));
    assert!(instant.y2 - instant.y1 >= 5.0, "{instant:?}");
    // A tenth of the window's 10 s is a tenth of its height: far steeper than the minimum.
    assert_eq!(slow.end, End::Arrived);
    assert_eq!((slow.x1, slow.x2), (server, client));
    let height_per_s = (slow.y2 - slow.y1) / 1.0;
    assert!(height_per_s > 4.0 * (instant.y2 - instant.y1), "{slow:?}");
    assert!(
        (slow.y1 - instant.y1 - height_per_s).abs() < 1e-6,
        "one axis"
    );
    // Lost: stops short of the server.
    assert_eq!(lost.end, End::Lost);
    assert!(
        (lost.x2 - client) * (lost.x2 - server) < 0.0,
        "between: {lost:?}"
    );
    assert!(
        d.lanes.iter().all(|l| (l.x - lost.x2).abs() > 20.0),
        "off every lane: {lost:?}"
    );
    // Still travelling at 11 s, half way through its 200 ms: drawn half way.
    assert_eq!(flying.end, End::InFlight);
    assert!(
        (flying.x2 - (client + server) / 2.0).abs() < 1e-6,
        "{flying:?}"
    );
}

#[test]
fn text_reads_the_messages_in_log_order() {
    let (c, s) = (Endpoint::Client(3), Endpoint::Server);
    let mut lost = message(9, s, c, 1_450, 1_500);
    lost.lost = true;
    let log = [
        message(7, c, s, 1_120, 1_200),
        message(8, s, c, 1_300, 1_350),
        lost,
    ];
    let labels = ["GET /v1/orders?since=4", "200 OK", "429 Too Many Requests"];
    let d = layout(
        log.iter().map(|m| ("Polling", m)),
        |_, m| labels[(m.id - 7) as usize].to_string(),
        WINDOW,
        Options::default(),
    );
    assert_eq!(
        to_text(&d),
        [
            "1.120 s: client 3 → server: GET /v1/orders?since=4",
            "1.300 s: server → client 3: 200 OK",
            "1.450 s: server → client 3: 429 Too Many Requests (lost)",
        ]
    );

    let sim = run(Mode::Webhook, 3, 0.1, 120);
    let d = diagram_of(
        &sim,
        Window {
            from_ms: 0,
            to_ms: 120_000,
        },
        Options::default(),
    );
    let lines = to_text(&d);
    let in_log: Vec<String> = sim.messages().map(|m| label(&sim.render(m))).collect();
    assert_eq!(lines.len(), in_log.len());
    for (line, label) in lines.iter().zip(&in_log) {
        let said = line
            .trim_end_matches(" (lost)")
            .trim_end_matches(" (in flight)");
        assert!(said.ends_with(&format!(": {label}")), "{line} / {label}");
    }
    assert!(lines.iter().any(|l| l.ends_with(" (lost)")), "10 % loss");
}

#[test]
fn svg_is_a_standalone_document_with_every_label_escaped() {
    let sim = run(Mode::Webhook, 5, 0.1, 120);
    // Labels full of XML's special characters, one per message.
    let d = layout(
        sim.messages().map(|m| ("Webhooks <&> \"live\"", m)),
        |_, m| format!("<{}> & \"{}\" 'x'", m.id, label(&sim.render(m))),
        Window {
            from_ms: 0,
            to_ms: 120_000,
        },
        Options { eavesdropper: true },
    );
    assert!(d.arrows.len() > 10);
    assert!(d.arrows.iter().any(|a| a.end == End::Lost), "10 % loss");
    let svg = to_svg(&d);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(root.attribute("viewBox").is_some());
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no <{name}>"))
            .to_string()
    };
    assert!(child_text("title").contains("Webhooks <&> \"live\""));
    assert_eq!(child_text("desc"), to_text(&d).join("\n"));

    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for a in &d.arrows {
        assert!(texts.contains(&a.label.as_str()), "{} missing", a.label);
        assert!(!svg.contains(&a.label), "{} unescaped", a.label);
        let group = doc
            .descendants()
            .find(|n| n.attribute("data-message-id") == Some(a.id.to_string().as_str()))
            .expect("a group per arrow");
        assert!(group
            .descendants()
            .any(|n| n.text() == Some(a.label.as_str())));
    }
    for lane in ["server", "eavesdropper"] {
        assert!(texts.contains(&lane), "lane {lane}");
    }

    // Nothing from elsewhere; a light background; no text under 14 px.
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in node.attributes() {
            assert!(!attr.name().contains("href"), "{attr:?}");
            let value = attr.value();
            assert!(
                !value.contains("http") || attr.name() == "xmlns",
                "{attr:?}"
            );
            assert!(
                !value.contains("url(") || value.starts_with("url(#"),
                "{attr:?}"
            );
        }
        if let Some(size) = node.attribute("font-size") {
            assert!(size.parse::<f64>().unwrap() >= 14.0, "{size}");
        }
    }
    assert_eq!(root.attribute("font-size"), Some("14"));
    let background = root
        .children()
        .find(|n| n.has_tag_name("rect"))
        .expect("background");
    assert_eq!(background.attribute("fill"), Some("#ffffff"));
}

#[test]
fn compare_puts_both_stages_on_one_time_axis() {
    let polling = run(Mode::Polling, 3, 0.0, 60);
    let webhooks = run(Mode::Webhook, 3, 0.0, 60);
    let sims = [&polling, &webhooks];
    let window = Window {
        from_ms: 0,
        to_ms: 60_000,
    };
    let d = layout(
        polling
            .messages()
            .map(|m| ("Polling", m))
            .chain(webhooks.messages().map(|m| ("Webhooks", m))),
        |stage, m| label(&sims[stage].render(m)),
        window,
        Options::default(),
    );
    assert_eq!(d.stages, ["Polling", "Webhooks"]);
    let right_of_polling = d
        .lanes
        .iter()
        .filter(|l| l.stage == 0)
        .map(|l| l.x)
        .fold(f64::MIN, f64::max);
    assert!(d
        .lanes
        .iter()
        .filter(|l| l.stage == 1)
        .all(|l| l.x > right_of_polling));
    assert!(d
        .arrows
        .iter()
        .any(|a| a.stage == 0 && a.label.starts_with("GET")));
    assert!(d
        .arrows
        .iter()
        .any(|a| a.stage == 1 && a.label == "POST /webhooks"));
    for a in &d.arrows {
        let lanes: Vec<f64> = d
            .lanes
            .iter()
            .filter(|l| l.stage == a.stage)
            .map(|l| l.x)
            .collect();
        assert!(lanes.contains(&a.x1), "arrow {} starts on its stage", a.id);
    }
    // One axis: an instant has one height, whichever stage it is in.
    for a in &d.arrows {
        for b in &d.arrows {
            assert_eq!(a.sent_ms.cmp(&b.sent_ms), a.y1.total_cmp(&b.y1));
        }
    }
    assert!(d.arrows.iter().any(|a| a.stage == 0) && d.arrows.iter().any(|a| a.stage == 1));
    assert!(to_text(&d).iter().any(|l| l.starts_with("Webhooks, ")));
}

#[test]
fn an_empty_or_reversed_window_draws_lanes_and_no_arrow() {
    let sim = run(Mode::Webhook, 3, 0.0, 60);
    for window in [
        Window {
            from_ms: 90_000,
            to_ms: 100_000,
        },
        Window {
            from_ms: 30_000,
            to_ms: 20_000,
        },
    ] {
        let d = layout(
            sim.messages().map(|m| ("Webhooks", m)),
            |_, m| label(&sim.render(m)),
            window,
            Options::default(),
        );
        assert!(d.arrows.is_empty());
        assert!(to_text(&d).is_empty());
        let parties: Vec<Party> = d.lanes.iter().map(|l| l.party).collect();
        assert_eq!(parties, [Party::Server]);
        let svg = to_svg(&d);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let desc = doc
            .descendants()
            .find(|n| n.has_tag_name("desc"))
            .and_then(|n| n.text());
        assert_eq!(desc, Some("No message was sent in this time span."));
    }
}
