//! Outgoing mail: SMTP when `CIRCULA_SMTP_URL` is set, otherwise the log.
//!
//! Sending never blocks a request: [`Mailer::send`] hands the message to a background task.
//! Without SMTP, each message (with the links it carries) is written to the log, and also kept
//! in an in-memory outbox that tests read.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How many messages the log mailer keeps for tests to read.
const OUTBOX_LIMIT: usize = 200;

/// One plain-text message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Log {
        outbox: Arc<Mutex<Vec<Mail>>>,
    },
}

impl Mailer {
    pub fn from_config(smtp_url: Option<&str>, from: &str) -> anyhow::Result<Mailer> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("invalid CIRCULA_SMTP_URL")?
                    .build();
                let from = from.parse().context("invalid CIRCULA_MAIL_FROM address")?;
                Ok(Mailer::Smtp { transport, from })
            }
            None => Ok(Mailer::Log {
                outbox: Arc::default(),
            }),
        }
    }

    pub fn is_enabled(&self) -> bool {
        matches!(self, Mailer::Smtp { .. })
    }

    /// Sends in the background; failures are logged.
    pub fn send(&self, mail: Mail) {
        match self {
            Mailer::Log { outbox } => {
                tracing::info!(to = %mail.to, subject = %mail.subject, "mail is off; would send:\n{}", mail.body);
                let mut outbox = outbox.lock().expect("outbox lock");
                if outbox.len() >= OUTBOX_LIMIT {
                    outbox.remove(0);
                }
                outbox.push(mail);
            }
            Mailer::Smtp { transport, from } => {
                let transport = transport.clone();
                let from = from.clone();
                tokio::spawn(async move {
                    let message = mail
                        .to
                        .parse::<Mailbox>()
                        .map_err(anyhow::Error::from)
                        .and_then(|to| {
                            Message::builder()
                                .from(from)
                                .to(to)
                                .subject(&mail.subject)
                                .body(mail.body.clone())
                                .map_err(anyhow::Error::from)
                        });
                    let result = match message {
                        Ok(message) => transport
                            .send(message)
                            .await
                            .map(drop)
                            .map_err(anyhow::Error::from),
                        Err(err) => Err(err),
                    };
                    if let Err(err) = result {
                        tracing::warn!(to = %mail.to, error = %err, "sending mail failed");
                    }
                });
            }
        }
    }

    /// Messages "sent" while mail is off, oldest first (for tests and the demo).
    pub fn outbox(&self) -> Vec<Mail> {
        match self {
            Mailer::Log { outbox } => outbox.lock().expect("outbox lock").clone(),
            Mailer::Smtp { .. } => Vec::new(),
        }
    }
}
