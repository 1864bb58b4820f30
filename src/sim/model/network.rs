//! The network and the wire: latency, loss, the bounded log of messages, the observer and the
//! canonical transcript of every message sent.

use sha2::{Digest, Sha256};

use super::{Simulation, LOG_CAPACITY};
use crate::sim::message::{self, estimated_bytes, Endpoint, Message, MessageKind, Payload, Status};

/// A message about to be put on the network by [`Simulation::send`].
#[derive(Clone, Copy)]
pub(super) struct Outgoing {
    pub(super) kind: MessageKind,
    pub(super) from: Endpoint,
    pub(super) client: u32,
    pub(super) sent: u64,
    /// HTTP status of a response; `None` for requests.
    pub(super) status: Option<Status>,
    pub(super) payload: Payload,
}

impl Outgoing {
    /// `GET /v1/events?after=<after>` from `client`, sent at `sent`.
    pub(super) fn poll(client: u32, after: u32, api_key: bool, sent: u64) -> Self {
        let payload = Payload::Poll { after, api_key };
        Self::request(MessageKind::PollRequest, client, sent, payload)
    }

    /// A request from `client` to the server, sent at `sent`.
    pub(super) fn request(kind: MessageKind, client: u32, sent: u64, payload: Payload) -> Self {
        Outgoing {
            kind,
            from: Endpoint::Client(client),
            client,
            sent,
            status: None,
            payload,
        }
    }

    /// A response from the server to `client`.
    pub(super) fn response(
        kind: MessageKind,
        client: u32,
        sent: u64,
        status: Status,
        payload: Payload,
    ) -> Self {
        Outgoing {
            kind,
            from: Endpoint::Server,
            client,
            sent,
            status: Some(status),
            payload,
        }
    }
}

/// Receives every message as it is created (no text built).
pub type MessageObserver = Box<dyn FnMut(&Message)>;
/// Receives every canonical transcript line (without the newline).
pub type TranscriptSink = Box<dyn FnMut(&str)>;

/// The running hash of the transcript, and where its lines go.
pub(super) struct Transcript {
    hasher: Sha256,
    sink: Option<TranscriptSink>,
}

impl Simulation {
    /// Records the canonical transcript of every message from now on: a running SHA-256, and
    /// each JSON line given to `sink` if there is one. Builds text for every message, so leave
    /// it off for fast-forwards.
    pub fn record_transcript(&mut self, sink: Option<TranscriptSink>) {
        self.transcript = Some(Transcript {
            hasher: Sha256::new(),
            sink,
        });
    }

    /// Hex SHA-256 of the transcript lines so far (each followed by `\n`), if recording.
    pub fn transcript_sha256(&self) -> Option<String> {
        self.transcript
            .as_ref()
            .map(|t| hex::encode(t.hasher.clone().finalize()))
    }

    /// Puts a message on the network between a client and the server.
    pub(super) fn send(&mut self, o: Outgoing) -> (u64, bool) {
        let to = match o.from {
            Endpoint::Server => Endpoint::Client(o.client),
            Endpoint::Client(_) | Endpoint::Eavesdropper => Endpoint::Server,
        };
        self.send_to(o, to)
    }

    /// Puts a message on the network to `to`: latency, loss, the log, the counters and the
    /// transcript.
    pub(super) fn send_to(&mut self, o: Outgoing, to: Endpoint) -> (u64, bool) {
        let Outgoing {
            kind,
            from,
            client,
            sent,
            status,
            payload,
        } = o;
        let cfg = &self.cfg;
        let jitter = if cfg.latency_jitter_ms > 0 {
            self.net.up_to(cfg.latency_jitter_ms)
        } else {
            0
        };
        let arrives = sent + cfg.latency_ms + jitter;
        let mut lost = self.net.chance(cfg.loss);
        if !lost && matches!(kind, MessageKind::Ack | MessageKind::Failure) {
            lost = self.net.chance(self.ack_loss());
        }
        let bytes = estimated_bytes(kind, payload, self.behaviour.thin);
        let m = Message {
            id: self.next_msg_id,
            kind,
            from,
            to,
            sent_ms: sent,
            arrives_ms: arrives,
            lost,
            status,
            client,
            payload,
            bytes,
        };
        self.next_msg_id += 1;
        let mt = &mut self.metrics;
        mt.counters.messages += 1;
        mt.counters.bytes += bytes as u64;
        if lost {
            mt.counters.messages_lost += 1;
        }
        if kind.is_request() {
            mt.counters.requests += 1;
            mt.series.bucket(self.now).requests += 1;
        }
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(m);
        if to == Endpoint::Eavesdropper {
            self.eavesdrop.tally.count(&m);
        }
        if let Some(f) = self.observer.as_mut() {
            f(&m);
        }
        if self.transcript.is_some() {
            let line = message::transcript_line(&m, &self.render(&m));
            if let Some(tr) = self.transcript.as_mut() {
                tr.hasher.update(line.as_bytes());
                tr.hasher.update(b"\n");
                if let Some(sink) = tr.sink.as_mut() {
                    sink(&line);
                }
            }
        }
        (arrives, lost)
    }
}
