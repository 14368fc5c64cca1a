//! Waking long polls. Each server process keeps the newest committed seq it knows of in a
//! `watch` channel, fed by two sources: one LISTEN connection (NOTIFY is sent inside each
//! writing transaction, so it arrives after commit) and a re-check of the counter every
//! `recheck` (so a lost notification, a listener reconnecting, or another server's write that
//! was never announced costs at most that long). A notification only wakes: the waiter then
//! reads the changes from the database.
use crate::db::CHANNEL;
use deadpool_postgres::Pool;
use futures_util::future::poll_fn;
use std::time::Duration;
use tokio::sync::watch;
use tokio_postgres::{AsyncMessage, NoTls};

pub struct Wake {
    tx: watch::Sender<i64>,
}

impl Wake {
    pub fn new() -> Wake {
        Wake {
            tx: watch::Sender::new(0),
        }
    }

    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.tx.subscribe()
    }

    fn saw(&self, seq: i64) {
        self.tx.send_if_modified(|latest| {
            if seq > *latest {
                *latest = seq;
                true
            } else {
                false
            }
        });
    }

    /// Re-reads the counter every `every` until `stop` fires.
    pub async fn recheck(&self, pool: Pool, every: Duration, mut stop: watch::Receiver<bool>) {
        let mut failing = false;
        loop {
            match read_counter(&pool).await {
                Ok(seq) => {
                    if failing {
                        tracing::info!("database reachable again");
                        failing = false;
                    }
                    self.saw(seq);
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "cannot read the change counter");
                        failing = true;
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// Keeps one LISTEN connection open (reconnecting after a second when it drops) until
    /// `stop` fires.
    pub async fn listen(&self, config: tokio_postgres::Config, mut stop: watch::Receiver<bool>) {
        loop {
            match config.connect(NoTls).await {
                Ok((client, mut connection)) => {
                    let (note_tx, mut note_rx) = tokio::sync::mpsc::unbounded_channel();
                    let driver = tokio::spawn(async move {
                        while let Some(message) = poll_fn(|cx| connection.poll_message(cx)).await {
                            match message {
                                Ok(AsyncMessage::Notification(n)) => {
                                    if note_tx.send(n.payload().to_string()).is_err() {
                                        return;
                                    }
                                }
                                Ok(_) => {}
                                Err(_) => return,
                            }
                        }
                    });
                    if client
                        .batch_execute(&format!("LISTEN {CHANNEL}"))
                        .await
                        .is_ok()
                    {
                        tracing::debug!("listening for changes");
                        loop {
                            tokio::select! {
                                payload = note_rx.recv() => match payload {
                                    Some(p) => {
                                        if let Ok(seq) = p.parse::<i64>() {
                                            self.saw(seq);
                                        }
                                    }
                                    None => break,
                                },
                                _ = stop.changed() => {
                                    driver.abort();
                                    return;
                                }
                            }
                        }
                    }
                    driver.abort();
                    tracing::debug!("the LISTEN connection dropped; reconnecting");
                }
                Err(e) => {
                    tracing::debug!(error = %crate::error::db_message(&e), "cannot LISTEN yet")
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = stop.changed() => return,
            }
        }
    }
}

impl Default for Wake {
    fn default() -> Self {
        Wake::new()
    }
}

async fn read_counter(pool: &Pool) -> Result<i64, String> {
    let client = pool.get().await.map_err(|e| e.to_string())?;
    let row = client
        .query_one("SELECT value FROM seq_counter WHERE id = 1", &[])
        .await
        .map_err(|e| crate::error::db_message(&e))?;
    Ok(row.get(0))
}
